import { markErrorClass } from "../internal/error-marker.js";

/**
 * A separator was not found within the reader's buffer limit: mirrors Python's
 * `asyncio.LimitOverrunError`, raised by `reader.readuntil()` and `reader.readline()`.
 *
 * @example
 * ```ts
 * try {
 *   await reader.readuntil("\r\n");
 * } catch (err) {
 *   if (err instanceof LimitOverrunError) await reader.readexactly(err.consumed); // skip it
 *   else throw err;
 * }
 * ```
 */
export class LimitOverrunError extends Error {
  /** Whether `value` is a `LimitOverrunError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is LimitOverrunError;

  static {
    markErrorClass(this, "LimitOverrunError");
  }

  /** The number of bytes to consume to get past the overrun (Python's `consumed`). */
  readonly consumed: number;

  /**
   * @param message - what went wrong
   * @param consumed - the number of bytes to consume
   * @param options - standard `Error` options (`cause`)
   */
  constructor(message: string, consumed: number, options?: ErrorOptions) {
    super(message, options);
    this.consumed = consumed;
  }
}
