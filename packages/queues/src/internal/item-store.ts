/**
 * Where a queue keeps its items: the one part that differs between `Queue` (FIFO),
 * `LifoQueue` and `PriorityQueue` (CPython's overridable `_init`, `_put` and `_get`).
 *
 * `push` and `pop` either complete or throw with the store unchanged, so a failed comparison
 * in a priority queue cannot leave it half updated.
 *
 * @internal
 */
export interface ItemStore<T> {
  /** How many items are stored. */
  readonly size: number;
  /** Adds an item. */
  push(item: T): void;
  /** Removes and returns the next item; only called when `size > 0`. */
  pop(): T;
  /** Removes every item. */
  clear(): void;
  /** The items in storage order, for `toString()`. */
  toArray(): T[];
}
