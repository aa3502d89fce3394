import {
  currentTask,
  ensureFuture,
  futureAddToAwaitedBy,
  futureDiscardFromAwaitedBy,
  type AwaitableLike,
  type EventLoop,
  type Future,
} from "@asyncio-ts/core";
import type { AwaitedResult } from "./internal/types.js";

/**
 * Protects an awaitable from cancellation, as `asyncio.shield`: `await shield(task)` is
 * `await task`, except that cancelling the awaiting task (or the returned Future) does not
 * cancel `task`. The awaiting task still gets `CancelledError`; the inner work runs on.
 * A coroutine function is started in a new Task; keep a reference to it if you need its result.
 * If the inner work is cancelled by other means, the shield is cancelled too.
 *
 * @example
 * ```ts
 * const save = createTask(() => saveToDisk(data));
 * try {
 *   await shield(save);
 * } catch (error) {
 *   if (isCancelledError(error)) console.log("we were cancelled; the save goes on");
 *   throw error;
 * }
 * ```
 */
export function shield<A extends AwaitableLike<unknown>>(aw: A): Future<AwaitedResult<A>> {
  const inner = ensureFuture(aw) as Future<AwaitedResult<A>>;
  if (inner.done()) return inner;
  // Every loop is an EventLoop; a Future names its loop by the smaller interface below the loop.
  const outer = (inner.getLoop() as EventLoop).createFuture<AwaitedResult<A>>();
  // For the call graph: the task that shields awaits the inner one, even once the shield is
  // cancelled (Python 3.14 marks it the same way).
  const shielding = currentTask();
  if (shielding !== undefined) futureAddToAwaitedBy(inner, shielding);
  const onInnerDone = (): void => {
    if (shielding !== undefined) futureDiscardFromAwaitedBy(inner, shielding);
    if (outer.cancelled()) {
      // Nobody will look at the inner outcome any more: mark its exception retrieved.
      if (!inner.cancelled()) inner.exception();
      return;
    }
    if (inner.cancelled()) {
      outer.cancel();
      return;
    }
    let result: AwaitedResult<A>;
    try {
      result = inner.result();
    } catch (error) {
      outer.setException(error);
      return;
    }
    outer.setResult(result);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}
