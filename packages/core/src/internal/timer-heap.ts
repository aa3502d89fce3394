/** What the heap orders: a deadline, and a sequence number that breaks ties in scheduling order. */
export interface HeapEntry {
  readonly deadline: number;
  readonly sequence: number;
}

function before(left: HeapEntry, right: HeapEntry): boolean {
  return left.deadline < right.deadline || (left.deadline === right.deadline && left.sequence < right.sequence);
}

/** A binary min-heap of timers, earliest deadline first, ties in the order they were scheduled. */
export class TimerHeap<T extends HeapEntry> {
  private entries: T[] = [];

  get size(): number {
    return this.entries.length;
  }

  peek(): T | undefined {
    return this.entries[0];
  }

  push(entry: T): void {
    const entries = this.entries;
    let index = entries.push(entry) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEntry = entries[parent] as T;
      if (!before(entry, parentEntry)) break;
      entries[index] = parentEntry;
      index = parent;
    }
    entries[index] = entry;
  }

  pop(): T | undefined {
    const entries = this.entries;
    const top = entries[0];
    const last = entries.pop();
    if (entries.length > 0 && last !== undefined) this.siftDown(last);
    return top;
  }

  /** Keeps only the entries that pass, and restores the heap: O(n). */
  retain(keep: (entry: T) => boolean): void {
    this.entries = this.entries.filter(keep);
    for (let index = (this.entries.length >> 1) - 1; index >= 0; index--) {
      this.siftDownFrom(index);
    }
  }

  clear(): void {
    this.entries = [];
  }

  private siftDown(entry: T): void {
    this.entries[0] = entry;
    this.siftDownFrom(0);
  }

  private siftDownFrom(start: number): void {
    const entries = this.entries;
    const length = entries.length;
    const entry = entries[start] as T;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && before(entries[right] as T, entries[left] as T)) child = right;
      const childEntry = entries[child] as T;
      if (!before(childEntry, entry)) break;
      entries[index] = childEntry;
      index = child;
    }
    entries[index] = entry;
  }
}
