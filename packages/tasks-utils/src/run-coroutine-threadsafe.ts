import { MessagePort } from "node:worker_threads";
import { ConcurrentFuture, RemoteEventLoop, ensureFuture, type EventLoop, type Future } from "@asyncio-ts/core";

/**
 * Submits a coroutine to `loop` from outside it and returns a {@link ConcurrentFuture} of its
 * outcome, as Python's `asyncio.run_coroutine_threadsafe`: the coroutine runs in a new task on
 * the loop; cancelling the future cancels that task. The future is `PromiseLike` and has
 * `done`, `result`, `exception`, `cancel`, `cancelled` and `addDoneCallback`; `result()` never
 * blocks (JavaScript cannot), so await the future.
 *
 * - From the loop's own thread, outside the loop's turn (a timer, an I/O callback, code that
 *   runs before the loop): pass the `EventLoop`; `coro` is any function returning a promise.
 * - From a worker thread: pass the `MessagePort` of `loop.threadsafeHandle(functions)` (or
 *   `RemoteEventLoop.connect(port)`). Functions cannot cross threads with their closures, so
 *   `coro` is either the name of a function registered in `functions` (a real closure on the
 *   loop's side), or a self-contained async function sent as its source text. `args` (and the
 *   result) travel by structured clone.
 *
 * @example
 * ```ts
 * // main thread: the loop offers a coroutine under a name
 * await run(async () => {
 *   const loop = getRunningLoop();
 *   const port = loop.threadsafeHandle({ lookup: async (key: string) => cache.get(key) });
 *   await toThread({ module: new URL("./worker-side.js", import.meta.url), export: "work" }, port);
 * });
 *
 * // worker-side.ts: runs on a worker thread
 * export async function work(port: MessagePort): Promise<void> {
 *   console.log(await runCoroutineThreadsafe("lookup", port, "answer"));
 * }
 * ```
 */
export function runCoroutineThreadsafe<Result, Args extends unknown[] = []>(
  coro: (...args: Args) => PromiseLike<Result> | Result,
  loop: EventLoop | RemoteEventLoop | MessagePort,
  ...args: Args
): ConcurrentFuture<Result>;
export function runCoroutineThreadsafe<Result = unknown>(
  coro: string,
  loop: RemoteEventLoop | MessagePort,
  ...args: unknown[]
): ConcurrentFuture<Result>;
export function runCoroutineThreadsafe(
  coro: string | ((...args: unknown[]) => unknown),
  loop: EventLoop | RemoteEventLoop | MessagePort,
  ...args: unknown[]
): ConcurrentFuture<unknown> {
  if (loop instanceof MessagePort) return RemoteEventLoop.connect(loop).runCoroutine(coro, ...args);
  if (loop instanceof RemoteEventLoop) return loop.runCoroutine(coro, ...args);
  if (loop === null || typeof loop !== "object" || typeof (loop as EventLoop).callSoonThreadsafe !== "function") {
    throw new TypeError(
      `runCoroutineThreadsafe() expects an EventLoop, a RemoteEventLoop or a MessagePort, got ${String(loop)}`,
    );
  }
  if (typeof coro !== "function") {
    throw new TypeError(
      "A coroutine object is required (a function returning a promise; names are for threadsafeHandle ports)",
    );
  }
  return submitToLoop(coro, loop as EventLoop, args);
}

function submitToLoop(
  coro: (...args: unknown[]) => unknown,
  loop: EventLoop,
  args: unknown[],
): ConcurrentFuture<unknown> {
  const future = new ConcurrentFuture<unknown>();
  loop.callSoonThreadsafe(() => {
    let task: Future<unknown>;
    try {
      task = ensureFuture(() => coro(...args) as PromiseLike<unknown>, { loop });
    } catch (error) {
      if (future.setRunningOrNotifyCancel()) future.setException(error);
      throw error; // also to the loop's exception handler, as in Python
    }
    chain(task, future, loop);
  });
  return future;
}

/** Python's `_chain_future(task, concurrent_future)`. */
function chain(task: Future<unknown>, future: ConcurrentFuture<unknown>, loop: EventLoop): void {
  future.addDoneCallback(() => {
    if (future.cancelled() && !loop.isClosed()) loop.callSoonThreadsafe(() => task.cancel());
  });
  task.addDoneCallback(() => {
    if (task.cancelled()) future.cancel();
    if (!future.setRunningOrNotifyCancel()) return;
    const error = task.exception();
    if (error !== undefined) future.setException(error);
    else future.setResult(task.result());
  });
}
