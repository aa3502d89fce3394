import {
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  ValueError,
  callCoroutine,
  setWaitDescription,
  type EventLoop,
  type Future,
} from "@asyncio-ts/core";
import { describeItems } from "./internal/describe.js";
import { FifoStore } from "./internal/fifo-store.js";
import { bindLoop, doneFuture, failedFuture } from "./internal/futures.js";
import type { ItemStore } from "./internal/item-store.js";

/** Options of the {@link Queue} and {@link LifoQueue} constructors (Python's keyword `maxsize`). */
export interface QueueOptions {
  /**
   * How many items the queue holds before `put` waits; 0 or less (the default) means no
   * limit. A fraction works as in Python: `maxsize: 1.5` holds 2 items.
   */
  readonly maxsize?: number;
}

/**
 * A first-in, first-out queue for producer and consumer tasks, as Python's `asyncio.Queue`.
 *
 * `put` waits while the queue is full (when it has a `maxsize`), `get` waits while it is
 * empty; waiting tasks are served in the order they started waiting. Cancelling a waiting
 * `put` or `get` loses no item and passes a wake-up it had already received on to the next
 * waiter, as CPython does. `taskDone` and `join` count work in progress. `shutdown` (Python
 * 3.13) makes `put` and, once the queue is drained, `get` throw {@link QueueShutDown}.
 *
 * Beyond Python, a queue is async-iterable: `for await (const item of queue)` takes items with
 * `get()` until the queue is shut down and drained (see `[Symbol.asyncIterator]` below).
 *
 * @typeParam T - the type of the items.
 * @example
 * ```ts
 * import { run, createTask, Queue } from "asyncio-ts";
 *
 * await run(async () => {
 *   const queue = new Queue<number>(10);
 *   const consumer = createTask(async () => {
 *     for (;;) {
 *       const item = await queue.get();
 *       console.log("got", item);
 *       queue.taskDone();
 *     }
 *   });
 *   for (let index = 0; index < 3; index++) await queue.put(index);
 *   await queue.join(); // every item was taken and marked done
 *   consumer.cancel();
 * });
 * ```
 */
export class Queue<T = unknown> implements AsyncIterable<T> {
  /** @internal */ readonly _maxsize: number;
  /** @internal */ readonly _store: ItemStore<T>;
  /** @internal tasks waiting in `get`, oldest first (a Set: ordered, O(1) removal) */
  readonly _getters = new Set<Future<void>>();
  /** @internal tasks waiting in `put`, oldest first */
  readonly _putters = new Set<Future<void>>();
  /** @internal tasks waiting in `join` */
  readonly _joinWaiters = new Set<Future<void>>();
  /** @internal */ _unfinishedTasks = 0;
  /** @internal */ _isShutdown = false;
  /** @internal the loop this queue is bound to from its first wait on */
  _loop: EventLoop | undefined = undefined;

  /**
   * @param maxsize - the capacity (0 or less: unbounded), or an options object `{ maxsize }`.
   * @throws TypeError when maxsize is not a number.
   */
  constructor(maxsize: number | QueueOptions = 0) {
    const options: QueueOptions = typeof maxsize === "object" && maxsize !== null ? maxsize : { maxsize };
    const size = options.maxsize ?? 0;
    if (typeof size !== "number") throw new TypeError(`maxsize must be a number, got ${typeof size}`);
    this._maxsize = size;
    this._store = this._createStore(options);
  }

  /** @internal the storage; LifoQueue and PriorityQueue override it (CPython's `_init`). */
  _createStore(_options: QueueOptions): ItemStore<T> {
    return new FifoStore<T>();
  }

  /** How many items the queue holds before `put` waits; 0 or less means no limit. */
  get maxsize(): number {
    return this._maxsize;
  }

  /** The number of items in the queue. */
  qsize(): number {
    return this._store.size;
  }

  /** True when the queue holds no item. */
  empty(): boolean {
    return this._store.size === 0;
  }

  /** True when the queue holds `maxsize` items; never true for an unbounded queue. */
  full(): boolean {
    if (this._maxsize <= 0) return false;
    return this._store.size >= this._maxsize;
  }

  /**
   * Puts an item into the queue, waiting first while it is full. The Future resolves once the
   * item is in; it fails with {@link QueueShutDown} if the queue is (or, while waiting, gets)
   * shut down. Cancelling the wait puts nothing.
   */
  put(item: T): Future<void> {
    if (!this.full()) {
      try {
        this.putNowait(item);
      } catch (error) {
        return failedFuture(error);
      }
      return doneFuture(undefined);
    }
    if (this._isShutdown) return failedFuture(new QueueShutDown());
    return setWaitDescription(
      callCoroutine(async () => {
        const loop = (this._loop = bindLoop(this._loop, this));
        while (this.full()) {
          if (this._isShutdown) throw new QueueShutDown();
          const putter = loop.createFuture<void>();
          this._putters.add(putter);
          try {
            await putter;
          } catch (error) {
            putter.cancel(); // in case it is not done yet
            this._putters.delete(putter); // getNowait or shutdown may have removed it already
            if (!this.full() && !putter.cancelled()) {
              // We were woken by getNowait but will not take the free slot: pass it on.
              this.wakeupNext(this._putters);
            }
            throw error;
          }
        }
        this.putNowait(item);
      }),
      "Queue.put()",
    );
  }

  /**
   * Puts an item into the queue at once.
   *
   * @throws QueueFull when the queue is full.
   * @throws QueueShutDown when the queue is shut down.
   * @throws TypeError from a {@link PriorityQueue} when the item cannot be compared with the
   * items already queued; the queue is then left unchanged.
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._store.push(item);
    this._unfinishedTasks++;
    this.wakeupNext(this._getters);
  }

  /**
   * Removes and returns an item, waiting first while the queue is empty. The Future fails
   * with {@link QueueShutDown} if the queue is shut down and empty, or was shut down with
   * `immediate`. Cancelling the wait takes no item.
   */
  get(): Future<T> {
    if (!this.empty()) {
      try {
        return doneFuture(this.getNowait());
      } catch (error) {
        return failedFuture(error);
      }
    }
    if (this._isShutdown) return failedFuture(new QueueShutDown());
    return setWaitDescription(
      callCoroutine(async () => {
        const loop = (this._loop = bindLoop(this._loop, this));
        while (this.empty()) {
          if (this._isShutdown) throw new QueueShutDown();
          const getter = loop.createFuture<void>();
          this._getters.add(getter);
          try {
            await getter;
          } catch (error) {
            getter.cancel(); // in case it is not done yet
            this._getters.delete(getter); // putNowait or shutdown may have removed it already
            if (!this.empty() && !getter.cancelled()) {
              // We were woken by putNowait but will not take the item: pass it on.
              this.wakeupNext(this._getters);
            }
            throw error;
          }
        }
        return this.getNowait();
      }),
      "Queue.get()",
    );
  }

  /**
   * Removes and returns an item at once.
   *
   * @throws QueueEmpty when the queue is empty.
   * @throws QueueShutDown when the queue is shut down and empty (or was shut down with `immediate`).
   */
  getNowait(): T {
    if (this.empty()) {
      if (this._isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._store.pop();
    this.wakeupNext(this._putters);
    return item;
  }

  /**
   * Marks one item taken with `get` as processed. When every item put into the queue has
   * been marked, the tasks waiting in `join` resume. `shutdown({ immediate: true })` marks the
   * items it discards.
   *
   * @throws ValueError `task_done() called too many times` when no item is unfinished.
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) throw new ValueError("task_done() called too many times");
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this.wakeJoinWaiters();
  }

  /**
   * Waits until every item put into the queue has been taken and marked with `taskDone`.
   * Resolves at once when nothing is unfinished.
   */
  join(): Future<void> {
    if (this._unfinishedTasks === 0) return doneFuture(undefined);
    return setWaitDescription(
      callCoroutine(async () => {
        const loop = (this._loop = bindLoop(this._loop, this));
        const waiter = loop.createFuture<void>();
        this._joinWaiters.add(waiter);
        try {
          await waiter;
        } finally {
          this._joinWaiters.delete(waiter);
        }
      }),
      "Queue.join()",
    );
  }

  /**
   * Shuts the queue down (Python 3.13): `put` and `putNowait` throw {@link QueueShutDown}
   * from now on, and so do `get` and `getNowait` once the queue is empty. Every task waiting
   * in `put` or `get` is woken to find this out.
   *
   * With `immediate`, the remaining items are discarded at once (each is marked as by
   * `taskDone`, which may release `join`), so `get` throws at once too.
   *
   * @param immediate - discard the remaining items (Python's `immediate=True`); also accepted as `{ immediate }`.
   */
  shutdown(immediate: boolean | { readonly immediate?: boolean } = false): void {
    const discard =
      typeof immediate === "object" && immediate !== null ? Boolean(immediate.immediate) : Boolean(immediate);
    this._isShutdown = true;
    if (discard) {
      const count = this._store.size;
      this._store.clear();
      this._unfinishedTasks = Math.max(0, this._unfinishedTasks - count);
      if (this._unfinishedTasks === 0) this.wakeJoinWaiters();
    }
    // Every waiter re-checks the state and throws QueueShutDown where it must.
    for (const getter of this._getters) if (!getter.done()) getter.setResult(undefined);
    this._getters.clear();
    for (const putter of this._putters) if (!putter.done()) putter.setResult(undefined);
    this._putters.clear();
  }

  /**
   * Iterates over the queue with `get()` until it is shut down and drained: an extension
   * Python's queue lacks, for `for await (const item of queue)`. Iterating does NOT call
   * `taskDone()`: call it yourself after handling each item if anyone uses `join()`.
   * Leaving the loop (`break`) takes no further item. Several loops may consume one queue.
   *
   * @example
   * ```ts
   * const worker = createTask(async () => {
   *   for await (const job of queue) {
   *     await handle(job);
   *     queue.taskDone();
   *   }
   *   // here the queue was shut down and every item taken
   * });
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    const iterator: AsyncIterableIterator<T> = {
      // The Future is adopted right here, in the caller's task, so that task waits on it and
      // cancelling the task reaches the `get` inside (a Future is not a full Promise).
      next: () => Promise.resolve(this.nextIteration()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Python's `str(queue)`: `<Queue maxsize=0 _queue=[1, 2] _getters[1] tasks=2 shutdown>`. */
  toString(): string {
    return `<${this.constructor.name} ${this._format()}>`;
  }

  /** @internal CPython's `_format`. */
  _format(): string {
    let result = `maxsize=${this._maxsize}`;
    if (this._store.size > 0) result += ` _queue=${describeItems(this._store.toArray())}`;
    if (this._getters.size > 0) result += ` _getters[${this._getters.size}]`;
    if (this._putters.size > 0) result += ` _putters[${this._putters.size}]`;
    if (this._unfinishedTasks > 0) result += ` tasks=${this._unfinishedTasks}`;
    if (this._isShutdown) result += " shutdown";
    return result;
  }

  private nextIteration(): Future<IteratorResult<T, undefined>> {
    if (this.empty() && this._isShutdown) return doneFuture({ done: true, value: undefined });
    if (!this.empty()) {
      try {
        return doneFuture({ done: false, value: this.getNowait() });
      } catch (error) {
        return failedFuture(error);
      }
    }
    return callCoroutine(async (): Promise<IteratorResult<T, undefined>> => {
      try {
        return { done: false, value: await this.get() };
      } catch (error) {
        if (QueueShutDown.isInstance(error)) return { done: true, value: undefined };
        throw error;
      }
    });
  }

  /** CPython's `_wakeup_next`: wake the oldest waiter that is still waiting. */
  private wakeupNext(waiters: Set<Future<void>>): void {
    for (const waiter of waiters) {
      waiters.delete(waiter);
      if (!waiter.done()) {
        waiter.setResult(undefined);
        return;
      }
    }
  }

  private wakeJoinWaiters(): void {
    for (const waiter of this._joinWaiters) if (!waiter.done()) waiter.setResult(undefined);
  }
}
