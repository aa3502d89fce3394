import type { Coroutine } from "./coroutine.js";
import type { SchedulingLoop } from "./internal/loop-interface.js";
import { Task, type TaskConstructorOptions, type TaskOptions } from "./task.js";

/** A class whose instances are tasks, built as `new Task(coro, options)` is: what {@link createEagerTaskFactory} takes. */
export type TaskConstructor = new <T>(coro: Coroutine<T>, options: TaskConstructorOptions) => Task<T>;

/** A task factory that starts its tasks eagerly: what {@link createEagerTaskFactory} returns. */
export type EagerTaskFactory = <T>(loop: SchedulingLoop, coro: Coroutine<T>, options?: TaskOptions) => Task<T>;

/**
 * Makes a task factory for `loop.setTaskFactory` that builds its tasks with `TaskConstructor`
 * and starts them eagerly, as `asyncio.create_eager_task_factory`: each task's function runs at
 * once inside `createTask` (or `loop.createTask`, `TaskGroup.createTask`, `ensureFuture`), up
 * to its first suspension, with the new task as `currentTask()` and already in `allTasks()`.
 * An error thrown there becomes the task's; `createTask` never throws it. A task created with
 * `{ eagerStart: false }` starts as usual, and so does every task while the loop is not
 * running. Unlike Python, a function that returns without suspending makes its task done
 * within the microtasks that follow, before the loop runs another callback, not by the time
 * `createTask` returns: JavaScript cannot read a settled promise synchronously.
 *
 * @example
 * ```ts
 * class TracedTask<T> extends Task<T> {}
 * await run(async () => {
 *   getRunningLoop().setTaskFactory(createEagerTaskFactory(TracedTask));
 *   const task = createTask(async () => "cached"); // ran already, a TracedTask
 *   console.log(await task); // "cached"
 * });
 * ```
 */
export function createEagerTaskFactory(TaskConstructor: TaskConstructor): EagerTaskFactory {
  if (typeof TaskConstructor !== "function") {
    throw new TypeError(`TaskConstructor must be a class of tasks, not ${String(TaskConstructor)}`);
  }
  return <T>(loop: SchedulingLoop, coro: Coroutine<T>, options: TaskOptions = {}): Task<T> =>
    new TaskConstructor(coro, { ...options, loop, eagerStart: options.eagerStart ?? true });
}

/**
 * The task factory that starts every task eagerly, as `asyncio.eager_task_factory`:
 * `loop.setTaskFactory(eagerTaskFactory)`. See {@link createEagerTaskFactory} for what an
 * eager start does, and for the one difference from Python.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   getRunningLoop().setTaskFactory(eagerTaskFactory);
 *   const order: string[] = [];
 *   const task = createTask(async () => {
 *     order.push("task");
 *   });
 *   order.push("caller");
 *   await task;
 *   console.log(order); // ["task", "caller"]
 * });
 * ```
 */
export const eagerTaskFactory: EagerTaskFactory = createEagerTaskFactory(Task);
