import { markErrorClass } from "../internal/error-marker.js";

/**
 * `put`/`get` was called on a queue that has been shut down: mirrors Python's
 * `asyncio.QueueShutDown` (Python 3.13).
 *
 * @example
 * ```ts
 * queue.shutdown();
 * await queue.put(1); // throws QueueShutDown
 * ```
 */
export class QueueShutDown extends Error {
  /** Whether `value` is a `QueueShutDown`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is QueueShutDown;

  static {
    markErrorClass(this, "QueueShutDown");
  }
}
