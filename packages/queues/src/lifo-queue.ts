import { LifoStore } from "./internal/lifo-store.js";
import type { ItemStore } from "./internal/item-store.js";
import { Queue, type QueueOptions } from "./queue.js";

/**
 * A {@link Queue} that hands out the most recently added item first, as Python's
 * `asyncio.LifoQueue`. Waiting, cancellation, `taskDone`/`join` and `shutdown` work as in
 * `Queue`.
 *
 * @typeParam T - the type of the items.
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * for (const item of [1, 3, 2]) stack.putNowait(item);
 * [stack.getNowait(), stack.getNowait(), stack.getNowait()]; // [2, 3, 1]
 * ```
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /** @internal */
  override _createStore(_options: QueueOptions): ItemStore<T> {
    return new LifoStore<T>();
  }
}
