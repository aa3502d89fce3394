/**
 * The waiters of a primitive, oldest first: a `Set`'s operations (`add`, `delete`, `has`,
 * `size`, `clear`, iteration in insertion order, deletion while iterating), each O(1) amortized.
 * The sync and queues packages keep their {@link Waiter}s in one; a primitive of your own can too.
 *
 * Not a `Set`: waiters leave mostly from the front, and V8 leaves a deleted entry of a `Set` as
 * a hole until its table is rebuilt on growth, so finding the first waiter would walk past as
 * many holes as the set once held. Here a removed slot is skipped once, and the array is cut
 * when half of it is behind the first waiter.
 *
 * @example
 * ```ts
 * const waiters = new WaiterQueue<Waiter<void>>();
 * waiters.add(waiter);
 * waiters.first()?.wake(); // the oldest
 * waiters.delete(waiter);
 * ```
 */
export class WaiterQueue<W extends object> implements Iterable<W> {
  /** the waiters in arrival order; `undefined` where one left */
  private entries: (W | undefined)[] = [];
  /** each waiter's position, counted from the first entry ever added (positions survive a cut) */
  private readonly positions = new Map<W, number>();
  /** the position of `entries[0]` */
  private offset = 0;
  /** the index in `entries` of the first waiter, or `entries.length` */
  private head = 0;

  /** How many waiters there are. */
  get size(): number {
    return this.positions.size;
  }

  /** True when `waiter` is in the queue. */
  has(waiter: W): boolean {
    return this.positions.has(waiter);
  }

  /** The oldest waiter, or undefined. */
  first(): W | undefined {
    return this.entries[this.head];
  }

  /** Adds `waiter` at the end, unless it is in the queue already (where it stays, as in a `Set`). */
  add(waiter: W): this {
    if (this.positions.has(waiter)) return this;
    this.positions.set(waiter, this.offset + this.entries.length);
    this.entries.push(waiter);
    return this;
  }

  /** Removes `waiter`; false when it was not in the queue. */
  delete(waiter: W): boolean {
    const position = this.positions.get(waiter);
    if (position === undefined) return false;
    this.positions.delete(waiter);
    const entries = this.entries;
    entries[position - this.offset] = undefined;
    let head = this.head;
    while (head < entries.length && entries[head] === undefined) head++;
    if (head > 1024 && head * 2 > entries.length) {
      // Positions are absolute, so iterators going on read the right slot after the cut.
      this.entries = entries.slice(head);
      this.offset += head;
      head = 0;
    }
    this.head = head;
    return true;
  }

  /** Removes every waiter. */
  clear(): void {
    this.offset += this.entries.length;
    this.entries = [];
    this.head = 0;
    this.positions.clear();
  }

  /** The waiters, oldest first; sees waiters added meanwhile, not those removed meanwhile. */
  *[Symbol.iterator](): Iterator<W> {
    for (let position = this.offset + this.head; position - this.offset < this.entries.length; position++) {
      const index = position - this.offset;
      if (index < 0) {
        // Cleared or cut past this position meanwhile: go on from the current first waiter.
        position = this.offset + this.head - 1;
        continue;
      }
      const waiter = this.entries[index];
      if (waiter !== undefined) yield waiter;
    }
  }
}
