import { type AbstractEventLoop, eventLoop } from "./internal/abstract-event-loop.js";
import { Future, isFuture } from "./future.js";
import { ConcurrentFuture } from "./concurrent-future.js";

/** A pending piece of work an executor returns: our {@link ConcurrentFuture}, or any promise (with `cancel` if it can). */
export type ExecutorFuture<T> = ConcurrentFuture<T> | (PromiseLike<T> & { cancel?(): unknown });

/**
 * An asyncio {@link Future} on `loop` that follows `future`, as Python's `asyncio.wrap_future`:
 * it gets the same result, error or cancellation, and cancelling it cancels `future` (which,
 * for work already running on a thread, does nothing: the work goes on and its result is
 * dropped). A Future is returned as it is.
 *
 * @example
 * ```ts
 * const executor = new ThreadPoolExecutor();
 * const answer = await wrapFuture(executor.submit(() => 6 * 7)); // cancellable from the task
 * ```
 */
export function wrapFuture<T>(
  future: ExecutorFuture<T> | Future<T>,
  options: { loop?: AbstractEventLoop } = {},
): Future<T> {
  if (isFuture(future)) return future;
  const loop = options.loop ?? eventLoop();
  const destination = new Future<T>({ loop });
  if (future instanceof ConcurrentFuture) {
    destination.addDoneCallback(() => {
      if (destination.cancelled()) future.cancel();
    });
    future.addDoneCallback(() => {
      // Python drops the outcome when the destination was cancelled or its loop closed.
      if (!destination._isPending || loop.isClosed()) return;
      if (future.cancelled()) {
        destination.cancel();
        return;
      }
      const error = future.exception();
      if (error !== undefined) destination._reject(error);
      else destination._resolve(future.result());
    });
    return destination;
  }
  if (future === null || typeof future !== "object" || typeof (future as PromiseLike<T>).then !== "function") {
    throw new TypeError(`concurrent.futures.Future is expected, got ${String(future)}`);
  }
  if (typeof future.cancel === "function") {
    destination.addDoneCallback(() => {
      if (destination.cancelled()) future.cancel?.();
    });
  }
  future.then(
    (value) => {
      if (destination._isPending && !loop.isClosed()) destination._resolve(value);
    },
    (error: unknown) => {
      if (destination._isPending && !loop.isClosed()) destination._reject(error);
    },
  );
  return destination;
}
