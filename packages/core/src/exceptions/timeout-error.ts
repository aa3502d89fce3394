import { markErrorClass } from "../internal/error-marker.js";

/**
 * The operation exceeded its deadline: mirrors Python's `TimeoutError`, which
 * `asyncio.TimeoutError` is an alias of since Python 3.11 (raised by `waitFor` and `timeout`).
 *
 * It extends `Error` directly (Python's `OSError` base has no counterpart here). Note that a
 * `DOMException` from `AbortSignal.timeout()` also has the name `"TimeoutError"` but is not
 * an instance of this class.
 *
 * @example
 * ```ts
 * try {
 *   await waitFor(() => slowCall(), 1);
 * } catch (err) {
 *   if (err instanceof TimeoutError) console.log("gave up after 1 s");
 *   else throw err;
 * }
 * ```
 */
export class TimeoutError extends Error {
  /** Whether `value` is a `TimeoutError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is TimeoutError;

  static {
    markErrorClass(this, "TimeoutError");
  }
}
