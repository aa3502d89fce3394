import { markErrorClass } from "../internal/error-marker.js";
import { OSError } from "./os-error.js";

/**
 * Not allowed (`EACCES`, `EPERM`): mirrors Python's builtin `PermissionError`, raised for
 * example by `createSubprocessExec` for a program that is not executable:
 * `"[Errno 13] Permission denied: '/etc/passwd'"`.
 *
 * @example
 * ```ts
 * try {
 *   await createSubprocessExec("/etc/passwd");
 * } catch (err) {
 *   if (err instanceof PermissionError) console.log(err.errno, err.filename); // 13 "/etc/passwd"
 * }
 * ```
 */
export class PermissionError extends OSError {
  /** Whether `value` is a `PermissionError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is PermissionError;

  static {
    markErrorClass(this, "PermissionError");
  }
}
