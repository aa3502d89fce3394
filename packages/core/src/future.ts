import { CancelledError } from "./exceptions/cancelled-error.js";
import { InvalidStateError } from "./exceptions/invalid-state-error.js";
import { captureContext, type Context } from "./context.js";
import type { SchedulingLoop } from "./internal/loop-interface.js";
import { Handle } from "./handle.js";
import { DoneCallbackHandle } from "./internal/done-callback-handle.js";
import { AwaitEntry } from "./internal/await-entry.js";
import { CANCELLED, FULFILLED, PENDING, REJECTED, type FutureState } from "./internal/future-state.js";
import { getEventLoop } from "./internal/loop-state.js";
import { FUTURE_BRAND } from "./internal/runtime-registry.js";
import { acceleratedAwait } from "./internal/accelerators/index.js";
import type { ReadyItem } from "./internal/ready-item.js";
import { taskStorage } from "./internal/task-frame.js";
import { unretrievedExceptions } from "./internal/unretrieved-exceptions.js";

/**
 * A bit of a pending future's outcome field, which holds flags while pending: someone awaits the
 * future or asked for its exception, so a failure is not reported as never retrieved. The higher
 * bits are free for a subclass's own state while pending (a Waiter's flags, a task's stepping
 * epoch): a field fewer per future.
 */
const OBSERVED = 1;

// Few futures are cancelled with a message: theirs are kept beside them, not in a field of every future.
const cancelMessages = new WeakMap<Future<unknown>, unknown>();

const STATE_NAMES = ["PENDING", "FINISHED", "FINISHED", "CANCELLED"] as const;

/** A callback run when a future is done; it receives the future. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** Options of the {@link Future} constructor. */
export interface FutureOptions {
  /** The loop the future belongs to; by default the current event loop. */
  readonly loop?: SchedulingLoop;
}

/**
 * An eventual result, as `asyncio.Future`: set once with a result or an exception, or cancelled.
 * Done callbacks are scheduled through the loop (`callSoon`), never run inline. A Future is
 * `PromiseLike`: `await future` returns its result, throws its exception, or throws
 * `CancelledError` when it was cancelled.
 *
 * @example
 * ```ts
 * const loop = getRunningLoop();
 * const future = loop.createFuture<number>();
 * loop.callLater(0.1, () => future.setResult(42));
 * console.log(await future); // 42
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** @internal */ declare _state: FutureState;
  /**
   * @internal the result once fulfilled, the exception once rejected; once cancelled by a
   * CancelledError of its own, that error. One field for all three: the state says which.
   * While pending, a non-negative integer: bit 1 once someone awaits it or asks for its
   * exception; the higher bits are free for a subclass's own state (a Waiter keeps its flags
   * there, a Task or library call its stepping epoch).
   */
  declare _outcome: unknown;
  /**
   * @internal the callbacks, in registration order: most futures have exactly one (their
   * awaiter), kept alone; an array only once there are more, so a future spends one field on them
   */
  declare _callbacks: ReadyItem | ReadyItem[] | undefined;
  /** @internal */ declare readonly _loop: SchedulingLoop;

  constructor(options: FutureOptions = {}) {
    // Assigned, not class fields: defining fields on the objects of Future's many subclasses
    // makes those definitions megamorphic, which a stream echo pays for.
    this._state = PENDING;
    this._outcome = 0;
    this._callbacks = undefined;
    this._loop = options.loop ?? getEventLoop();
  }

  /** The loop this future is bound to (Python's `get_loop()`). */
  getLoop(): SchedulingLoop {
    return this._loop;
  }

  /** True when the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True when the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result. Throws the future's exception if it has one, `CancelledError` if it was
   * cancelled, and `InvalidStateError("Result is not ready.")` while it is pending.
   */
  result(): T {
    switch (this._state) {
      case FULFILLED:
        return this._outcome as T;
      case REJECTED:
        this._markRetrieved();
        throw this._outcome;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError("Result is not ready.");
    }
  }

  /**
   * The exception, or `undefined` when the future has a result. Throws `CancelledError` if it
   * was cancelled and `InvalidStateError("Exception is not set.")` while it is pending.
   */
  exception(): unknown {
    switch (this._state) {
      case FULFILLED:
        return undefined;
      case REJECTED:
        this._markRetrieved();
        return this._outcome;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError("Exception is not set.");
    }
  }

  /**
   * Marks the future done with a result and schedules its callbacks.
   * Throws `InvalidStateError` if it is already done.
   */
  setResult(result: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
    this._outcome = result;
    this._state = FULFILLED;
    this._scheduleCallbacks();
  }

  /**
   * Marks the future done with an exception and schedules its callbacks.
   * Throws `InvalidStateError` if it is already done; a class is instantiated first, as Python does.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
    let error = exception;
    if (typeof error === "function") {
      error = new (error as new () => unknown)();
    }
    if (error === undefined || error === null) {
      throw new TypeError("invalid exception object");
    }
    this._reject(error);
  }

  /**
   * Cancels the future: if it is pending it becomes cancelled, its callbacks are scheduled,
   * and `true` is returned; a done future is left as it is and `false` is returned.
   * `message` becomes the message of the `CancelledError` that awaiting it throws.
   */
  cancel(message?: unknown): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._outcome = undefined;
    this._cancelMessage = message;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Adds a callback run (through the loop, in the current contextvars context) once the
   * future is done; if it is done already the callback is scheduled at once.
   */
  addDoneCallback(callback: DoneCallback<T>, options: { context?: Context } = {}): void {
    if (typeof callback !== "function") {
      throw new TypeError(`a callable object was expected by addDoneCallback(), got ${String(callback)}`);
    }
    const context = options.context ?? captureContext();
    const handle = new DoneCallbackHandle(callback as (future: Future<T>) => void, this, this._loop, context);
    if (this._state !== PENDING) this._loop._enqueue(handle);
    else this._addCallback(handle);
  }

  /** Removes every registration of `callback`; returns how many were removed. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const all = this._takeCallbacks();
    const kept = all.filter((item) => !(item instanceof Handle && item._callback === callback));
    for (const item of kept) this._addCallback(item);
    return all.length - kept.length;
  }

  /**
   * Makes the future awaitable. Inside a Task, the awaiting task records this future as what
   * it waits on, so that `task.cancel()` cancels it and `CancelledError` comes out of this
   * very `await`, as in Python.
   */
  then<TResult1 = T, TResult2 = never>(
    onFulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null,
  ): PromiseLike<TResult1 | TResult2> {
    if (typeof onRejected === "function") this._markRetrieved();
    if (this._state !== PENDING) {
      // Python does not suspend on a done future: a native promise settles it in a microtask,
      // not a loop iteration, and costs V8 less than any object of ours would.
      const settled = this._state === FULFILLED ? Promise.resolve(this._outcome as T) : Promise.reject(this._failure());
      return settled.then(onFulfilled, onRejected);
    }
    const owner = taskStorage.getStore()?._frameOwner;
    const refusal = owner?._refuseAwait(this);
    if (refusal !== undefined) return Promise.reject(refusal).then(undefined, onRejected);
    // An AwaitEntry is the plain form; where its probe passed, an accelerator may take a form
    // that spares memory instead (internal/accelerators).
    let awaiting = acceleratedAwait(this, owner, onFulfilled, onRejected) as
      | PromiseLike<TResult1 | TResult2>
      | undefined;
    if (awaiting === undefined) {
      const entry = new AwaitEntry<T, TResult1, TResult2>(this, owner, onFulfilled, onRejected);
      this._addCallback(entry);
      awaiting = entry;
    }
    this._loop._pendingAwaits++;
    owner?._suspend(this);
    return awaiting;
  }

  /**
   * As `Promise.prototype.catch`: a new native Promise that settles as this future, except that
   * `onRejected` handles a failure (a cancellation fails with `CancelledError`). Calling it
   * inside a task is not an `await`: the task does not take this future for what it waits on,
   * so cancelling the task does not cancel this future through it.
   */
  catch<TResult = never>(onRejected?: ((reason: any) => TResult | PromiseLike<TResult>) | null): Promise<T | TResult> {
    return this._asPromise().catch(onRejected);
  }

  /**
   * As `Promise.prototype.finally`: a new native Promise with this future's outcome, after
   * `onFinally` ran; if `onFinally` throws (or returns a promise that rejects), that error
   * replaces the outcome. Like {@link Future.catch}, not an `await` of the calling task.
   */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this._asPromise().finally(onFinally);
  }

  /**
   * @internal a native promise of the outcome. `then` runs outside the caller's frame: inside a
   * task it would make this future the task's waiter, as an `await` does.
   */
  _asPromise(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      taskStorage.exit(() => this.then(resolve, reject));
    });
  }

  /** A short description, as Python's repr: `<Future pending>`, `<Future finished result=1>`. */
  toString(): string {
    return `<${this._reprInfo().join(" ")}>`;
  }

  /** @internal */
  _reprInfo(): string[] {
    const info: string[] = [this.constructor.name, STATE_NAMES[this._state].toLowerCase()];
    if (this._state === FULFILLED) info.push(`result=${describe(this._outcome)}`);
    if (this._state === REJECTED) info.push(`exception=${describe(this._outcome)}`);
    const count = this._peekCallbacks().length;
    if (count > 0) info.push(`cb=[${count}]`);
    return info;
  }

  /** @internal what a done future that did not fulfill throws at its await: its exception, or a CancelledError */
  _failure(): unknown {
    return this._state === CANCELLED ? this._makeCancelledError() : this._outcome;
  }

  /** @internal */
  _makeCancelledError(): CancelledError {
    // A future cancelled by a CancelledError of its own keeps that error where a rejection keeps its exception.
    if (this._state === CANCELLED && this._outcome !== undefined) return this._outcome as CancelledError;
    const message = this._cancelMessage === undefined ? undefined : String(this._cancelMessage);
    return new CancelledError(message);
  }

  /** @internal */
  _markRetrieved(): void {
    // A rejected future is tracked until retrieved: once done, the tracking is the mark.
    // Arithmetic, not `|`: a subclass's flags above this bit may outgrow 32 bits.
    if (this._state === PENDING) {
      const flags = this._outcome as number;
      if (flags % 2 === 0) this._outcome = flags + OBSERVED;
    } else if (this._state === REJECTED) unretrievedExceptions.retrieved(this);
  }

  /** @internal */
  _addCallback(item: ReadyItem): void {
    const callbacks = this._callbacks;
    if (callbacks === undefined) this._callbacks = item;
    else if (Array.isArray(callbacks)) callbacks.push(item);
    else this._callbacks = [callbacks, item];
  }

  /** @internal the callbacks, left registered */
  _peekCallbacks(): readonly ReadyItem[] {
    const callbacks = this._callbacks;
    if (callbacks === undefined) return [];
    return Array.isArray(callbacks) ? callbacks : [callbacks];
  }

  /** @internal */
  _takeCallbacks(): ReadyItem[] {
    const callbacks = this._callbacks;
    this._callbacks = undefined;
    if (callbacks === undefined) return [];
    return Array.isArray(callbacks) ? callbacks : [callbacks];
  }

  /** @internal schedules every callback through the loop, in registration order. */
  _scheduleCallbacks(): void {
    this._runCallbacks(false);
  }

  /**
   * @internal with `inlineAwaiters`, whoever awaits resumes now (a coroutine returning to its
   * caller) instead of in the next iteration; done callbacks are always scheduled.
   */
  _runCallbacks(inlineAwaiters: boolean): void {
    const callbacks = this._callbacks;
    if (callbacks === undefined) return;
    this._callbacks = undefined;
    const loop = this._loop;
    if (!Array.isArray(callbacks)) {
      if (inlineAwaiters && callbacks._resumesAwait === true) callbacks._run();
      else loop._enqueue(callbacks);
      return;
    }
    for (const item of callbacks) {
      if (inlineAwaiters && item._resumesAwait === true) item._run();
      else loop._enqueue(item);
    }
  }

  /** @internal sets the result without the public guards (tasks use it). */
  _resolve(result: T): void {
    this._outcome = result;
    this._state = FULFILLED;
    this._scheduleCallbacks();
  }

  /** @internal sets the result and resumes whoever awaits at once, in this iteration. */
  _resolveInline(result: T): void {
    this._outcome = result;
    this._state = FULFILLED;
    this._runCallbacks(true);
  }

  /** @internal */
  _reject(error: unknown): void {
    const observed = (this._outcome as number) % 2 === OBSERVED;
    this._outcome = error;
    this._state = REJECTED;
    if (!observed) unretrievedExceptions.track(this, error);
    this._scheduleCallbacks();
  }

  /** @internal ends the future cancelled by a CancelledError that came out of its own code. */
  _cancelWith(error: CancelledError | undefined, message?: unknown): void {
    this._outcome = error;
    this._cancelMessage = message;
    this._state = CANCELLED;
    this._scheduleCallbacks();
  }

  /**
   * @internal the message of the cancel that ended it, or, for a task, of a cancel waiting for
   * its next library await
   */
  get _cancelMessage(): unknown {
    return cancelMessages.get(this);
  }

  /** @internal */ set _cancelMessage(message: unknown) {
    if (message === undefined) cancelMessages.delete(this);
    else cancelMessages.set(this, message);
  }

  /** @internal */
  get _isPending(): boolean {
    return this._state === PENDING;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}(${JSON.stringify(value.message)})`;
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// Every copy of core marks its futures with the same registered symbol: isFuture reads the mark,
// so a Future of the ESM build is one for the CommonJS build too, and for another version.
Object.defineProperty(Future.prototype, FUTURE_BRAND, { value: true });

/**
 * True when `value` is a Future of this library (also one from another copy of the package: the
 * ESM and CommonJS builds, or another version), as `asyncio.isfuture`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   isFuture(getRunningLoop().createFuture()); // true
 *   isFuture(createTask(() => sleep(0))); // true: a Task is a Future
 *   isFuture(Promise.resolve(1)); // false
 * });
 * ```
 */
export function isFuture(value: unknown): value is Future<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    (value as { [FUTURE_BRAND]?: unknown })[FUTURE_BRAND] === true
  );
}
