import type { AwaitedFuture } from "./awaited-future.js";
import type { Awaiter } from "./frame-types.js";
import { FULFILLED } from "./future-state.js";
import type { ReadyItem } from "./ready-item.js";

type Fulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type Rejected<R> = ((reason: any) => R | PromiseLike<R>) | null | undefined;

// Unique markers, so that no callback a caller passes can be taken for an outcome.
const SETTLED_OK: unique symbol = Symbol("settled ok");
const SETTLED_FAILED: unique symbol = Symbol("settled failed");

/**
 * One `.then` of a pending Future that is not a compact await (internal/accelerators/compact-await.ts):
 * callbacks of the caller's, an await outside any task, or a second await in one frame (a
 * `Promise.all` over futures). The same object is the callback registered on the future, the
 * item the loop schedules when the future is done, and what `then` returns: a thenable that
 * makes a real promise only if someone chains on it.
 */
export class AwaitEntry<T, TResult1, TResult2> implements ReadyItem, PromiseLike<TResult1 | TResult2> {
  /** @internal On the prototype (below): an await is never cancelled as a ready item, and a field would cost every await memory. */
  declare readonly _cancelled: boolean;
  /** @internal On the prototype (below), true. */
  declare readonly _resumesAwait: boolean;
  // Assigned in the constructor, not class fields: defining fields costs more per await.
  declare private readonly future: AwaitedFuture;
  declare private readonly owner: Awaiter | undefined;
  /**
   * Until the entry settles: the callbacks. Once settled they are not needed, and the two
   * fields keep the outcome instead (the value, and SETTLED_OK or SETTLED_FAILED), for code
   * that chains on the entry later: a pending await then holds two fields, not four.
   */
  declare private onFulfilledOrValue: Fulfilled<T, TResult1> | unknown;
  declare private onRejectedOrOutcome: Rejected<TResult2> | typeof SETTLED_OK | typeof SETTLED_FAILED;
  /** The promise someone chained on this entry, with its resolving functions while it is pending (rare: an await never chains). */
  declare private chain: Chain | undefined;

  constructor(
    future: AwaitedFuture,
    owner: Awaiter | undefined,
    onFulfilled: Fulfilled<T, TResult1>,
    onRejected: Rejected<TResult2>,
  ) {
    this.future = future;
    this.owner = owner;
    this.onFulfilledOrValue = onFulfilled;
    this.onRejectedOrOutcome = onRejected;
    this.chain = undefined;
  }

  /** @internal Delivers the future's outcome to the awaiting code. */
  _run(): void {
    const future = this.future;
    const owner = this.owner;
    future._loop._pendingAwaits--;
    let failure: unknown;
    let failed: boolean;
    if (owner?._wake(future)) {
      failed = true;
      failure = owner._takeCancelledError();
    } else if (future._state === FULFILLED) {
      failed = false;
    } else {
      failed = true;
      failure = future._failure();
    }
    try {
      if (!failed) {
        const onFulfilled = this.onFulfilledOrValue;
        this.settle(
          SETTLED_OK,
          typeof onFulfilled === "function" ? onFulfilled(future._outcome as T) : future._outcome,
        );
      } else if (typeof this.onRejectedOrOutcome === "function") {
        this.settle(SETTLED_OK, this.onRejectedOrOutcome(failure));
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

  /** @internal The task this await resumes (a library coroutine's steps are its task's). */
  _stepSubject(): { toString(): string } {
    const owner = this.owner;
    return owner === undefined ? this : (owner._frameTask ?? owner);
  }

  private promise(): Promise<TResult1 | TResult2> {
    if (this.chain !== undefined) return this.chain.promise as Promise<TResult1 | TResult2>;
    if (this.onRejectedOrOutcome === SETTLED_OK)
      return (this.chain = { promise: Promise.resolve(this.onFulfilledOrValue) }).promise as Promise<TResult1>;
    if (this.onRejectedOrOutcome === SETTLED_FAILED)
      return (this.chain = { promise: Promise.reject(this.onFulfilledOrValue) }).promise as Promise<never>;
    const chain: Chain = { promise: undefined as unknown as Promise<unknown> };
    chain.promise = new Promise<unknown>((resolve, reject) => {
      chain.resolve = resolve;
      chain.reject = reject;
    });
    this.chain = chain;
    return chain.promise as Promise<TResult1 | TResult2>;
  }

  private settle(outcome: typeof SETTLED_OK | typeof SETTLED_FAILED, value: unknown): void {
    this.onRejectedOrOutcome = outcome;
    this.onFulfilledOrValue = value;
    const chain = this.chain;
    if (chain?.resolve !== undefined) {
      if (outcome === SETTLED_OK) chain.resolve(value);
      else (chain.reject as (reason: unknown) => void)(value);
      chain.resolve = chain.reject = undefined;
    } else if (outcome === SETTLED_FAILED && chain === undefined) {
      // Nobody handles this rejection: surface it as an unhandled rejection, as a promise would.
      this.chain = { promise: Promise.reject(value) };
    }
  }
}

(AwaitEntry.prototype as { _cancelled: boolean })._cancelled = false;
(AwaitEntry.prototype as { _resumesAwait: boolean })._resumesAwait = true;

interface Chain {
  promise: Promise<unknown>;
  resolve?: ((value: unknown) => void) | undefined;
  reject?: ((reason: unknown) => void) | undefined;
}
