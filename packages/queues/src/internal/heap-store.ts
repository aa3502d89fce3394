import type { ItemStore } from "./item-store.js";

/** Strict "less than" between two items; may throw when they cannot be compared. */
export type LessThan<T> = (a: T, b: T) => boolean;

/**
 * A binary min-heap laid out as Python's `heapq` lays it out (same sift rules, same
 * positions), so items come out in the order CPython's `PriorityQueue` gives, ties included.
 *
 * Unlike `heapq`, every comparison of a push or a pop is made before anything moves: when a
 * comparison throws (items that cannot be compared), the heap is left exactly as it was.
 *
 * @internal
 */
export class HeapStore<T> implements ItemStore<T> {
  private items: T[] = [];

  constructor(private readonly less: LessThan<T>) {}

  get size(): number {
    return this.items.length;
  }

  /** `heapq.heappush`: append, then move the new item up past every larger parent. */
  push(item: T): void {
    const heap = this.items;
    const start = heap.length;
    let target = start;
    while (target > 0) {
      const parent = (target - 1) >> 1;
      if (!this.less(item, heap[parent] as T)) break;
      target = parent;
    }
    // Comparisons done: now move the parents on the path down one level each.
    heap.push(item);
    let position = start;
    while (position > target) {
      const parent = (position - 1) >> 1;
      heap[position] = heap[parent] as T;
      position = parent;
    }
    heap[target] = item;
  }

  /**
   * `heapq.heappop`: the last item replaces the root, the smaller child moves up level by
   * level to a leaf (`_siftup`), then the last item moves back up while it is smaller than
   * its parent (`_siftdown`). The path is planned first, then applied.
   */
  pop(): T {
    const heap = this.items;
    const end = heap.length - 1;
    const last = heap[end] as T;
    if (end === 0) {
      heap.pop();
      return last;
    }
    // The descent reads only children that nothing has moved yet, so it can be planned
    // on the unchanged heap. Positions at or past `end` are gone once `last` is taken.
    const path = [0];
    let child = 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !this.less(heap[child] as T, heap[right] as T)) child = right;
      path.push(child);
      child = 2 * child + 1;
    }
    // After the descent, position path[k - 1] holds heap[path[k]]: `last` settles at the
    // deepest step k where it is not smaller than that value.
    let settle = path.length - 1;
    while (settle > 0 && this.less(last, heap[path[settle] as number] as T)) settle--;
    const top = heap[0] as T;
    for (let step = 0; step < settle; step++) {
      heap[path[step] as number] = heap[path[step + 1] as number] as T;
    }
    heap[path[settle] as number] = last;
    heap.pop();
    return top;
  }

  clear(): void {
    this.items = [];
  }

  toArray(): T[] {
    return this.items.slice();
  }
}
