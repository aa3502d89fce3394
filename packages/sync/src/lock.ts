import {
  RuntimeError,
  Waiter,
  bindLoop,
  failedFuture,
  watchHold,
  type EventLoop,
  type Future,
  type HoldWatch,
  WaiterQueue,
} from "@asyncio-ts/core";
import { hold } from "./internal/hold.js";
import { SETTLED_TRUE } from "./internal/settled-true.js";

/**
 * A mutual-exclusion lock for tasks, as Python's `asyncio.Lock` (not owned by a task: any
 * task may release it).
 *
 * Fair: tasks waiting in `acquire()` get the lock in the order they asked for it, and a new
 * caller does not jump the queue while anyone waits. Cancellation-safe as CPython 3.12+: a
 * cancelled `acquire()` never leaves the lock held, and a waiter cancelled after it was
 * woken passes the wake-up on to the next waiter.
 *
 * Python's `async with lock:` is `await lock.with(async () => ...)`. `await using` works
 * too, after an acquire: `await lock.acquire(); await using _ = lock;`.
 *
 * @example
 * ```ts
 * import { run, createTask, sleep, Lock } from "asyncio-ts";
 *
 * await run(async () => {
 *   const lock = new Lock();
 *   let balance = 0;
 *   const deposit = async (amount: number) => {
 *     await lock.with(async () => {
 *       const read = balance;
 *       await sleep(0.01); // another task runs here, but cannot enter
 *       balance = read + amount;
 *     });
 *   };
 *   const tasks = [createTask(() => deposit(10)), createTask(() => deposit(20))];
 *   for (const task of tasks) await task;
 *   console.log(balance); // 30
 * });
 * ```
 */
export class Lock {
  /**
   * @internal tasks waiting in `acquire`, oldest first (ordered, O(1) removal); a
   * Condition's waiters re-acquiring the lock wait here too
   */
  _waiters: WaiterQueue<Waiter<unknown>> | undefined = undefined;
  /** @internal */ _locked = false;
  /** @internal */ _loop: EventLoop | undefined = undefined;
  /** @internal debug mode: reports a hold longer than the loop's `longHoldDuration` */
  _hold: HoldWatch | undefined = undefined;

  /** True when the lock is held. */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Acquires the lock, waiting while it is held or while other tasks wait for it (FIFO).
   * Resolves with `true`. If the wait is cancelled, the lock is not taken and the next waiter
   * is woken if the lock is free.
   *
   * A free lock is taken during the call, and a settled native Promise comes back (Python's
   * `acquire` returns without suspending then): nothing can cancel it. When it must wait, a
   * Future comes back, which the awaiting task's cancel reaches.
   */
  acquire(): Future<true> | Promise<true> {
    if (this._tryAcquire(undefined)) return SETTLED_TRUE;
    let loop: EventLoop;
    try {
      loop = this._loop = bindLoop(this._loop, this);
    } catch (error) {
      return failedFuture(error);
    }
    const waiter = new LockWaiter(this, loop);
    this._addWaiter(waiter);
    return waiter;
  }

  /** @internal `waiter` waits for the lock, behind those already waiting */
  _addWaiter(waiter: Waiter<unknown>): void {
    (this._waiters ??= new WaiterQueue()).add(waiter);
  }

  /**
   * @internal CPython's `Lock.acquire` after its `await fut`, for `waiter`: true when its task
   * now holds the lock; false when it was cancelled, the lock then handed on if it is free
   */
  _afterWait(waiter: Waiter<unknown>, cancelled: boolean): boolean {
    this._waiters?.delete(waiter);
    if (cancelled) {
      // The lock must not stay free while someone waits: if it was handed to this waiter (or is
      // free anyway), hand it on to the first waiter.
      if (!this._locked) this._wakeUpFirst();
      return false;
    }
    this._taken(waiter);
    return true;
  }

  /**
   * @internal takes the lock at once if it is free and nobody waits (or every waiter is
   * cancelled: CPython's optimization), for `waiter`'s task when given, else the caller's
   */
  _tryAcquire(waiter: Waiter<unknown> | undefined): boolean {
    if (this._locked || (this._waiters !== undefined && !allCancelled(this._waiters))) return false;
    this._taken(waiter);
    return true;
  }

  /** @internal the lock is taken (by `waiter`'s task when given, else the caller's) */
  _taken(waiter: Waiter<unknown> | undefined): void {
    this._locked = true;
    this._hold = waiter === undefined ? watchHold(this) : waiter.watchHold(this);
  }

  /**
   * Releases the lock and wakes the first waiting task, if any.
   *
   * @throws RuntimeError `Lock is not acquired.` when the lock is not held.
   */
  release(): void {
    if (!this._locked) throw new RuntimeError("Lock is not acquired.");
    this._locked = false;
    this._hold?.end();
    this._hold = undefined;
    this._wakeUpFirst();
  }

  /**
   * Python's `async with lock: body`: acquires, runs `body`, releases (also when the body
   * throws or is cancelled), and resolves with the body's result.
   *
   * @example
   * ```ts
   * const value = await lock.with(async () => {
   *   return await readShared();
   * });
   * ```
   */
  with<R>(body: () => R | PromiseLike<R>): Future<R> {
    return hold(
      "Lock.with()",
      () => this.acquire(),
      () => this.release(),
      body,
    );
  }

  /** Releases the lock, for `await lock.acquire(); await using _ = lock;`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }

  /** Python's repr: `<Lock [locked, waiters:1]>`. */
  toString(): string {
    let extra = this._locked ? "locked" : "unlocked";
    if (this._waiters !== undefined && this._waiters.size > 0) extra += `, waiters:${this._waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal CPython's `_wake_up_first`: a waiter woken or cancelled already is on its way. */
  _wakeUpFirst(): void {
    this._waiters?.first()?.wake();
  }
}

/** CPython's `all(w.cancelled() for w in waiters)`: cancelled before any wake-up reached them. */
function allCancelled(waiters: WaiterQueue<Waiter<unknown>>): boolean {
  for (const waiter of waiters) if (waiter.waiting() || waiter.woken()) return false;
  return true;
}

/** A task waiting in `Lock.acquire()`: CPython's code after `await fut` in `acquire`. */
class LockWaiter extends Waiter<true> {
  // Assigned, not a class field: a defined field costs every waiter more.
  declare private readonly lock: Lock;

  constructor(lock: Lock, loop: EventLoop) {
    super({ loop });
    this.lock = lock;
  }

  protected afterWait(_woken: boolean, cancelled: boolean): void {
    if (this.lock._afterWait(this, cancelled)) this.finish(true);
    else this.confirmCancel();
  }

  override get waitDescription(): string {
    return "Lock.acquire()";
  }
}
