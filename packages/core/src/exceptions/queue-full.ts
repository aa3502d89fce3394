import { markErrorClass } from "../internal/error-marker.js";

/**
 * `queue.putNowait()` was called on a queue that has reached its `maxsize`: mirrors Python's
 * `asyncio.QueueFull`.
 *
 * @example
 * ```ts
 * const queue = new Queue<number>(1);
 * queue.putNowait(1);
 * queue.putNowait(2); // throws QueueFull
 * ```
 */
export class QueueFull extends Error {
  /** Whether `value` is a `QueueFull`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is QueueFull;

  static {
    markErrorClass(this, "QueueFull");
  }
}
