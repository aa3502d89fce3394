import {
  RuntimeError,
  Waiter,
  bindLoop,
  failedFuture,
  type EventLoop,
  type Future,
  WaiterQueue,
} from "@asyncio-ts/core";
import { hold } from "./internal/hold.js";
import { Lock } from "./lock.js";

/**
 * A condition variable, as Python's `asyncio.Condition`: tasks holding its lock `wait()`
 * until another task `notify()`s them; the lock is released while they wait and re-acquired
 * before `wait()` returns. The lock is its own new {@link Lock}, or the one given (shared with
 * other code).
 *
 * Fair and cancellation-safe as CPython 3.13: waiters are notified in FIFO order; a waiter
 * cancelled (or failing) after it was notified passes the notification on to the next
 * waiter (a possible spurious wake-up, as the condition-variable protocol allows); and
 * `wait()` always re-acquires the lock before it throws, even when cancelled.
 *
 * Python's `async with cond:` is `await cond.with(async () => ...)`.
 *
 * @example
 * ```ts
 * import { run, createTask, Condition } from "asyncio-ts";
 *
 * await run(async () => {
 *   const cond = new Condition();
 *   const items: string[] = [];
 *   const consumer = createTask(() =>
 *     cond.with(async () => {
 *       await cond.waitFor(() => items.length > 0);
 *       return items.shift();
 *     }),
 *   );
 *   await cond.with(() => {
 *     items.push("job");
 *     cond.notify();
 *   });
 *   console.log(await consumer); // "job"
 * });
 * ```
 */
export class Condition {
  /** @internal */ readonly _lock: Lock;
  /** @internal tasks waiting in `wait`, oldest first */
  readonly _waiters = new WaiterQueue<Waiter<unknown>>();
  /** @internal */ _loop: EventLoop | undefined = undefined;

  /** @param lock - the lock to use (default: a new {@link Lock}). */
  constructor(lock?: Lock) {
    this._lock = lock ?? new Lock();
  }

  /** True when the underlying lock is held. */
  locked(): boolean {
    return this._lock.locked();
  }

  /** Acquires the underlying lock (see {@link Lock.acquire}). */
  acquire(): Future<true> | Promise<true> {
    return this._lock.acquire();
  }

  /** Releases the underlying lock (see {@link Lock.release}). */
  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits until notified, re-acquires the lock and resolves with `true`.
   * May return spuriously: check the state again (or use {@link Condition.waitFor}).
   * If cancelled, the lock is still re-acquired before `CancelledError` is thrown.
   * Fails with `RuntimeError` when the lock is not held.
   */
  wait(): Future<true> {
    return this.startWait<true>(undefined);
  }

  /**
   * Waits until `predicate()` is truthy (JavaScript truthiness) and resolves with its value:
   * calls it once, then after each wake-up of `wait()`. The lock must be held when it has to
   * wait; `predicate` is called with the lock held.
   *
   * @example
   * ```ts
   * await cond.with(async () => {
   *   const item = await cond.waitFor(() => queue.shift());
   * });
   * ```
   */
  waitFor<R>(predicate: () => R): Future<R> | Promise<R> {
    if (typeof predicate !== "function") throw new TypeError(`predicate must be a function, got ${String(predicate)}`);
    let result: R;
    try {
      result = predicate();
    } catch (error) {
      return failedFuture(error);
    }
    // True at once: a settled native Promise, as `Lock.acquire` gives when it need not wait.
    if (result) return Promise.resolve(result);
    return this.startWait<R>(predicate);
  }

  /** CPython's `wait()` up to its `await fut`: the rest is ConditionWaiter's. */
  private startWait<R>(predicate: (() => R) | undefined): Future<R> {
    if (!this.locked()) return failedFuture(new RuntimeError("cannot wait on un-acquired lock"));
    let loop: EventLoop;
    try {
      loop = this._loop = bindLoop(this._loop, this);
    } catch (error) {
      return failedFuture(error);
    }
    const waiter = new ConditionWaiter<R>(this, loop, predicate);
    this.release();
    this._waiters.add(waiter);
    return waiter;
  }

  /**
   * Wakes up to `n` tasks waiting on this condition (default 1), oldest first. They return
   * from `wait()` only once they re-acquire the lock, which the caller still holds.
   *
   * @throws RuntimeError `cannot notify on un-acquired lock` when the lock is not held.
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this._notify(n);
  }

  /**
   * Wakes every task waiting on this condition.
   *
   * @throws RuntimeError `cannot notify on un-acquired lock` when the lock is not held.
   */
  notifyAll(): void {
    this.notify(this._waiters.size);
  }

  /**
   * Python's `async with cond: body`: acquires the lock, runs `body`, releases (also when the
   * body throws or is cancelled), and resolves with the body's result.
   */
  with<R>(body: () => R | PromiseLike<R>): Future<R> {
    return hold(
      "Condition.with()",
      () => this.acquire(),
      () => this.release(),
      body,
    );
  }

  /** Releases the lock, for `await cond.acquire(); await using _ = cond;`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }

  /** Python's repr: `<Condition [locked, waiters:1]>`. */
  toString(): string {
    let extra = this.locked() ? "locked" : "unlocked";
    if (this._waiters.size > 0) extra += `, waiters:${this._waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal CPython's `_notify`: wake the first `n` waiters not already woken. */
  _notify(n: number): void {
    let woken = 0;
    for (const waiter of this._waiters) {
      if (woken >= n) break;
      if (waiter.wake()) woken++;
    }
  }
}

/** A {@link ConditionWait}'s stage bits; the two low bits are left to subclasses. */
const REACQUIRE = 4; // waiting for the lock again after a notify (else for the notify)
const CANCEL_OWED = 8; // cancelled: `wait()` re-acquires the lock before it raises

/**
 * @internal A task inside CPython's `Condition.wait()`: waits in the condition's waiters for a
 * notify, then in the lock's waiters to hold the lock again; a cancel in either wait is kept until
 * the lock is held. Subclasses say what follows once it is held again ({@link reacquired}).
 */
export abstract class ConditionWait<R> extends Waiter<R> {
  declare protected readonly condition: Condition;
  /** REACQUIRE and CANCEL_OWED, with the subclass's own bits below them */
  declare protected stage: number;

  constructor(condition: Condition, loop: EventLoop, stage: number) {
    super({ loop });
    this.condition = condition;
    this.stage = stage;
  }

  /** CPython's `Condition.wait` after its awaits (the notify, then the lock). */
  protected afterWait(_woken: boolean, cancelled: boolean): void {
    if (cancelled) this.stage |= CANCEL_OWED;
    if ((this.stage & REACQUIRE) === 0) {
      this.condition._waiters.delete(this);
      this.reacquire();
      return;
    }
    // Cancelled, CPython's Lock.acquire hands the lock on if it is free, and wait() tries again.
    if (this.condition._lock._afterWait(this, cancelled)) this.reacquired();
    else this.reacquire();
  }

  /** Waits for the lock again, or holds it at once. */
  protected reacquire(): void {
    this.stage |= REACQUIRE;
    const lock = this.condition._lock;
    if (lock._tryAcquire(this)) this.reacquired();
    else lock._addWaiter(this);
  }

  /** True when a cancel is owed: `wait()` raises it now that the lock is held again. */
  protected get cancelOwed(): boolean {
    return (this.stage & CANCEL_OWED) !== 0;
  }

  /** The lock is held again: `wait()` returns, or raises the cancel it kept. */
  protected abstract reacquired(): void;
}

/**
 * A task in `Condition.wait()` or `waitFor()`: {@link ConditionWait}'s steps and then, for
 * `waitFor`, tries the predicate and waits again while it is falsy.
 */
class ConditionWaiter<R> extends ConditionWait<R> {
  declare private readonly predicate: (() => R) | undefined;

  constructor(condition: Condition, loop: EventLoop, predicate: (() => R) | undefined) {
    super(condition, loop, 0);
    this.predicate = predicate;
  }

  override get waitDescription(): string {
    return this.predicate === undefined ? "Condition.wait()" : "Condition.waitFor()";
  }

  protected reacquired(): void {
    const condition = this.condition;
    if (this.cancelOwed) {
      // We may have been notified before the cancel: make sure another waiter is.
      condition._notify(1);
      this.confirmCancel();
      return;
    }
    const predicate = this.predicate;
    if (predicate === undefined) {
      this.finish(true as R);
      return;
    }
    const result = this.runAsWaiter(predicate);
    if (result) {
      this.finish(result);
      return;
    }
    // waitFor: wait() again.
    this.stage = 0;
    condition.release();
    condition._waiters.add(this);
  }
}
