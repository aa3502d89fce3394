import { type AbstractEventLoop, runningLoop } from "./internal/abstract-event-loop.js";
import type { Task } from "./task.js";

/**
 * The loop's tasks that are not done yet, as `asyncio.all_tasks`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const worker = createTask(() => sleep(1));
 *   allTasks().size; // 2: the main task and worker
 *   worker.cancel();
 * });
 * ```
 */
export function allTasks(loop?: AbstractEventLoop): Set<Task<unknown>> {
  const target = loop ?? runningLoop();
  const tasks = new Set<Task<unknown>>();
  for (const task of target._tasks) if (!task.done()) tasks.add(task);
  return tasks;
}
