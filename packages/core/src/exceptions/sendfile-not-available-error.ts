import { markErrorClass } from "../internal/error-marker.js";
import { RuntimeError } from "./runtime-error.js";

/**
 * The transport or socket cannot send a file natively: mirrors Python's
 * `asyncio.SendfileNotAvailableError`, a subclass of {@link RuntimeError}. `loop.sendfile()`
 * falls back to reading and writing unless asked not to, in which case it throws this.
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
