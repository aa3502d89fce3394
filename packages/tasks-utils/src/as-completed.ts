import {
  ensureFuture,
  Future,
  getEventLoop,
  TimeoutError,
  type AwaitableLike,
  type Context,
  type DoneCallback,
  type EventLoop,
  type TimerHandle,
} from "@asyncio-ts/core";
import type { AwaitedResult, FutureResult } from "./internal/types.js";
import { checkIterableOfAwaitables, checkSeconds, describeType, isAwaitable } from "./internal/validate.js";

/** Options of {@link asCompleted}. */
export interface AsCompletedOptions {
  /** Seconds after which the remaining iterations throw `TimeoutError` (`null`: no limit). */
  readonly timeout?: number | null;
}

/**
 * What {@link asCompleted} returns: iterate it with `for await` to get the Futures/Tasks
 * themselves as they finish, or with `for` to get one awaitable per result, in completion
 * order. Both iterations share one position, so a loop left early can be resumed.
 */
export interface AsCompletedIterator<T, F extends Future<unknown> = Future<T>>
  extends Iterable<Future<T>>,
    AsyncIterable<F> {}

/**
 * Runs awaitables concurrently and hands them back in the order they finish, as Python
 * 3.13's `asyncio.as_completed`.
 *
 * - `for await (const done of asCompleted(aws))` yields each Future or Task that finished (the
 *   very objects passed in; coroutine functions are yielded as the Tasks made for them). Read
 *   it with `await done` or `done.result()`.
 * - `for (const next of asCompleted(aws)) await next` yields, at once, one awaitable per input;
 *   each gives the result (or throws the error) of the next awaitable to finish, counted
 *   when it is first awaited.
 *
 * With `timeout`, the iterations left when it expires throw `TimeoutError`; the awaitables are
 * not cancelled. Duplicates count once. A single Future or coroutine function instead of a
 * collection is a `TypeError`.
 *
 * TypeScript types a `for await` variable as the awaited value of what is yielded (its rule for
 * `for await`), so `done` shows as the result type although it is the Future: `await done`
 * is right either way; for `done.result()` or `done === task`, cast it
 * (`done as unknown as Task<T>`), or call `[Symbol.asyncIterator]().next()`, which is typed exactly.
 *
 * @example
 * ```ts
 * const tasks = hosts.map((host) => createTask(() => ping(host)));
 * for await (const task of asCompleted(tasks, { timeout: 5 })) {
 *   console.log("first answers first:", task.result());
 * }
 * for (const next of asCompleted([() => fetchA(), () => fetchB()])) {
 *   console.log(await next); // whichever finished first
 * }
 * ```
 */
export function asCompleted<F extends Future<unknown>>(
  aws: Iterable<F>,
  options?: AsCompletedOptions,
): AsCompletedIterator<FutureResult<F>, F>;
export function asCompleted<A extends AwaitableLike<unknown>>(
  aws: Iterable<A>,
  options?: AsCompletedOptions,
): AsCompletedIterator<AwaitedResult<A>>;
export function asCompleted(
  aws: Iterable<AwaitableLike<unknown>>,
  options: AsCompletedOptions = {},
): AsCompletedIterator<unknown> {
  checkIterableOfAwaitables(aws, (typeName) => `expects an iterable of awaitables, not ${typeName}`);
  const timeout = checkSeconds(options.timeout, "timeout");
  return new CompletionOrder(aws, timeout, getEventLoop());
}

type Completed = Future<unknown> | null; // null: the timeout's sentinel (CPython puts None)

/** CPython's `_AsCompletedIterator`, with a queue of finished futures and FIFO getters. */
class CompletionOrder implements AsCompletedIterator<unknown> {
  private readonly finished: Completed[] = [];
  private finishedHead = 0;
  private readonly getters: NextCompleted[] = [];
  private gettersHead = 0;
  private readonly todo: Set<Future<unknown>>;
  private todoLeft: number;
  private timeoutHandle: TimerHandle | undefined = undefined;
  private readonly loop: EventLoop;

  constructor(aws: Iterable<AwaitableLike<unknown>>, timeout: number | null, loop: EventLoop) {
    this.loop = loop;
    const unique = new Set(aws);
    for (const aw of unique) {
      // Checked first: a bad item must not leave tasks started for the good ones.
      if (!isAwaitable(aw))
        throw new TypeError(`An asyncio.Future, a coroutine or an awaitable is required, not ${describeType(aw)}`);
    }
    const todo = new Set<Future<unknown>>();
    for (const aw of unique) todo.add(ensureFuture(aw, { loop }));
    for (const future of todo) future.addDoneCallback(this.onCompletion);
    if (todo.size > 0 && timeout !== null && timeout !== Infinity) {
      this.timeoutHandle = loop.callLater(timeout, this.onTimeout);
    }
    this.todo = todo;
    this.todoLeft = todo.size;
  }

  [Symbol.iterator](): Iterator<Future<unknown>> & Iterable<Future<unknown>> {
    const iterator = {
      next: (): IteratorResult<Future<unknown>> => {
        if (this.todoLeft === 0) return { done: true, value: undefined };
        this.todoLeft--;
        return { done: false, value: new NextCompleted(this, true, this.loop) };
      },
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterator<Future<unknown>> & AsyncIterable<Future<unknown>> {
    const iterator = {
      next: (): Promise<IteratorResult<Future<unknown>>> => {
        if (this.todoLeft === 0) return Promise.resolve({ done: true, value: undefined });
        this.todoLeft--;
        const next = new NextCompleted(this, false, this.loop);
        // `then` is called here, in the iterating task: `next` becomes what the task waits on,
        // so cancelling the task throws CancelledError out of the `for await`. The value is an
        // iterator result wrapping the future, never the future itself (it would be unwrapped).
        return Promise.resolve(
          next.then(
            (result: IteratorResult<Future<unknown>>) => result,
            (error: unknown) => {
              throw error;
            },
          ),
        );
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** @internal hands the next finished future to `getter` now, or queues the getter. */
  request(getter: NextCompleted): void {
    if (this.finishedHead < this.finished.length) {
      const completed = this.finished[this.finishedHead] as Completed;
      this.finished[this.finishedHead++] = null;
      getter.deliver(completed);
      return;
    }
    this.getters.push(getter);
  }

  private put(completed: Completed): void {
    // The first getter still waiting takes it (a cancelled getter has left).
    while (this.gettersHead < this.getters.length) {
      const getter = this.getters[this.gettersHead] as NextCompleted;
      this.getters[this.gettersHead++] = undefined as unknown as NextCompleted;
      if (!getter.done()) {
        getter.deliver(completed);
        return;
      }
    }
    this.finished.push(completed);
  }

  private readonly onCompletion = (future: Future<unknown>): void => {
    if (this.todo.size === 0) return; // the timeout came first
    this.todo.delete(future);
    this.put(future);
    if (this.todo.size === 0) this.timeoutHandle?.cancel();
  };

  private readonly onTimeout = (): void => {
    for (const future of this.todo) {
      future.removeDoneCallback(this.onCompletion);
      this.put(null);
    }
    this.todo.clear();
  };
}

/**
 * One iteration's future. It asks for the next finished future only when first awaited (or
 * given a done callback), as CPython's per-iteration coroutine starts only when awaited.
 */
class NextCompleted extends Future<any> {
  private readonly order: CompletionOrder;
  private readonly resolve: boolean;
  private started = false;

  constructor(order: CompletionOrder, resolve: boolean, loop: EventLoop) {
    super({ loop });
    this.order = order;
    this.resolve = resolve;
  }

  override then<TResult1 = any, TResult2 = never>(
    onFulfilled?: ((value: any) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null,
  ): PromiseLike<TResult1 | TResult2> {
    this.start();
    return super.then(onFulfilled, onRejected);
  }

  override addDoneCallback(callback: DoneCallback<any>, options?: { context?: Context }): void {
    this.start();
    super.addDoneCallback(callback, options);
  }

  /** @internal */
  deliver(completed: Completed): void {
    if (completed === null) {
      this.setException(new TimeoutError());
    } else if (!this.resolve) {
      this.setResult({ done: false, value: completed });
    } else {
      let result: unknown;
      try {
        result = completed.result();
      } catch (error) {
        this.setException(
          error === undefined || error === null ? new TypeError(`a task failed with ${String(error)}`) : error,
        );
        return;
      }
      this.setResult(result);
    }
  }

  private start(): void {
    if (this.started || this.done()) return;
    this.started = true;
    this.order.request(this);
  }
}
