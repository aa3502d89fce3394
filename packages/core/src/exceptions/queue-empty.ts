import { markErrorClass } from "../internal/error-marker.js";

/**
 * `queue.getNowait()` was called on an empty queue: mirrors Python's `asyncio.QueueEmpty`.
 *
 * @example
 * ```ts
 * try {
 *   queue.getNowait();
 * } catch (err) {
 *   if (!(err instanceof QueueEmpty)) throw err;
 * }
 * ```
 */
export class QueueEmpty extends Error {
  /** Whether `value` is a `QueueEmpty`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is QueueEmpty;

  static {
    markErrorClass(this, "QueueEmpty");
  }
}
