import { markErrorClass } from "../internal/error-marker.js";

/**
 * The stream ended before the requested bytes arrived: mirrors Python's
 * `asyncio.IncompleteReadError`, raised by `reader.readexactly()` and `reader.readuntil()`.
 * The message is Python's: `"3 bytes read on a total of 10 expected bytes"`.
 *
 * It extends `Error` directly (Python's `EOFError` base has no counterpart here).
 *
 * @example
 * ```ts
 * try {
 *   await reader.readexactly(10);
 * } catch (err) {
 *   if (err instanceof IncompleteReadError) console.log(err.partial.length, "of", err.expected);
 *   else throw err;
 * }
 * ```
 */
export class IncompleteReadError extends Error {
  /** Whether `value` is an `IncompleteReadError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is IncompleteReadError;

  static {
    markErrorClass(this, "IncompleteReadError");
  }

  /** The bytes read before the end of the stream (Python's `partial`). */
  readonly partial: Uint8Array;
  /** The number of bytes expected, or `null` when unknown, as with `readuntil` (Python's `expected`). */
  readonly expected: number | null;

  /**
   * @param partial - the bytes read before the end of the stream
   * @param expected - the number of bytes expected, or `null` when unknown
   * @param options - standard `Error` options (`cause`)
   */
  constructor(partial: Uint8Array, expected: number | null, options?: ErrorOptions) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? "undefined" : expected} expected bytes`,
      options,
    );
    this.partial = partial;
    this.expected = expected;
  }
}
