import { markErrorClass } from "../internal/error-marker.js";

/**
 * An operation is not allowed in the object's current state: mirrors Python's
 * `asyncio.InvalidStateError`, e.g. `future.result()` on a pending Future or
 * `future.setResult()` on a done one.
 *
 * @example
 * ```ts
 * const fut = loop.createFuture<number>();
 * fut.setResult(1);
 * fut.setResult(2); // throws InvalidStateError
 * ```
 */
export class InvalidStateError extends Error {
  /** Whether `value` is an `InvalidStateError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is InvalidStateError;

  static {
    markErrorClass(this, "InvalidStateError");
  }
}
