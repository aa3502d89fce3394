import { type AbstractEventLoop, runningLoop } from "./internal/abstract-event-loop.js";
import { taskStorage } from "./internal/task-frame.js";
import type { Task } from "./task.js";

/**
 * The task running the calling code, or `undefined` outside any task, as
 * `asyncio.current_task`. Throws `RuntimeError` when no loop runs and none is given.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const task = createTask(async () => currentTask()?.getName(), { name: "worker-1" });
 *   await task; // "worker-1"
 * });
 * ```
 */
export function currentTask(loop?: AbstractEventLoop): Task<unknown> | undefined {
  const target = loop ?? runningLoop();
  const task = taskStorage.getStore()?._frameTask as Task<unknown> | undefined;
  if (task === undefined || task._loop !== target || task.done()) return undefined;
  return task;
}
