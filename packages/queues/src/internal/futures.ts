import { Future, RuntimeError, getRunningLoop, type EventLoop } from "@asyncio-ts/core";

/**
 * A Future that is already done with `value`: what a waiting method returns when it does
 * not have to wait. Awaiting it does not suspend, as awaiting a Python coroutine that
 * returns at once does not.
 *
 * @internal
 */
export function doneFuture<T>(value: T): Future<T> {
  const future = new Future<T>();
  future.setResult(value);
  return future;
}

/**
 * A Future that is already done with `error`: a waiting method reports misuse through its
 * Future, never by throwing at the call, as a Python coroutine raises only when awaited.
 *
 * @internal
 */
export function failedFuture<T>(error: unknown): Future<T> {
  const future = new Future<T>();
  future.setException(error);
  return future;
}

/**
 * CPython's `_LoopBoundMixin._get_loop`: the running loop, which the object is bound to from
 * its first wait on; using it later from another loop is a `RuntimeError`.
 *
 * @internal
 */
export function bindLoop(bound: EventLoop | undefined, owner: object): EventLoop {
  const loop = getRunningLoop();
  if (bound !== undefined && bound !== loop) {
    throw new RuntimeError(`${String(owner)} is bound to a different event loop`);
  }
  return loop;
}
