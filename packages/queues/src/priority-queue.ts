import { HeapStore } from "./internal/heap-store.js";
import type { ItemStore } from "./internal/item-store.js";
import { pythonLess } from "./internal/python-order.js";
import { Queue, type QueueOptions } from "./queue.js";

/** Options of the {@link PriorityQueue} constructor. */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * Orders the items instead of Python's `<`: negative when `a` comes before `b`, as the
   * comparator of `Array.prototype.sort`. Needed for items Python's order does not cover
   * (objects, dates, ...). It may throw to refuse an item; the queue is then left unchanged.
   */
  readonly compare?: (a: T, b: T) => number;
}

/**
 * A {@link Queue} that hands out the smallest item first, as Python's
 * `asyncio.PriorityQueue` (a `heapq` heap, same order as CPython, ties included).
 *
 * Without a `compare` option, items are ordered as Python orders its values: numbers,
 * bigints (and booleans, Python's 0 and 1) by value, strings by code point, and arrays as
 * Python orders tuples, element by element: `[priority, data]` entries work as in Python.
 * Items that cannot be compared (a number and a string, `null`, objects) make `put` throw
 * `TypeError`, as Python's `'<' not supported between instances of ...`, and the queue is left
 * unchanged. Only the items an operation actually compares are checked: two items that never
 * met at `put` may still meet later, and `get` then fails with `TypeError` and leaves the
 * queue unchanged. Equality inside arrays is by value for numbers, strings and arrays, by
 * identity for anything else.
 *
 * @typeParam T - the type of the items.
 * @example
 * ```ts
 * const jobs = new PriorityQueue<[number, string]>();
 * jobs.putNowait([2, "write report"]);
 * jobs.putNowait([1, "fix bug"]);
 * jobs.getNowait(); // [1, "fix bug"]
 *
 * const byDeadline = new PriorityQueue<{ deadline: Date }>({
 *   maxsize: 100,
 *   compare: (a, b) => a.deadline.getTime() - b.deadline.getTime(),
 * });
 * ```
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /**
   * @param maxsize - the capacity (0 or less: unbounded), or the options object.
   * @param options - `{ compare }` when `maxsize` is given as a number.
   */
  constructor(maxsize: number | PriorityQueueOptions<T> = 0, options: PriorityQueueOptions<T> = {}) {
    super(typeof maxsize === "object" && maxsize !== null ? maxsize : { ...options, maxsize });
  }

  /** @internal */
  override _createStore(options: PriorityQueueOptions<T>): ItemStore<T> {
    const compare = options.compare;
    if (compare === undefined) return new HeapStore<T>(pythonLess);
    if (typeof compare !== "function") throw new TypeError(`compare must be a function, got ${typeof compare}`);
    return new HeapStore<T>((a, b) => compare(a, b) < 0);
  }
}
