import { markErrorClass } from "../internal/error-marker.js";

/**
 * An error that fits no other category: mirrors Python's builtin `RuntimeError`, which asyncio
 * raises for misuse such as running a loop that is already running or calling
 * `getRunningLoop()` with no running loop. Base class of {@link BrokenBarrierError} and
 * {@link SendfileNotAvailableError}, as in Python.
 *
 * @example
 * ```ts
 * try {
 *   getRunningLoop();
 * } catch (err) {
 *   console.log(err instanceof RuntimeError, (err as Error).message); // true "no running event loop"
 * }
 * ```
 */
export class RuntimeError extends Error {
  /**
   * Whether `value` is a `RuntimeError` (or a subclass such as `BrokenBarrierError`), made by
   * this or any other copy of asyncio-ts.
   */
  declare static isInstance: (value: unknown) => value is RuntimeError;

  static {
    markErrorClass(this, "RuntimeError");
  }
}
