import {
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  ValueError,
  Future,
  Waiter,
  bindLoop,
  failedFuture,
  type EventLoop,
  WaiterQueue,
} from "@asyncio-ts/core";
import { describeItems } from "./internal/describe.js";
import { FifoStore } from "./internal/fifo-store.js";
import type { ItemStore } from "./internal/item-store.js";

// A put or join that need not wait hands back this one settled promise: awaiting a native
// promise costs the engine a third of awaiting any other thenable, and sharing it allocates nothing.
const SETTLED_VOID: Promise<void> = Promise.resolve();

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
  /** @internal tasks waiting in `get`, oldest first */
  readonly _getters = new WaiterQueue<Waiter<unknown>>();
  /** @internal tasks waiting in `put`, oldest first */
  readonly _putters = new WaiterQueue<Waiter<unknown>>();
  /** @internal tasks waiting in `join` */
  readonly _joinWaiters = new WaiterQueue<Waiter<unknown>>();
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
   * Puts an item into the queue, waiting first while it is full. Resolves once the item is in;
   * fails with {@link QueueShutDown} if the queue is (or, while waiting, gets) shut down.
   * Cancelling the wait puts nothing.
   *
   * When there is room the item goes in at once, during the call, and a settled native Promise
   * comes back (Python's `put` returns without suspending then): nothing can cancel it. When it
   * must wait, a Future comes back, which the awaiting task's cancel reaches.
   */
  put(item: T): Future<void> | Promise<void> {
    if (!this.full()) {
      try {
        this.putNowait(item);
      } catch (error) {
        return failedFuture(error);
      }
      return SETTLED_VOID;
    }
    if (this._isShutdown) return failedFuture(new QueueShutDown());
    const loop = this.bindLoopOrFail();
    if (loop instanceof Future) return loop as Future<never>;
    const putter = new PutWaiter<T>(this, loop, item);
    this._putters.add(putter);
    return putter;
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
    this._wakeupNext(this._getters);
  }

  /**
   * Removes and returns an item, waiting first while the queue is empty. Fails with
   * {@link QueueShutDown} if the queue is shut down and empty, or was shut down with
   * `immediate`. Cancelling the wait takes no item.
   *
   * When an item is there it is taken at once, during the call, and a native Promise settled
   * with it comes back (Python's `get` returns without suspending then): nothing can cancel
   * it. When it must wait, a Future comes back, which the awaiting task's cancel reaches.
   */
  get(): Future<T> | Promise<T> {
    if (!this.empty()) {
      let item: T;
      try {
        item = this.getNowait();
      } catch (error) {
        return failedFuture(error);
      }
      return Promise.resolve(item);
    }
    if (this._isShutdown) return failedFuture(new QueueShutDown());
    const loop = this.bindLoopOrFail();
    if (loop instanceof Future) return loop as Future<never>;
    const getter = new GetWaiter<T, T>(this, loop, false);
    this._getters.add(getter);
    return getter;
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
    this._wakeupNext(this._putters);
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
   * Resolves at once when nothing is unfinished (a settled native Promise then, as `put`).
   */
  join(): Future<void> | Promise<void> {
    if (this._unfinishedTasks === 0) return SETTLED_VOID;
    const loop = this.bindLoopOrFail();
    if (loop instanceof Future) return loop as Future<never>;
    const waiter = new JoinWaiter(this, loop);
    this._joinWaiters.add(waiter);
    return waiter;
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
    for (const getter of this._getters) getter.wake();
    this._getters.clear();
    for (const putter of this._putters) putter.wake();
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

  private nextIteration(): Future<IteratorResult<T, undefined>> | Promise<IteratorResult<T, undefined>> {
    if (this.empty() && this._isShutdown) return Promise.resolve({ done: true, value: undefined });
    if (!this.empty()) {
      let item: T;
      try {
        item = this.getNowait();
      } catch (error) {
        return failedFuture(error);
      }
      return Promise.resolve({ done: false, value: item });
    }
    const loop = this.bindLoopOrFail();
    if (loop instanceof Future) return loop as Future<never>;
    const getter = new GetWaiter<T, IteratorResult<T, undefined>>(this, loop, true);
    this._getters.add(getter);
    return getter;
  }

  /** The loop to wait on (CPython's `_get_loop`), or a failed Future to return instead. */
  private bindLoopOrFail(): EventLoop | Future<never> {
    try {
      return (this._loop = bindLoop(this._loop, this));
    } catch (error) {
      return failedFuture(error);
    }
  }

  /** @internal CPython's `_wakeup_next`: wake the oldest waiter that is still waiting. */
  _wakeupNext(waiters: WaiterQueue<Waiter<unknown>>): void {
    for (let waiter = waiters.first(); waiter !== undefined; waiter = waiters.first()) {
      waiters.delete(waiter);
      if (waiter.wake()) return;
    }
  }

  private wakeJoinWaiters(): void {
    for (const waiter of this._joinWaiters) waiter.wake();
  }
}

/**
 * A task waiting in `get()` (or in the next step of an async iteration, which resolves with an
 * iterator result and ends the iteration at shutdown): CPython's code after `await getter`.
 */
class GetWaiter<T, R> extends Waiter<R> {
  declare private readonly queue: Queue<T>;
  declare private readonly iterating: boolean;

  constructor(queue: Queue<T>, loop: EventLoop, iterating: boolean) {
    super({ loop });
    this.queue = queue;
    this.iterating = iterating;
  }

  protected afterWait(woken: boolean, cancelled: boolean): void {
    const queue = this.queue;
    // putNowait or shutdown may have removed it already.
    queue._getters.delete(this);
    if (cancelled) {
      // Woken by putNowait but not taking the item: pass the wake-up on.
      if (woken && !queue.empty()) queue._wakeupNext(queue._getters);
      this.confirmCancel();
      return;
    }
    if (queue.empty()) {
      if (queue._isShutdown) {
        if (this.iterating) this.finish({ done: true, value: undefined } as R);
        else this.fail(new QueueShutDown());
        return;
      }
      // Someone else took the item first: wait again, behind the others, as CPython's loop does.
      queue._getters.add(this);
      return;
    }
    const item = queue.getNowait();
    this.finish((this.iterating ? { done: false, value: item } : item) as R);
  }

  override get waitDescription(): string {
    return "Queue.get()";
  }
}

/** A task waiting in `put()`: CPython's code after `await putter`. */
class PutWaiter<T> extends Waiter<void> {
  declare private readonly queue: Queue<T>;
  declare private readonly item: T;

  constructor(queue: Queue<T>, loop: EventLoop, item: T) {
    super({ loop });
    this.queue = queue;
    this.item = item;
  }

  protected afterWait(woken: boolean, cancelled: boolean): void {
    const queue = this.queue;
    // getNowait or shutdown may have removed it already.
    queue._putters.delete(this);
    if (cancelled) {
      // Woken by getNowait but not taking the free slot: pass the wake-up on.
      if (woken && !queue.full()) queue._wakeupNext(queue._putters);
      this.confirmCancel();
      return;
    }
    if (queue.full()) {
      if (queue._isShutdown) {
        this.fail(new QueueShutDown());
        return;
      }
      // Someone else filled the slot first: wait again, behind the others.
      queue._putters.add(this);
      return;
    }
    // Throws QueueShutDown when shut down meanwhile, and a PriorityQueue's TypeError.
    queue.putNowait(this.item);
    this.finish(undefined);
  }

  override get waitDescription(): string {
    return "Queue.put()";
  }
}

/** A task waiting in `join()`: it leaves the waiters when it resumes. */
class JoinWaiter extends Waiter<void> {
  declare private readonly queue: Queue<unknown>;

  constructor(queue: Queue<unknown>, loop: EventLoop) {
    super({ loop });
    this.queue = queue;
  }

  protected afterWait(_woken: boolean, cancelled: boolean): void {
    this.queue._joinWaiters.delete(this);
    if (cancelled) this.confirmCancel();
    else this.finish(undefined);
  }

  override get waitDescription(): string {
    return "Queue.join()";
  }
}
