import { markErrorClass } from "../internal/error-marker.js";

/**
 * The user pressed Ctrl-C: mirrors Python's builtin `KeyboardInterrupt`. `run(main)` rejects
 * with it after a SIGINT cancelled the main task, as `asyncio.run` raises it in Python.
 *
 * It extends `Error` (JavaScript has no `BaseException`).
 *
 * @example
 * ```ts
 * run(main).catch((err) => {
 *   if (err instanceof KeyboardInterrupt) process.exitCode = 130;
 *   else throw err;
 * });
 * ```
 */
export class KeyboardInterrupt extends Error {
  /** Whether `value` is a `KeyboardInterrupt`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is KeyboardInterrupt;

  static {
    markErrorClass(this, "KeyboardInterrupt");
  }
}
