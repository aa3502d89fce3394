import type { ItemStore } from "./item-store.js";

/**
 * Last in, first out: a plain array used as a stack.
 *
 * @internal
 */
export class LifoStore<T> implements ItemStore<T> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  pop(): T {
    return this.items.pop() as T;
  }

  clear(): void {
    this.items = [];
  }

  toArray(): T[] {
    return this.items.slice();
  }
}
