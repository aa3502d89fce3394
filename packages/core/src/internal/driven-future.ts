import { CancelledError, isCancelledError } from "../exceptions/cancelled-error.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { Future, type FutureOptions, isFuture } from "../future.js";
import type { SchedulingLoop } from "./loop-interface.js";
import { PENDING } from "./future-state.js";
import type { ReadyItem } from "./ready-item.js";
import { resumeCompactAwait } from "./accelerators/index.js";
import type { Context } from "../context.js";
import { taskStorage, type LoopFrameScope, type TaskFrame } from "./task-frame.js";

/** The stepping epoch's unit in the outcome field while pending: above the "observed" bit (future.ts). */
const STEP_UNIT = 2;

/**
 * A Future whose value comes from an async function that the library drives: the common
 * part of a Task and of a library call. It tracks what the function waits on, so that
 * `cancel()` reaches the innermost library `await` (CPython's `_fut_waiter`), and keeps a
 * cancel it could not deliver yet (`_must_cancel`) for the next library `await`.
 */
export abstract class DrivenFuture<T> extends Future<T> implements TaskFrame, ReadyItem {
  /**
   * @internal what the function awaits now: one future, or a set while it awaits several (a
   * `Promise.all` over futures), so a task spends one field on it
   */
  declare _waiters: Future<unknown> | Set<Future<unknown>> | undefined;
  /** @internal who awaits it without a library await (gather, TaskGroup, shield): internal/call-graph-awaited-by.ts */
  declare _awaitedBy: Future<unknown> | Set<Future<unknown>> | undefined;
  /**
   * @internal CPython's `_num_cancels_requested` times two, plus one while a cancel waits for the
   * next library await (`_must_cancel`): one field for both, read through the accessors below
   */
  declare _cancelRequests: number;
  /**
   * @internal while the function is suspended at a compact await (internal/accelerators):
   * the awaiting promise's resolve function. This one is then the awaited future's callback.
   */
  declare _resume: ((value: unknown) => void) | undefined;
  /** @internal on the prototype (below), true: as a callback it resumes an await */
  declare readonly _resumesAwait: boolean;
  /** @internal the Task whose frame this runs in (Task sits above this file) */
  abstract readonly _frameTask: object | undefined;
  /** @internal */ abstract readonly _context: Context;

  /** @internal as its own frame: its library awaits are its own */
  get _frameOwner(): DrivenFuture<unknown> {
    return this as DrivenFuture<unknown>;
  }

  constructor(options: FutureOptions) {
    super(options);
    this._waiters = undefined;
    this._awaitedBy = undefined;
    this._cancelRequests = 0;
    this._resume = undefined;
  }

  /** @internal as a ready item it is never cancelled */
  get _cancelled(): boolean {
    return false;
  }

  /** @internal as the callback of the future its compact await waits on */
  _run(): void {
    this._resumeAwait();
  }

  /** @internal a slow step it runs is its task's */
  _stepSubject(): { toString(): string } {
    return this._frameTask ?? this;
  }

  /** @internal delivers the outcome its compact await waits for (internal/accelerators) */
  _resumeAwait(): void {
    resumeCompactAwait(this as DrivenFuture<unknown>);
  }

  /**
   * Requests cancellation: the library future awaited now is cancelled, so `CancelledError`
   * is thrown at that `await`; if there is none, the cancel is delivered at the next one.
   * Returns `false` only when already done.
   */
  override cancel(message?: unknown): boolean {
    if (!this._isPending) return false;
    this._onCancelRequested(message);
    let delivered = false;
    const waiters = this._waiters;
    if (waiters instanceof Set) {
      for (const waiter of waiters) if (waiter.cancel(message)) delivered = true;
    } else if (waiters?.cancel(message)) {
      delivered = true;
    }
    if (delivered) return true;
    this._mustCancel = true;
    this._cancelMessage = message;
    return true;
  }

  /** @internal what the function awaits now (the first, when it awaits several) */
  _firstWaiter(): Future<unknown> | undefined {
    const waiters = this._waiters;
    if (!(waiters instanceof Set)) return waiters;
    for (const waiter of waiters) return waiter;
    return undefined;
  }

  /**
   * @internal the loop's stepping epoch while this one runs between two suspensions, else -1.
   * It lives above the "observed" bit of the outcome field while pending (no field of its own),
   * as epoch + 1 (0: not stepping), in arithmetic since epochs are not bounded. Once done it is
   * -1: every way to an end ends the step first, and a done one takes no new step.
   */
  get _stepEpoch(): number {
    if (this._state !== PENDING) return -1;
    return Math.floor((this._outcome as number) / STEP_UNIT) - 1;
  }

  /** @internal */
  set _stepEpoch(epoch: number) {
    if (this._state !== PENDING) return;
    this._outcome = ((this._outcome as number) % STEP_UNIT) + (epoch + 1) * STEP_UNIT;
  }

  /** @internal a cancel waits for the next library await (CPython's `_must_cancel`) */
  get _mustCancel(): boolean {
    return (this._cancelRequests & 1) !== 0;
  }

  /** @internal */
  set _mustCancel(value: boolean) {
    this._cancelRequests = value ? this._cancelRequests | 1 : this._cancelRequests & ~1;
  }

  /** @internal CPython's `_num_cancels_requested` */
  get _numCancelsRequested(): number {
    return this._cancelRequests >> 1;
  }

  /** @internal */
  set _numCancelsRequested(count: number) {
    this._cancelRequests = (count << 1) | (this._cancelRequests & 1);
  }

  /** How many cancellation requests are pending (incremented by `cancel`, decremented by `uncancel`). */
  cancelling(): number {
    return this._numCancelsRequested;
  }

  /**
   * Withdraws one cancellation request and returns how many remain. When none remain, a
   * cancel not yet delivered is dropped (Python 3.13).
   */
  uncancel(): number {
    if (this._numCancelsRequested > 0) {
      this._numCancelsRequested--;
      if (this._numCancelsRequested === 0) this._mustCancel = false;
    }
    return this._numCancelsRequested;
  }

  /** @internal counts the request; Task also aborts its signal. */
  _onCancelRequested(_message: unknown): void {
    this._numCancelsRequested++;
  }

  /**
   * @internal called by `Future.then` before code of this one awaits `future`. Returns an
   * error to throw at that await instead of waiting, as CPython's `__step` does.
   */
  _refuseAwait(future: Future<unknown>): Error | undefined {
    if (future === this) return new RuntimeError(`Task cannot await on itself: ${this.toString()}`);
    if (future._loop !== this._loop) {
      return new RuntimeError(`Task ${this.toString()} got Future ${future.toString()} attached to a different loop`);
    }
    return undefined;
  }

  /**
   * @internal called by `Future.then` once the await's callback is registered on `future`:
   * it becomes this one's waiter, and a pending cancel is delivered to it at once.
   */
  _suspend(future: Future<unknown>): void {
    this._endStep();
    const waiters = this._waiters;
    if (waiters === undefined) this._waiters = future;
    else if (waiters instanceof Set) waiters.add(future);
    else this._waiters = new Set([waiters, future]);
    if (this._mustCancel && future.cancel(this._cancelMessage)) this._mustCancel = false;
  }

  /**
   * @internal called when `future`, which this one awaited, is done and resumes it. Returns
   * true when a pending cancel must be thrown at that await instead of its outcome.
   */
  _wake(future: Future<unknown>): boolean {
    const waiters = this._waiters;
    if (waiters === future) this._waiters = undefined;
    else if (waiters instanceof Set && waiters.delete(future) && waiters.size === 0) this._waiters = undefined;
    this._beginStep();
    if (this._mustCancel) {
      this._mustCancel = false;
      return true;
    }
    // A library call that failed with a cancel still owed (CoroutineCall._cancelOwed) hands it
    // on: its error comes out here, the CancelledError at this one's next await, as in CPython.
    if ((future as { _cancelOwed?: boolean })._cancelOwed === true) {
      this._mustCancel = true;
      this._cancelMessage = future._cancelMessage;
    }
    return false;
  }

  /** @internal */
  _takeCancelledError(): CancelledError {
    const message = this._cancelMessage === undefined ? undefined : String(this._cancelMessage);
    return new CancelledError(message);
  }

  /**
   * @internal runs the function in this one's frame and settles from its outcome. The settle
   * handlers are attached inside the frame and find their owner through it: no closures, and
   * the promise they make does not keep a second storage frame alive.
   */
  _drive(fn: () => unknown, stepping: boolean, loopScope?: LoopFrameScope): void {
    if (stepping) this._beginStep();
    try {
      if (loopScope !== undefined) loopScope.enter(this, runAndWatch, fn);
      else taskStorage.run(this, runAndWatch, fn);
    } catch (error) {
      this._fail(error);
    }
  }

  /** @internal */
  _finish(value: T): void {
    this._endStep();
    if (!this._isPending) return;
    if (this._mustCancel) {
      // Cancelled while awaiting something foreign, and it returned before a library await.
      this._mustCancel = false;
      this._cancelWith(undefined, this._cancelMessage);
      return;
    }
    this._resolve(value);
  }

  /** @internal */
  _fail(error: unknown): void {
    this._endStep();
    if (!this._isPending) return;
    this._mustCancel = false;
    if (isCancelledError(error))
      this._cancelWith(error as CancelledError, (error as CancelledError).message || undefined);
    else this._reject(error);
  }

  /** @internal */
  _beginStep(): void {
    // An await of a done one can still resume (one of a `Promise.all` its function left behind):
    // no step of its own follows.
    if (this._state !== PENDING) return;
    const loop = this._loop;
    if (this._stepEpoch !== loop._steppingEpoch) {
      if (this._stepEpoch !== -1) this._leaveForeignStep(loop);
      this._stepEpoch = loop._steppingEpoch;
      loop._steppingCount++;
    }
  }

  /** @internal */
  _endStep(): void {
    const loop = this._loop;
    if (this._stepEpoch === loop._steppingEpoch) loop._steppingCount--;
    else if (this._stepEpoch !== -1) this._leaveForeignStep(loop);
    this._stepEpoch = -1;
  }

  /** @internal A step of an earlier epoch was counted as a foreign await when the loop stopped waiting for it. */
  private _leaveForeignStep(loop: SchedulingLoop): void {
    if (--loop._foreignSteps === 0) loop._reconsiderWait();
  }
}

function runAndWatch(fn: () => unknown): void {
  watchOutcome(fn());
}

function watchOutcome(outcome: unknown): void {
  if (isFuture(outcome)) {
    // A library future handed back without being awaited (`() => sleep(1)`) is awaited here,
    // in the frame, so it becomes the waiter that a cancel reaches. Its callbacks run from
    // the loop, outside the frame: they need the owner in hand.
    const owner = currentOwner();
    outcome.then(
      (value: unknown) => owner._finish(value),
      (error: unknown) => owner._fail(error),
    );
  } else if (
    outcome !== null &&
    (typeof outcome === "object" || typeof outcome === "function") &&
    typeof (outcome as PromiseLike<unknown>).then === "function"
  ) {
    // Reactions of a promise run in the frame they were attached in.
    (outcome as PromiseLike<unknown>).then(finishCurrent, failCurrent);
  } else {
    currentOwner()._finish(outcome);
  }
}

function currentOwner(): DrivenFuture<unknown> {
  return (taskStorage.getStore() as TaskFrame)._frameOwner as DrivenFuture<unknown>;
}

function finishCurrent(value: unknown): void {
  currentOwner()._finish(value);
}

function failCurrent(error: unknown): void {
  currentOwner()._fail(error);
}

(DrivenFuture.prototype as { _resumesAwait: boolean })._resumesAwait = true;
