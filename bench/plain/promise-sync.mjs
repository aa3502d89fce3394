// What a Node user writes without asyncio-ts: an event, a semaphore and a condition variable on
// bare promises, FIFO like asyncio's (PromiseMutex is in promise-queue.mjs).

/** A flag tasks wait for. */
export class PromiseEvent {
  constructor() {
    this.isSet = false;
    this.waiters = [];
  }
  wait() {
    if (this.isSet) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  set() {
    this.isSet = true;
    for (const resolve of this.waiters.splice(0)) resolve(true);
  }
}

/** A counting semaphore that hands permits over in FIFO order. */
export class PromiseSemaphore {
  constructor(value) {
    this.value = value;
    this.waiters = [];
    this.head = 0;
  }
  acquire() {
    if (this.value > 0 && this.head === this.waiters.length) {
      this.value--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  release() {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head];
      this.waiters[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters = this.waiters.slice(this.head);
        this.head = 0;
      }
      next(true); // the permit goes straight to the next waiter
    } else {
      this.value++;
    }
  }
}

/** A condition variable over a PromiseMutex: wait() releases it, waits, re-acquires. */
export class PromiseCondition {
  constructor(mutex) {
    this.mutex = mutex;
    this.waiters = [];
  }
  async wait() {
    this.mutex.release();
    await new Promise((resolve) => this.waiters.push(resolve));
    await this.mutex.acquire();
    return true;
  }
  notifyAll() {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
