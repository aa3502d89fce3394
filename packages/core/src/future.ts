import { CancelledError } from "./exceptions/cancelled-error.js";
import { InvalidStateError } from "./exceptions/invalid-state-error.js";
import type { Context } from "./context.js";
import type { EventLoop } from "./event-loop.js";
import { getEventLoop } from "./internal/loop-state.js";
import { taskStorage } from "./internal/task-frame.js";
import { unretrievedExceptions } from "./internal/unretrieved-exceptions.js";

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
const CANCELLED = 3;
type FutureState = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;
const STATE_NAMES = ["PENDING", "FINISHED", "FINISHED", "CANCELLED"] as const;

/** A callback run when a future is done; it receives the future. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** @internal one registered callback: a user's done callback or an `await` waiting on the future. */
export interface CallbackEntry {
  readonly callback: (future: Future<any>) => void;
  readonly context: Context | undefined;
  /** An `await`: run at once when the future belongs to a library call, as a coroutine return would. */
  readonly awaiter: boolean;
}

/** Options of the {@link Future} constructor. */
export interface FutureOptions {
  /** The loop the future belongs to; by default the current event loop. */
  readonly loop?: EventLoop;
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
  /** @internal */ _state: FutureState = PENDING;
  /** @internal */ _result: T | undefined = undefined;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _callbacks: CallbackEntry[] | undefined = undefined;
  /** @internal */ _cancelMessage: unknown = undefined;
  /** @internal the CancelledError that ended this future, kept so its message and cause carry through */
  _cancelledError: CancelledError | undefined = undefined;
  /** @internal someone awaits or asked for the exception: no "never retrieved" report */
  _errorObserved = false;
  /** @internal */ readonly _loop: EventLoop;

  constructor(options: FutureOptions = {}) {
    this._loop = options.loop ?? getEventLoop();
  }

  /** The loop this future is bound to (Python's `get_loop()`). */
  getLoop(): EventLoop {
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
        return this._result as T;
      case REJECTED:
        this._markRetrieved();
        throw this._exception;
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
        return this._exception;
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
    this._result = result;
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
    const context = options.context ?? this._loop._captureContext();
    const entry: CallbackEntry = { callback: callback as (future: Future<any>) => void, context, awaiter: false };
    if (this._state !== PENDING) {
      this._loop._callSoonWith(entry.callback, this, context);
    } else {
      this._addCallbackEntry(entry);
    }
  }

  /** Removes every registration of `callback`; returns how many were removed. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const callbacks = this._callbacks;
    if (callbacks === undefined) return 0;
    const kept = callbacks.filter((entry) => entry.callback !== callback);
    const removed = callbacks.length - kept.length;
    if (removed > 0) this._callbacks = kept;
    return removed;
  }

  /**
   * Makes the future awaitable. Inside a Task, the awaiting task records this future as what
   * it waits on, so that `task.cancel()` cancels it and `CancelledError` comes out of this
   * very `await`, as in Python.
   */
  then<TResult1 = T, TResult2 = never>(
    onFulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    const owner = taskStorage.getStore()?.owner;
    if (typeof onRejected === "function") this._markRetrieved();
    return new Promise<TResult1 | TResult2>((resolve, reject) => {
      const settle = (): void => {
        let failure: unknown;
        let failed = owner !== undefined && owner._wake(this);
        if (failed) {
          failure = (owner as NonNullable<typeof owner>)._takeCancelledError();
        } else if (this._state === FULFILLED) {
          if (typeof onFulfilled !== "function") return resolve(this._result as TResult1);
          try {
            return resolve(onFulfilled(this._result as T));
          } catch (error) {
            return reject(error);
          }
        } else {
          failed = true;
          failure = this._state === CANCELLED ? this._makeCancelledError() : this._exception;
        }
        if (failed) {
          if (typeof onRejected !== "function") return reject(failure);
          try {
            resolve(onRejected(failure));
          } catch (error) {
            reject(error);
          }
        }
      };
      if (this._state !== PENDING) {
        // Python does not suspend on a done future; this costs microtasks, not a loop iteration.
        queueMicrotask(() => settleDone(this, onFulfilled, onRejected, resolve, reject));
        return;
      }
      if (owner !== undefined) {
        const refusal = owner._refuseAwait(this);
        if (refusal !== undefined) {
          queueMicrotask(() => (typeof onRejected === "function" ? resolve(onRejected(refusal)) : reject(refusal)));
          return;
        }
      }
      this._addCallbackEntry({ callback: settle, context: undefined, awaiter: true });
      owner?._suspend(this);
    });
  }

  /** A short description, as Python's repr: `<Future pending>`, `<Future finished result=1>`. */
  toString(): string {
    return `<${this._reprInfo().join(" ")}>`;
  }

  /** @internal */
  _reprInfo(): string[] {
    const info: string[] = [this.constructor.name, STATE_NAMES[this._state].toLowerCase()];
    if (this._state === FULFILLED) info.push(`result=${describe(this._result)}`);
    if (this._state === REJECTED) info.push(`exception=${describe(this._exception)}`);
    const count = this._callbacks?.length ?? 0;
    if (count > 0) info.push(`cb=[${count}]`);
    return info;
  }

  /** @internal */
  _makeCancelledError(): CancelledError {
    if (this._cancelledError !== undefined) return this._cancelledError;
    const message = this._cancelMessage === undefined ? undefined : String(this._cancelMessage);
    return new CancelledError(message);
  }

  /** @internal */
  _markRetrieved(): void {
    if (this._errorObserved) return;
    this._errorObserved = true;
    if (this._state === REJECTED) unretrievedExceptions.retrieved(this);
  }

  /** @internal */
  _addCallbackEntry(entry: CallbackEntry): void {
    if (this._callbacks === undefined) this._callbacks = [entry];
    else this._callbacks.push(entry);
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
    for (const entry of callbacks) {
      if (inlineAwaiters && entry.awaiter) entry.callback(this);
      else loop._callSoonWith(entry.callback, this, entry.context);
    }
  }

  /** @internal sets the result without the public guards (tasks use it). */
  _resolve(result: T): void {
    this._result = result;
    this._state = FULFILLED;
    this._scheduleCallbacks();
  }

  /** @internal sets the result and resumes whoever awaits at once, in this iteration. */
  _resolveInline(result: T): void {
    this._result = result;
    this._state = FULFILLED;
    this._runCallbacks(true);
  }

  /** @internal */
  _reject(error: unknown): void {
    this._exception = error;
    this._state = REJECTED;
    if (!this._errorObserved) unretrievedExceptions.track(this, error);
    this._scheduleCallbacks();
  }

  /** @internal ends the future cancelled by a CancelledError that came out of its own code. */
  _cancelWith(error: CancelledError | undefined, message?: unknown): void {
    this._cancelledError = error;
    this._cancelMessage = message;
    this._state = CANCELLED;
    this._scheduleCallbacks();
  }

  /** @internal */
  get _isPending(): boolean {
    return this._state === PENDING;
  }
}

function settleDone<T, TResult1, TResult2>(
  future: Future<T>,
  onFulfilled: ((value: T) => TResult1 | PromiseLike<TResult1>) | null | undefined,
  onRejected: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null | undefined,
  resolve: (value: TResult1 | TResult2 | PromiseLike<TResult1 | TResult2>) => void,
  reject: (reason: unknown) => void,
): void {
  try {
    if (future._state === FULFILLED) {
      resolve(typeof onFulfilled === "function" ? onFulfilled(future._result as T) : (future._result as TResult1));
      return;
    }
    const failure = future._state === CANCELLED ? future._makeCancelledError() : future._exception;
    if (typeof onRejected === "function") resolve(onRejected(failure));
    else reject(failure);
  } catch (error) {
    reject(error);
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

/** True when `value` is a Future of this library (also one from another copy of the package). */
export function isFuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}
