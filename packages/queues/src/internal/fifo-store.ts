import type { ItemStore } from "./item-store.js";

/**
 * First in, first out, on a growable ring buffer: O(1) at both ends, where
 * `Array.prototype.shift` costs O(n) on a long queue (CPython uses a `deque`).
 *
 * @internal
 */
export class FifoStore<T> implements ItemStore<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  pop(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  clear(): void {
    this.items = new Array(16);
    this.head = 0;
    this.count = 0;
  }

  toArray(): T[] {
    const result: T[] = [];
    for (let index = 0; index < this.count; index++) {
      result.push(this.items[(this.head + index) & (this.items.length - 1)] as T);
    }
    return result;
  }

  private grow(): void {
    // The capacity stays a power of two, so `& (length - 1)` wraps indexes.
    const grown: (T | undefined)[] = new Array(this.items.length * 2);
    for (let index = 0; index < this.count; index++) {
      grown[index] = this.items[(this.head + index) & (this.items.length - 1)];
    }
    this.items = grown;
    this.head = 0;
  }
}
