import { CancelledError } from "./exceptions/cancelled-error.js";
import { InvalidStateError } from "./exceptions/invalid-state-error.js";
import { RuntimeError } from "./exceptions/runtime-error.js";

const PENDING = 0;
const RUNNING = 1;
const CANCELLED = 2;
const CANCELLED_AND_NOTIFIED = 3;
const FINISHED = 4;
type State = typeof PENDING | typeof RUNNING | typeof CANCELLED | typeof CANCELLED_AND_NOTIFIED | typeof FINISHED;
const STATE_NAMES = ["pending", "running", "cancelled", "cancelled", "finished"] as const;

/**
 * The result of work handed to another thread, as Python's `concurrent.futures.Future`:
 * returned by `ThreadPoolExecutor.submit` and `runCoroutineThreadsafe`. Unlike an asyncio
 * {@link Future} it belongs to no event loop, and its done callbacks run at once, in the thread
 * that completes it.
 *
 * JavaScript cannot block, so `result()` and `exception()` never wait: they throw
 * `InvalidStateError` while the future is pending. Await the future instead (it is
 * `PromiseLike`), or wrap it with `wrapFuture` to await it from a task with cancellation.
 *
 * @example
 * ```ts
 * const executor = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const future = executor.submit((n: number) => n * 2, 21);
 * future.addDoneCallback((done) => console.log(done.result())); // 42
 * console.log(await future); // 42
 * await executor.shutdown();
 * ```
 */
export class ConcurrentFuture<T = unknown> implements PromiseLike<T> {
  private state: State = PENDING;
  private value: T | undefined = undefined;
  private error: unknown = undefined;
  private failed = false;
  private callbacks: ((future: ConcurrentFuture<T>) => void)[] = [];

  /**
   * Cancels the future unless it is running or done: returns `false` when it is running or
   * done (the work goes on), `true` when it is (now) cancelled. Done callbacks run at once.
   */
  cancel(): boolean {
    if (this.state === RUNNING || this.state === FINISHED) return false;
    if (this.state === CANCELLED || this.state === CANCELLED_AND_NOTIFIED) return true;
    this.state = CANCELLED;
    this.invokeCallbacks();
    return true;
  }

  /** True when the future was cancelled. */
  cancelled(): boolean {
    return this.state === CANCELLED || this.state === CANCELLED_AND_NOTIFIED;
  }

  /** True while the work runs (and can no longer be cancelled). */
  running(): boolean {
    return this.state === RUNNING;
  }

  /** True when the future was cancelled or the work finished. */
  done(): boolean {
    return this.state === CANCELLED || this.state === CANCELLED_AND_NOTIFIED || this.state === FINISHED;
  }

  /**
   * The work's result; throws its error, `CancelledError` if the future was cancelled, and
   * `InvalidStateError("Result is not ready.")` while it is pending (it never blocks).
   */
  result(): T {
    if (this.cancelled()) throw new CancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError("Result is not ready.");
    if (this.failed) throw this.error;
    return this.value as T;
  }

  /**
   * The work's error, or `undefined` when it succeeded; throws `CancelledError` if the future
   * was cancelled and `InvalidStateError("Exception is not set.")` while it is pending.
   */
  exception(): unknown {
    if (this.cancelled()) throw new CancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError("Exception is not set.");
    return this.failed ? this.error : undefined;
  }

  /**
   * Calls `callback(future)` once the future is done (cancelled or finished), in the thread
   * that completes it; at once if it is done already. An error thrown by a callback is logged
   * and the other callbacks still run, as in Python.
   */
  addDoneCallback(callback: (future: ConcurrentFuture<T>) => void): void {
    if (typeof callback !== "function") {
      throw new TypeError(`a callable object was expected by addDoneCallback(), got ${String(callback)}`);
    }
    if (!this.done()) {
      this.callbacks.push(callback);
      return;
    }
    this.invokeCallback(callback);
  }

  /**
   * For executors: marks the future running and returns `true`, or returns `false` when it was
   * cancelled (the work must then not run). Throws `RuntimeError` in any other state.
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.state === CANCELLED) {
      this.state = CANCELLED_AND_NOTIFIED;
      return false;
    }
    if (this.state === PENDING) {
      this.state = RUNNING;
      return true;
    }
    throw new RuntimeError(`Future in unexpected state: ${this.toString()}`);
  }

  /** For executors: the work succeeded with `result`. Throws `InvalidStateError` if done. */
  setResult(result: T): void {
    this.checkNotDone();
    this.value = result;
    this.state = FINISHED;
    this.invokeCallbacks();
  }

  /** For executors: the work failed with `exception`. Throws `InvalidStateError` if done. */
  setException(exception: unknown): void {
    this.checkNotDone();
    this.error = exception;
    this.failed = true;
    this.state = FINISHED;
    this.invokeCallbacks();
  }

  /** Makes the future awaitable: the result, or a rejection with its error or a `CancelledError`. */
  then<TResult1 = T, TResult2 = never>(
    onFulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return new Promise<T>((resolve, reject) => {
      this.addDoneCallback(() => {
        if (this.cancelled()) reject(new CancelledError());
        else if (this.failed) reject(this.error);
        else resolve(this.value as T);
      });
    }).then(onFulfilled, onRejected);
  }

  /** As `Promise.prototype.catch`: a new Promise settled as this future, `onRejected` handling a failure. */
  catch<TResult = never>(onRejected?: ((reason: any) => TResult | PromiseLike<TResult>) | null): Promise<T | TResult> {
    return this.then(undefined, onRejected);
  }

  /**
   * As `Promise.prototype.finally`: a new Promise with this future's outcome once `onFinally`
   * ran; an `onFinally` that throws replaces the outcome.
   */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  /** A short description, as Python's repr: `<ConcurrentFuture pending>`. */
  toString(): string {
    let detail = "";
    if (this.state === FINISHED)
      detail = this.failed ? ` raised ${describe(this.error)}` : ` returned ${describe(this.value)}`;
    return `<ConcurrentFuture ${STATE_NAMES[this.state]}${detail}>`;
  }

  private checkNotDone(): void {
    if (this.done()) throw new InvalidStateError(`${STATE_NAMES[this.state].toUpperCase()}: ${this.toString()}`);
  }

  private invokeCallbacks(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) this.invokeCallback(callback);
  }

  private invokeCallback(callback: (future: ConcurrentFuture<T>) => void): void {
    try {
      callback(this);
    } catch (error) {
      console.error(`exception calling callback for ${this.toString()}`, error);
    }
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.name;
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return typeof value === "object" && value !== null ? (value.constructor?.name ?? "Object") : String(value);
  } catch {
    return typeof value;
  }
}
