import { callCoroutine, setWaitDescription, type Future } from "@asyncio-ts/core";

/**
 * Python's `async with primitive: body` for the primitives whose `__aenter__` acquires and
 * whose `__aexit__` releases: acquire, run the body, release even when the body throws or is
 * cancelled, and resolve with the body's result. A cancelled acquire releases nothing.
 * Runs as a library coroutine of the calling task, so cancelling the task reaches the acquire
 * or the body's current await. `description` names the call in the task tree (`Lock.with()`).
 *
 * @internal
 */
export function hold<R>(
  description: string,
  acquire: () => PromiseLike<unknown>,
  release: () => void,
  body: () => R | PromiseLike<R>,
): Future<R> {
  if (typeof body !== "function") throw new TypeError(`a function was expected as the body, got ${String(body)}`);
  const call = callCoroutine(async () => {
    await acquire();
    try {
      return await body();
    } finally {
      release();
    }
  });
  return setWaitDescription(call, description);
}
