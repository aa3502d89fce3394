import { RuntimeError } from "./exceptions/runtime-error.js";
import { InvalidStateError } from "./exceptions/invalid-state-error.js";
import { Future, type FutureOptions } from "./future.js";
import { watchHoldFor, type HoldWatch } from "./hold-watch.js";
import { PENDING } from "./internal/future-state.js";
import type { ReadyItem } from "./internal/ready-item.js";
import { taskStorage, type TaskFrame } from "./internal/task-frame.js";
import { creationStackOf, recordCreationStack } from "./internal/task-tree-site.js";
import { ownThen } from "./internal/accelerators/index.js";
import type { Task } from "./task.js";

// Bits of the outcome field while pending (future.ts keeps bit 1 there): no field of their own.
const WOKEN = 2;
const CANCEL_REQUESTED = 4;
const SCHEDULED = 8;
const WAIT_FLAGS = WOKEN | CANCEL_REQUESTED | SCHEDULED;

/**
 * The future a waiting method of a primitive (a lock, an event, a queue) hands to the task that
 * waits, for primitives written on asyncio-ts. The task awaits it directly: no coroutine runs
 * between the two, so a wait costs one small object.
 *
 * In CPython such a method is a coroutine: it queues a plain future, `await`s it, and when the
 * task resumes it runs the code after that `await` (take the lock, hand a wake-up on if it was
 * cancelled, wait again). A Waiter keeps that shape without the coroutine:
 *
 * - The primitive queues the waiter and returns it. To wake it, where CPython calls
 *   `fut.set_result(...)`, it calls {@link Waiter.wake}.
 * - In the next loop iteration (when CPython's task would resume) the waiter runs
 *   {@link Waiter.afterWait}, the code after the `await`, and ends the wait there with
 *   {@link Waiter.finish} or {@link Waiter.fail}: whoever awaits resumes at once, in that
 *   iteration. `afterWait` may also leave the waiter pending and queue it again (a queue whose
 *   item was taken by someone else meanwhile waits again).
 * - `cancel()` (the awaiting task's cancel reaches it) is a request: the waiter stays pending,
 *   and `afterWait` runs in the next iteration with `cancelled` true, whether the cancel came
 *   before or after a wake-up (`woken` says which: a woken waiter that is cancelled hands its
 *   wake-up on). `afterWait` then cleans up and calls {@link Waiter.confirmCancel}, or holds the
 *   cancel until it may end (a condition re-acquires its lock first).
 *
 * As CPython's futures, `waiting()` is true until the waiter is woken or cancelled (CPython's
 * `not fut.done()`), and `woken()` stays true after a wake-up, also once it is cancelled. Code
 * that `afterWait` runs, runs from the loop: {@link Waiter.runAsWaiter} runs user code (a
 * predicate) as the waiting task would, and {@link Waiter.watchHold} watches a hold taken for it.
 * A waiter refuses `setResult` and `setException`, as a coroutine would: only its primitive ends it.
 *
 * @typeParam T - what the wait resolves with.
 * @example
 * ```ts
 * import { Waiter, bindLoop, type EventLoop, type Future, type FutureOptions } from "asyncio-ts";
 *
 * // Each ring() wakes one waiting task, oldest first.
 * class Doorbell {
 *   readonly waiters = new Set<DoorbellWaiter>();
 *   loop: EventLoop | undefined;
 *
 *   wait(): Future<void> {
 *     const waiter = new DoorbellWaiter(this, { loop: (this.loop = bindLoop(this.loop, this)) });
 *     this.waiters.add(waiter);
 *     return waiter;
 *   }
 *
 *   ring(): void {
 *     for (const waiter of this.waiters) if (waiter.wake()) return;
 *   }
 * }
 *
 * class DoorbellWaiter extends Waiter<void> {
 *   constructor(readonly bell: Doorbell, options: FutureOptions) {
 *     super(options);
 *   }
 *
 *   protected afterWait(woken: boolean, cancelled: boolean): void {
 *     this.bell.waiters.delete(this);
 *     if (!cancelled) return this.finish(undefined);
 *     if (woken) this.bell.ring(); // the ring was ours: the next waiter gets it
 *     this.confirmCancel();
 *   }
 *
 *   override get waitDescription(): string {
 *     return "Doorbell.wait()"; // in captureTaskTree()
 *   }
 * }
 * ```
 */
export abstract class Waiter<T = unknown> extends Future<T> implements ReadyItem {
  /** @internal the frame the waiter was made in: the waiting task's, or a library call's inside it */
  declare readonly _frame: TaskFrame | undefined;
  /** @internal on the prototype (below): as a ready item it is never skipped */
  declare readonly _cancelled: boolean;

  constructor(options: FutureOptions = {}) {
    super(options);
    this._frame = taskStorage.getStore();
    if (this._loop.getDebug()) recordCreationStack(this, new.target);
  }

  /**
   * The code after CPython's `await fut`, run in the loop iteration after {@link Waiter.wake}
   * or `cancel()`. End the wait here with {@link Waiter.finish}, {@link Waiter.fail} or
   * {@link Waiter.confirmCancel}, or queue the waiter again to wait once more.
   *
   * @param woken - a wake-up was handed to it (CPython: `fut.done() and not fut.cancelled()`).
   * @param cancelled - a cancel was requested since the last `afterWait` (CPython: the `await`
   * raised `CancelledError`).
   */
  protected abstract afterWait(woken: boolean, cancelled: boolean): void;

  /**
   * Wakes the waiter, as CPython's `fut.set_result(...)` on the future a coroutine awaits:
   * {@link Waiter.afterWait} runs in the next iteration. Returns false, doing nothing, when it
   * is not {@link Waiter.waiting} (woken already, or cancelled).
   */
  wake(): boolean {
    if (this._state !== PENDING || (this._waitFlags & (WOKEN | CANCEL_REQUESTED)) !== 0) return false;
    this._waitFlags |= WOKEN;
    this.schedule();
    return true;
  }

  /** True until the waiter is woken or cancelled: CPython's `not fut.done()` of the awaited future. */
  waiting(): boolean {
    return this._state === PENDING && (this._waitFlags & (WOKEN | CANCEL_REQUESTED)) === 0;
  }

  /** True once woken and until {@link Waiter.afterWait} runs, also when cancelled meanwhile. */
  woken(): boolean {
    return this._state === PENDING && (this._waitFlags & WOKEN) !== 0;
  }

  /**
   * Requests cancellation: {@link Waiter.afterWait} runs in the next iteration with `cancelled`
   * true and ends the wait. Returns false only when the waiter is done already.
   */
  override cancel(message?: unknown): boolean {
    if (this._state !== PENDING) return false;
    if ((this._waitFlags & CANCEL_REQUESTED) === 0) {
      this._waitFlags |= CANCEL_REQUESTED;
      this._cancelMessage = message;
      this.schedule();
    }
    return true;
  }

  /** Ends the wait with `value`; whoever awaits resumes now, in this iteration. */
  finish(value: T): void {
    this.checkPending();
    Future.prototype.setResult.call(this, value);
  }

  /** Ends the wait with `error`; whoever awaits resumes now and throws it. */
  fail(error: unknown): void {
    this.checkPending();
    Future.prototype.setException.call(this, error);
  }

  /** Ends the wait cancelled, with the requested cancel's message; whoever awaits throws `CancelledError` now. */
  confirmCancel(): void {
    this.checkPending();
    Future.prototype.cancel.call(this, this._cancelMessage);
  }

  /**
   * Runs `fn` as code of the task that made the waiter: `currentTask()` and ContextVars are
   * that task's, as for a predicate CPython calls inside the waiting coroutine.
   */
  runAsWaiter<R>(fn: () => R): R {
    return taskStorage.run(this._frame, fn);
  }

  /**
   * {@link watchHold} for a hold the waiter takes on behalf of its task (a lock handed over in
   * {@link Waiter.afterWait}): debug mode reports that task, and where the waiter was made.
   */
  watchHold(resource: object): HoldWatch | undefined {
    return watchHoldFor(resource, this._frame?._frameTask as Task<unknown> | undefined, creationStackOf(this));
  }

  /** What the waiter stands for in the task tree and call graph (`"Lock.acquire()"`): by default its class name. */
  get waitDescription(): string {
    return this.constructor.name;
  }

  /** A waiter is ended by its primitive only: this throws `RuntimeError`, as a coroutine would. */
  override setResult(_result: T): never {
    throw new RuntimeError(`${this.constructor.name} does not support set_result operation`);
  }

  /** A waiter is ended by its primitive only: this throws `RuntimeError`, as a coroutine would. */
  override setException(_exception: unknown): never {
    throw new RuntimeError(`${this.constructor.name} does not support set_exception operation`);
  }

  /** @internal whoever awaits resumes in the iteration that ends the wait, as after a coroutine's return */
  override _scheduleCallbacks(): void {
    this._runCallbacks(true);
  }

  /** @internal as a ready item: the iteration after a wake-up or a cancel */
  _run(): void {
    if (this._state !== PENDING) return;
    const flags = this._waitFlags;
    this._waitFlags = 0;
    try {
      this.afterWait((flags & WOKEN) !== 0, (flags & CANCEL_REQUESTED) !== 0);
    } catch (error) {
      if (this._state === PENDING) Future.prototype.setException.call(this, error);
      else
        this._loop.callExceptionHandler({ message: "Exception in Waiter.afterWait", exception: error, future: this });
    }
  }

  /** @internal a slow step it runs is its task's */
  _stepSubject(): { toString(): string } {
    return this._frame?._frameTask ?? this;
  }

  /**
   * @internal WOKEN, CANCEL_REQUESTED and SCHEDULED: bits of the outcome field, which holds flags
   * only while the waiter is pending; read and written only then
   */
  get _waitFlags(): number {
    return (this._outcome as number) & WAIT_FLAGS;
  }

  /** @internal */
  set _waitFlags(flags: number) {
    this._outcome = ((this._outcome as number) & ~WAIT_FLAGS) | flags;
  }

  private checkPending(): void {
    if (this._state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
  }

  private schedule(): void {
    if ((this._waitFlags & SCHEDULED) !== 0) return;
    this._waitFlags |= SCHEDULED;
    this._loop._enqueue(this);
  }
}

(Waiter.prototype as { _cancelled: boolean })._cancelled = false;
ownThen(Waiter);
