import { Future } from "./future.js";

/**
 * A Future already done with `value`, on the current event loop: what a waiting method of a
 * primitive returns when it does not have to wait. Awaiting it does not suspend, as awaiting a
 * Python coroutine that returns at once does not.
 *
 * @example
 * ```ts
 * class Gate {
 *   open = false;
 *   passage(): Future<true> {
 *     if (this.open) return doneFuture(true as const); // no wait
 *     // ... otherwise a Waiter (see Waiter)
 *   }
 * }
 * ```
 */
export function doneFuture<T>(value: T): Future<T> {
  const future = new Future<T>();
  future.setResult(value);
  return future;
}

/**
 * A Future already done with `error`: a waiting method reports misuse through the Future it
 * returns, never by throwing at the call, as a Python coroutine raises only when awaited.
 *
 * @example
 * ```ts
 * function take(): Future<number> {
 *   if (closed) return failedFuture(new RuntimeError("closed"));
 *   return doneFuture(42);
 * }
 * ```
 */
export function failedFuture<T = never>(error: unknown): Future<T> {
  const future = new Future<T>();
  future.setException(error);
  return future;
}
