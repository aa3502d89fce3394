// Test helpers shared by the packages that may depend on core alone: small stand-ins for
// tasks-utils (gather, waitFor), so each test awaits its tasks explicitly.
import { TimeoutError, createTask, getRunningLoop, isCancelledError, type Task } from "@asyncio-ts/core";

/** Awaits every task in order; with `returnExceptions`, failures become results (as gather). */
export async function gatherTasks(tasks: readonly Task<unknown>[], returnExceptions = false): Promise<unknown[]> {
  const results: unknown[] = [];
  let firstError: { error: unknown } | undefined;
  for (const task of tasks) {
    try {
      results.push(await task);
    } catch (error) {
      if (!returnExceptions) firstError ??= { error };
      results.push(error);
    }
  }
  if (firstError !== undefined) throw firstError.error;
  return results;
}

/** `asyncio.wait_for(coro, timeout)`: runs fn in a task, cancels it after `seconds`, throws TimeoutError. */
export async function waitFor<T>(fn: () => PromiseLike<T>, seconds: number): Promise<T> {
  const task = createTask(fn);
  let timedOut = false;
  const timer = getRunningLoop().callLater(seconds, () => {
    timedOut = true;
    task.cancel();
  });
  try {
    return await task;
  } catch (error) {
    if (timedOut && isCancelledError(error)) throw new TimeoutError();
    throw error;
  } finally {
    timer.cancel();
  }
}

/** The message-less error class check vitest's `rejects.toThrow` cannot do for empty messages. */
export async function errorOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, got a result");
}
