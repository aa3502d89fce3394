import {
  callCoroutine,
  setWaitDescription,
  ensureFuture,
  getRunningLoop,
  ValueError,
  type AwaitableLike,
  type EventLoop,
  type Future,
  type TimerHandle,
} from "@asyncio-ts/core";
import {
  checkIterableOfAwaitables,
  checkSeconds,
  describeType,
  failedFuture,
  isAwaitable,
} from "./internal/validate.js";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen } from "./return-when.js";

/** Options of {@link wait}. */
export interface WaitOptions {
  /** Seconds to wait at most (`null`: no limit). On expiry `wait` returns; it does not throw. */
  readonly timeout?: number | null;
  /** When to return: {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION} or {@link ALL_COMPLETED} (default). */
  readonly returnWhen?: ReturnWhen;
}

/**
 * Waits for awaitables until `returnWhen` is met or `timeout` seconds pass, as `asyncio.wait`,
 * and resolves with `[done, pending]`, two Sets of Futures. It never throws the awaitables'
 * errors and never cancels them: look at `done`, and cancel `pending` if you want.
 *
 * - An empty input is a `ValueError("Set of Tasks/Futures is empty.")`; an unknown
 *   `returnWhen` a `ValueError`; a single Future or coroutine function instead of a collection
 *   a `TypeError`. As from Python's coroutine, these come out of the `await`.
 * - Duplicates count once. Futures and Tasks appear in the sets as they are.
 * - Unlike Python 3.12 (which refuses coroutine objects), a coroutine function is accepted and
 *   started in a new Task, as asyncio-ts does for every awaitable argument; since you do not
 *   hold that Task, find it in the sets (`[...done][0].result()`). Any other promise is wrapped
 *   in a Future the same way.
 *
 * @example
 * ```ts
 * const tasks = urls.map((url) => createTask(() => fetchPage(url)));
 * const [done, pending] = await wait(tasks, { timeout: 5, returnWhen: FIRST_COMPLETED });
 * for (const task of pending) task.cancel();
 * ```
 */
export function wait<F extends Future<unknown>>(
  aws: Iterable<F>,
  options?: WaitOptions,
): Future<[done: Set<F>, pending: Set<F>]>;
export function wait<T>(
  aws: Iterable<AwaitableLike<T>>,
  options?: WaitOptions,
): Future<[done: Set<Future<T>>, pending: Set<Future<T>>]>;
export function wait(
  aws: Iterable<AwaitableLike<unknown>>,
  options: WaitOptions = {},
): Future<[Set<Future<unknown>>, Set<Future<unknown>>]> {
  let futures: Set<Future<unknown>>;
  let timeout: number | null;
  let returnWhen: ReturnWhen;
  let loop: EventLoop;
  try {
    checkIterableOfAwaitables(aws, (typeName) => `expect a list of futures, not ${typeName}`);
    const unique = new Set(aws);
    if (unique.size === 0) throw new ValueError("Set of Tasks/Futures is empty.");
    returnWhen = options.returnWhen ?? ALL_COMPLETED;
    if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
      throw new ValueError(`Invalid return_when value: ${String(returnWhen)}`);
    }
    timeout = checkSeconds(options.timeout, "timeout");
    loop = getRunningLoop();
    for (const aw of unique) {
      // Checked first: a bad item must not leave tasks started for the good ones.
      if (!isAwaitable(aw))
        throw new TypeError(`An asyncio.Future, a coroutine or an awaitable is required, not ${describeType(aw)}`);
    }
    futures = new Set<Future<unknown>>();
    for (const aw of unique) futures.add(ensureFuture(aw, { loop }));
  } catch (error) {
    // Python's wait is a coroutine: bad arguments come out of the await.
    return failedFuture(error);
  }
  return setWaitDescription(
    callCoroutine(() => waitFutures(futures, timeout, returnWhen), loop),
    "wait()",
  );
}

/** CPython's `_wait`: `futures` is not empty. */
async function waitFutures(
  futures: Set<Future<unknown>>,
  timeout: number | null,
  returnWhen: ReturnWhen,
): Promise<[Set<Future<unknown>>, Set<Future<unknown>>]> {
  const loop = getRunningLoop();
  const waiter = loop.createFuture<void>();
  let timer: TimerHandle | undefined;
  if (timeout !== null && timeout !== Infinity) timer = loop.callLater(timeout, release, waiter);
  let counter = futures.size;
  const onCompletion = (future: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && failed(future))
    ) {
      timer?.cancel();
      release(waiter);
    }
  };
  for (const future of futures) future.addDoneCallback(onCompletion);
  try {
    await waiter;
  } finally {
    timer?.cancel();
    for (const future of futures) future.removeDoneCallback(onCompletion);
  }
  const done = new Set<Future<unknown>>();
  const pending = new Set<Future<unknown>>();
  for (const future of futures) (future.done() ? done : pending).add(future);
  return [done, pending];
}

function release(waiter: Future<void>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/** Whether a done, not cancelled future failed (also with `throw undefined`). */
function failed(future: Future<unknown>): boolean {
  if (future.exception() !== undefined) return true;
  try {
    future.result();
    return false;
  } catch {
    return true;
  }
}
