import type { Future } from "../future.js";
import type { DrivenFuture } from "./driven-future.js";
import { CANCELLED, FULFILLED } from "./future-state.js";
import type { ReadyItem } from "./ready-item.js";

type Fulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type Rejected<R> = ((reason: any) => R | PromiseLike<R>) | null | undefined;

const SETTLING = 0;
const SETTLED_OK = 1;
const SETTLED_FAILED = 2;

/**
 * One `await` (or `.then`) of a pending Future. The same object is the callback registered on the
 * future, the item the loop schedules when the future is done, and what `then` returns: a
 * thenable that makes a real promise only if someone chains on it. An `await` in an async
 * function never does, so an await costs this one allocation.
 */
export class AwaitEntry<T, TResult1, TResult2> implements ReadyItem, PromiseLike<TResult1 | TResult2> {
  readonly _cancelled = false;
  private outcome: typeof SETTLING | typeof SETTLED_OK | typeof SETTLED_FAILED = SETTLING;
  private value: unknown = undefined;
  private chained: Promise<TResult1 | TResult2> | undefined = undefined;
  private resolveChained: ((value: unknown) => void) | undefined = undefined;
  private rejectChained: ((reason: unknown) => void) | undefined = undefined;

  constructor(
    private readonly future: Future<T>,
    private readonly owner: DrivenFuture<unknown> | undefined,
    private readonly onFulfilled: Fulfilled<T, TResult1>,
    private readonly onRejected: Rejected<TResult2>,
  ) {}

  /** Delivers the future's outcome to the awaiting code. */
  _run(): void {
    const future = this.future;
    const owner = this.owner;
    let failure: unknown;
    let failed: boolean;
    if (owner !== undefined && owner._wake(future)) {
      failed = true;
      failure = owner._takeCancelledError();
    } else if (future._state === FULFILLED) {
      failed = false;
    } else {
      failed = true;
      failure = future._state === CANCELLED ? future._makeCancelledError() : future._exception;
    }
    try {
      if (!failed) {
        const onFulfilled = this.onFulfilled;
        this.settle(SETTLED_OK, typeof onFulfilled === "function" ? onFulfilled(future._result as T) : future._result);
      } else if (typeof this.onRejected === "function") {
        this.settle(SETTLED_OK, this.onRejected(failure));
      } else {
        this.settle(SETTLED_FAILED, failure);
      }
    } catch (error) {
      this.settle(SETTLED_FAILED, error);
    }
  }

  then<R1 = TResult1 | TResult2, R2 = never>(
    onFulfilled?: ((value: TResult1 | TResult2) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.promise().then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<TResult1 | TResult2 | R> {
    return this.promise().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<TResult1 | TResult2> {
    return this.promise().finally(onFinally);
  }

  toString(): string {
    return `<Await ${this.future.toString()}>`;
  }

  /** The task this await resumes (a library coroutine's steps are its task's). */
  _stepSubject(): { toString(): string } {
    const owner = this.owner;
    return owner === undefined ? this : (owner._frameTask ?? owner);
  }

  private promise(): Promise<TResult1 | TResult2> {
    if (this.chained !== undefined) return this.chained;
    if (this.outcome === SETTLED_OK) return (this.chained = Promise.resolve(this.value as TResult1));
    if (this.outcome === SETTLED_FAILED) return (this.chained = Promise.reject(this.value));
    return (this.chained = new Promise<TResult1 | TResult2>((resolve, reject) => {
      this.resolveChained = resolve as (value: unknown) => void;
      this.rejectChained = reject;
    }));
  }

  private settle(outcome: typeof SETTLED_OK | typeof SETTLED_FAILED, value: unknown): void {
    this.outcome = outcome;
    this.value = value;
    if (this.resolveChained !== undefined) {
      if (outcome === SETTLED_OK) this.resolveChained(value);
      else (this.rejectChained as (reason: unknown) => void)(value);
      this.resolveChained = this.rejectChained = undefined;
    } else if (outcome === SETTLED_FAILED && this.chained === undefined) {
      // Nobody handles this rejection: surface it as an unhandled rejection, as a promise would.
      this.chained = Promise.reject(value);
    }
  }
}
