import { markErrorClass } from "../internal/error-marker.js";
import { RuntimeError } from "./runtime-error.js";

/**
 * The transport or socket cannot send a file natively: mirrors Python's
 * `asyncio.SendfileNotAvailableError`, a subclass of {@link RuntimeError}. asyncio-ts has no
 * `loop.sendfile()` yet (Node offers no zero-copy send); the class exists so code ported from
 * Python that catches it keeps compiling.
 *
 * @example
 * ```ts
 * const error = new SendfileNotAvailableError("os.sendfile() is not available");
 * error instanceof RuntimeError; // true
 * SendfileNotAvailableError.isInstance(error); // true
 * ```
 */
export class SendfileNotAvailableError extends RuntimeError {
  /**
   * Whether `value` is a `SendfileNotAvailableError`, made by this or any other copy of
   * asyncio-ts.
   */
  declare static isInstance: (value: unknown) => value is SendfileNotAvailableError;

  static {
    markErrorClass(this, "SendfileNotAvailableError");
  }
}
