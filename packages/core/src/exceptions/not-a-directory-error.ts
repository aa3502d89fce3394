import { markErrorClass } from "../internal/error-marker.js";
import { OSError } from "./os-error.js";

/**
 * A directory was expected (`ENOTDIR`): mirrors Python's builtin `NotADirectoryError`, raised
 * for example by `createSubprocessExec` when `cwd` is a file:
 * `"[Errno 20] Not a directory: '/etc/passwd'"`.
 *
 * @example
 * ```ts
 * try {
 *   await createSubprocessExec("ls", { cwd: "/etc/passwd" });
 * } catch (error) {
 *   if (!NotADirectoryError.isInstance(error)) throw error;
 *   console.log(error.errno); // 20
 * }
 * ```
 */
export class NotADirectoryError extends OSError {
  /** Whether `value` is a `NotADirectoryError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is NotADirectoryError;

  static {
    markErrorClass(this, "NotADirectoryError");
  }
}
