import type { Coroutine } from "./coroutine.js";
import { NO_OPTIONS } from "./internal/no-options.js";
import { runningLoop } from "./internal/abstract-event-loop.js";
import type { Task, TaskOptions } from "./task.js";

/**
 * Runs `coro` concurrently in a new {@link Task} on the running loop, as `asyncio.create_task`.
 * Keep the task (or await it): its errors are reported only when it is collected unretrieved.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const task = createTask(() => fetchUser(1), { name: "fetch-user-1" });
 *   console.log(await task);
 * });
 * ```
 */
export function createTask<T>(coro: Coroutine<T>, options: TaskOptions = NO_OPTIONS): Task<T> {
  return runningLoop().createTask(coro, options);
}
