/**
 * While the live part of the queue (from its first waiter to its end) is shorter than this,
 * a waiter is found by scanning it rather than through a Map: a primitive rarely has more than
 * a few waiters, and a Map entry per wait (made, then deleted) cost more than the scan.
 */
const SCAN_LENGTH = 16;

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
  /**
   * each waiter's position, counted from the first entry ever added (positions survive a cut);
   * kept only while the live part is long (see {@link SCAN_LENGTH}), else undefined
   */
  private positions: Map<W, number> | undefined = undefined;
  /** the position of `entries[0]` */
  private offset = 0;
  /** the index in `entries` of the first waiter, or `entries.length` */
  private head = 0;
  /** how many waiters there are */
  private count = 0;

  /** How many waiters there are. */
  get size(): number {
    return this.count;
  }

  /** True when `waiter` is in the queue. */
  has(waiter: W): boolean {
    return this.indexOf(waiter) !== -1;
  }

  /** The oldest waiter, or undefined. */
  first(): W | undefined {
    return this.entries[this.head];
  }

  /** Adds `waiter` at the end, unless it is in the queue already (where it stays, as in a `Set`). */
  add(waiter: W): this {
    if (this.indexOf(waiter) !== -1) return this;
    const entries = this.entries;
    if (this.positions === undefined && entries.length - this.head >= SCAN_LENGTH) this.positions = this.indexLive();
    this.positions?.set(waiter, this.offset + entries.length);
    entries.push(waiter);
    this.count++;
    return this;
  }

  /** Removes `waiter`; false when it was not in the queue. */
  delete(waiter: W): boolean {
    const index = this.indexOf(waiter);
    if (index === -1) return false;
    const entries = this.entries;
    entries[index] = undefined;
    this.count--;
    let head = this.head;
    while (head < entries.length && entries[head] === undefined) head++;
    if (head > 1024 && head * 2 > entries.length) {
      // Positions are absolute, so iterators going on read the right slot after the cut.
      this.entries = entries.slice(head);
      this.offset += head;
      head = 0;
    }
    this.head = head;
    const positions = this.positions;
    if (positions !== undefined) {
      // Scanning again once the live part is short: half the length that made the Map, so a
      // queue hovering at that length does not build and drop it at every wait.
      if (this.entries.length - head < SCAN_LENGTH / 2) this.positions = undefined;
      else positions.delete(waiter);
    }
    return true;
  }

  /** Removes every waiter. */
  clear(): void {
    this.offset += this.entries.length;
    this.entries = [];
    this.head = 0;
    this.count = 0;
    this.positions = undefined;
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

  /** The index of `waiter` in `entries`, or -1. */
  private indexOf(waiter: W): number {
    const positions = this.positions;
    if (positions !== undefined) {
      const position = positions.get(waiter);
      return position === undefined ? -1 : position - this.offset;
    }
    const entries = this.entries;
    for (let index = this.head; index < entries.length; index++) if (entries[index] === waiter) return index;
    return -1;
  }

  /** A Map of the live waiters' positions. */
  private indexLive(): Map<W, number> {
    const positions = new Map<W, number>();
    const entries = this.entries;
    for (let index = this.head; index < entries.length; index++) {
      const waiter = entries[index];
      if (waiter !== undefined) positions.set(waiter, this.offset + index);
    }
    return positions;
  }
}
