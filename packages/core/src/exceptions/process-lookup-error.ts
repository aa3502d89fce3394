import { markErrorClass } from "../internal/error-marker.js";
import { OSError } from "./os-error.js";

/**
 * No such process (`ESRCH`): mirrors Python's builtin `ProcessLookupError`. A subprocess
 * transport (and `Process.sendSignal`, `terminate`, `kill`) raises it once the child has
 * exited and the transport has finished, as Python 3.12 does.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessExec("true");
 * await proc.wait();
 * try {
 *   proc.kill();
 * } catch (err) {
 *   console.log(err instanceof ProcessLookupError); // true
 * }
 * ```
 */
export class ProcessLookupError extends OSError {
  /** Whether `value` is a `ProcessLookupError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ProcessLookupError;

  static {
    markErrorClass(this, "ProcessLookupError");
  }
}
