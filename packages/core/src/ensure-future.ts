import { type AbstractEventLoop, eventLoop } from "./internal/abstract-event-loop.js";
import type { AwaitableLike } from "./coroutine.js";
import { ValueError } from "./exceptions/value-error.js";
import { Future, isFuture } from "./future.js";

/**
 * A Future for `awaitable`, as Python's `ensure_future`: a Future or Task is returned as it
 * is; a coroutine function is wrapped in a new Task; any other promise in a Future that
 * follows it (cancelling that Future cannot reach inside the promise).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const task = ensureFuture(() => sleep(0.1, "slept")); // a new Task
 *   const wrapped = ensureFuture(Promise.resolve(42)); // a Future following the promise
 *   console.log(await task, await wrapped); // slept 42
 * });
 * ```
 */
export function ensureFuture<T>(
  awaitable: AwaitableLike<T> | Future<T>,
  options: { loop?: AbstractEventLoop } = {},
): Future<T> {
  if (isFuture(awaitable)) {
    if (options.loop !== undefined && awaitable._loop !== options.loop) {
      throw new ValueError("The future belongs to a different loop than the one specified as the loop argument");
    }
    return awaitable;
  }
  if (typeof awaitable === "function") {
    return (options.loop ?? eventLoop()).createTask(awaitable);
  }
  if (awaitable !== null && typeof awaitable === "object" && typeof (awaitable as PromiseLike<T>).then === "function") {
    return wrapPromise(awaitable as PromiseLike<T>, options.loop ?? eventLoop());
  }
  throw new TypeError("An asyncio.Future, a coroutine or an awaitable is required");
}

function wrapPromise<T>(promise: PromiseLike<T>, loop: AbstractEventLoop): Future<T> {
  const future = new Future<T>({ loop });
  promise.then(
    (value) => {
      if (future._isPending) future._resolve(value);
    },
    (error: unknown) => {
      if (future._isPending) future._reject(error);
    },
  );
  return future;
}
