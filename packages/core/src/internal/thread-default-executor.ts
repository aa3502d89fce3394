/**
 * The loop's executor methods (`runInExecutor`, `setDefaultExecutor`,
 * `shutdownDefaultExecutor`), kept out of event-loop.ts.
 *
 * @module
 */
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { ValueError } from "../exceptions/value-error.js";
import type { Future } from "../future.js";
import { type Executor, ThreadPoolExecutor } from "../thread-pool-executor.js";
import { wrapFuture } from "../wrap-future.js";

/** The loop's executor fields (EventLoop's), which only these methods use. */
interface ExecutorLoop extends AbstractEventLoop {
  /** @internal */ _defaultExecutor: Executor | undefined;
  /** @internal */ _executorShutdownCalled: boolean;
}

/** `loop.runInExecutor(executor, fn, ...args)`, as Python's `run_in_executor`. */
export function runInExecutor(
  loop: ExecutorLoop,
  executor: Executor | null | undefined,
  fn: unknown,
  args: unknown[],
): Future<unknown> {
  loop._checkClosed();
  let target = executor;
  if (target === null || target === undefined) {
    if (loop._executorShutdownCalled) throw new RuntimeError("Executor shutdown has been called");
    target = loop._defaultExecutor ??= new ThreadPoolExecutor({ threadNamePrefix: "asyncio" });
  } else if (typeof target !== "object" || typeof target.submit !== "function") {
    throw new TypeError(`executor must be an Executor (with submit) or null, got ${String(target)}`);
  }
  const submitted = target.submit(fn as never, ...args);
  const future = wrapFuture(submitted, { loop });
  // The call runs on another thread: no jump of a virtual clock until it is back.
  loop._operationStarted();
  future.addDoneCallback(() => loop._operationFinished());
  return future;
}

/** Python (>= 3.11) accepts only a ThreadPoolExecutor as the default executor. */
export function checkDefaultExecutor(executor: unknown): void {
  if (!(executor instanceof ThreadPoolExecutor)) throw new TypeError("executor must be ThreadPoolExecutor instance");
}

/**
 * Shuts `executor` down and waits for it, at most `timeout` seconds (`null`: no limit); on
 * expiry warns and stops waiting, as Python 3.12's `shutdown_default_executor(timeout)`.
 */
export async function shutdownExecutor(executor: Executor, timeout: number | null | undefined): Promise<void> {
  const finished = Promise.resolve(executor.shutdown(true));
  if (timeout === null || timeout === undefined) return finished;
  if (typeof timeout !== "number" || Number.isNaN(timeout))
    throw new ValueError(`timeout must be a number or null, got ${String(timeout)}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, timeout * 1000), true);
  });
  const joined = finished.then(() => false);
  const timedOut = await Promise.race([joined, expired]);
  clearTimeout(timer);
  if (timedOut) {
    joined.catch(() => undefined);
    process.emitWarning(`The executor did not finish joining its threads within ${timeout} seconds.`, "RuntimeWarning");
    await executor.shutdown(false);
  }
}
