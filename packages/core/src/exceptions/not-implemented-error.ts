import { markErrorClass } from "../internal/error-marker.js";
import { RuntimeError } from "./runtime-error.js";

/**
 * An abstract method was called, or an operation is not supported by this object: mirrors
 * Python's builtin `NotImplementedError` (a subclass of {@link RuntimeError}, as in Python).
 * The abstract transport and protocol classes raise it, and `transport.writeEof()` raises it on
 * a TLS transport, which cannot half-close.
 *
 * @example
 * ```ts
 * try {
 *   transport.pauseReading();
 * } catch (err) {
 *   if (err instanceof NotImplementedError) console.log("this transport cannot pause");
 *   else throw err;
 * }
 * ```
 */
export class NotImplementedError extends RuntimeError {
  /** Whether `value` is a `NotImplementedError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is NotImplementedError;

  static {
    markErrorClass(this, "NotImplementedError");
  }
}
