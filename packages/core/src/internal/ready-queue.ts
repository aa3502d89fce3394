// An empty ring keeps up to this many slots: enough for a busy loop's usual iteration.
const SPARE_KEPT = 1024;

/**
 * A FIFO queue on a growable ring buffer: O(1) push and shift without the
 * O(n) `Array.prototype.shift` that a plain array costs on long queues.
 */
export class ReadyQueue<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  /**
   * Gives back a large empty buffer. A burst (100,000 task starts) grows the ring to the burst's
   * size; an idle loop holding it would keep memory per task of that burst alive for good.
   */
  releaseSpare(): void {
    if (this.count === 0 && this.items.length > SPARE_KEPT) this.clear();
  }

  clear(): void {
    this.items = new Array(16);
    this.head = 0;
    this.count = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let index = 0; index < this.count; index++) {
      yield this.items[(this.head + index) & (this.items.length - 1)] as T;
    }
  }

  private grow(): void {
    const grown: (T | undefined)[] = new Array(this.items.length * 2);
    for (let index = 0; index < this.count; index++) {
      grown[index] = this.items[(this.head + index) & (this.items.length - 1)];
    }
    this.items = grown;
    this.head = 0;
  }
}
