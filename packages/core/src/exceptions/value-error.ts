import { markErrorClass } from "../internal/error-marker.js";

/**
 * An argument has the right type but an unacceptable value: mirrors Python's builtin
 * `ValueError` (e.g. `new Semaphore(-1)`, an `ExceptionGroup` with no exceptions).
 * JavaScript's own `TypeError` stands for Python's `TypeError`.
 *
 * @example
 * ```ts
 * new Semaphore(-1); // throws ValueError("Semaphore initial value must be >= 0")
 * ```
 */
export class ValueError extends Error {
  /** Whether `value` is a `ValueError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ValueError;

  static {
    markErrorClass(this, "ValueError");
  }
}
