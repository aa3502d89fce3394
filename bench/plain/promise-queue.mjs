// What a Node user writes without asyncio-ts: a bounded async queue on bare promises.
export class PromiseQueue {
  constructor(maxsize) {
    this.maxsize = maxsize;
    this.items = [];
    this.head = 0;
    this.getters = [];
    this.putters = [];
  }
  get size() {
    return this.items.length - this.head;
  }
  async put(item) {
    while (this.maxsize > 0 && this.size >= this.maxsize) await new Promise((resolve) => this.putters.push(resolve));
    this.items.push(item);
    this.getters.shift()?.();
  }
  async get() {
    while (this.size === 0) await new Promise((resolve) => this.getters.push(resolve));
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.putters.shift()?.();
    return item;
  }
}

/**
 * A FIFO mutex on bare promises. Waiters leave by a head index, not `shift()`: with the 100,000
 * waiters of the blocked-memory workloads, `shift()` moves the whole array at every release.
 */
export class PromiseMutex {
  constructor() {
    this.locked = false;
    this.waiters = [];
    this.head = 0;
  }
  async acquire() {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise((resolve) => this.waiters.push(resolve));
  }
  release() {
    if (this.head === this.waiters.length) {
      this.locked = false;
      return;
    }
    const next = this.waiters[this.head];
    this.waiters[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
    next();
  }
}
