import {
  callCoroutine,
  setWaitDescription,
  ensureFuture,
  getRunningLoop,
  isCancelledError,
  TimeoutError,
  type AwaitableLike,
  type Future,
} from "@asyncio-ts/core";
import type { AwaitedResult } from "./internal/types.js";
import { checkSeconds, describeType, failedFuture, isAwaitable } from "./internal/validate.js";
import { Timeout } from "./timeout.js";

/**
 * Waits for `aw` for at most `timeout` seconds, as Python 3.12's `asyncio.wait_for` (built on
 * {@link timeout}). On expiry the work is cancelled and awaited, then `TimeoutError` is thrown
 * (its `cause` is the CancelledError). If the work swallows the cancellation and returns a
 * value, that value is returned.
 *
 * - `timeout` `null` (or `undefined`) waits as long as it takes.
 * - `timeout` of zero or less: the result if `aw` is already done; otherwise `aw` is cancelled,
 *   awaited, and `TimeoutError` thrown (a coroutine function is wrapped in a Task that never starts).
 * - A coroutine function otherwise runs inline in the calling task, as Python 3.12 awaits a
 *   coroutine directly; a Future or Task is awaited as it is and cancelled on expiry; another
 *   promise is wrapped (it cannot be stopped, only abandoned).
 * - Inside the coroutine function, `currentTask().signal` is aborted on expiry: a foreign promise
 *   given that signal (`fetch`, Node's timers and `fs`) rejects, and that counts as the
 *   cancellation (`TimeoutError` comes out). A foreign promise without it cannot be
 *   interrupted: `waitFor` waits for it, as Python waits for an inner task that ignores its
 *   cancellation, and the `CancelledError` comes at the function's next library `await`.
 * - Cancelling the caller cancels the work too (wrap it in {@link shield} to prevent that).
 * - A non-awaitable is a `TypeError`, a NaN timeout a `ValueError`; as from Python's coroutine,
 *   they come out of the `await`.
 *
 * @example
 * ```ts
 * try {
 *   const user = await waitFor(() => fetchUser(1), 2.5);
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log("no answer within 2.5 s");
 *   else throw error;
 * }
 * ```
 */
export function waitFor<A extends AwaitableLike<unknown>>(
  aw: A,
  timeout: number | null | undefined,
): Future<AwaitedResult<A>> {
  type R = AwaitedResult<A>;
  let seconds: number | null;
  try {
    if (!isAwaitable(aw)) {
      throw new TypeError(`An asyncio.Future, a coroutine or an awaitable is required, not ${describeType(aw)}`);
    }
    seconds = checkSeconds(timeout, "timeout");
  } catch (error) {
    // Python's wait_for is a coroutine: bad arguments come out of the await.
    return failedFuture(error);
  }
  if (seconds !== null && seconds <= 0) {
    return setWaitDescription(
      callCoroutine<R>(async () => {
        const future = ensureFuture(aw) as Future<R>;
        if (future.done()) return future.result();
        await cancelAndWait(future);
        try {
          return future.result();
        } catch (error) {
          if (isCancelledError(error)) throw new TimeoutError(undefined, { cause: error });
          throw error;
        }
      }),
      "waitFor()",
    );
  }
  const deadline = seconds === null ? null : getRunningLoop().time() + seconds;
  return setWaitDescription(
    new Timeout(deadline).with<R>(() =>
      typeof aw === "function" ? (aw as () => PromiseLike<R>)() : (ensureFuture(aw) as Future<R>),
    ),
    "waitFor()",
  );
}

/** Cancels `future` and waits until it is done, without awaiting it directly (CPython's `_cancel_and_wait`). */
async function cancelAndWait(future: Future<unknown>): Promise<void> {
  const waiter = getRunningLoop().createFuture<void>();
  const release = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  future.addDoneCallback(release);
  try {
    future.cancel();
    // Awaiting `future` itself would cancel it again when we are cancelled; this waiter keeps
    // the wait cancellable on its own.
    await waiter;
  } finally {
    future.removeDoneCallback(release);
  }
}
