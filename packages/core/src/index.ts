/**
 * @asyncio-ts/core: the event loop, Future, Task, `run`/`Runner`, contextvars and every
 * asyncio exception.
 *
 * @packageDocumentation
 */
export * from "./exceptions/index.js";
export { Context, copyContext } from "./context.js";
export { ContextVar, Token, type ContextVarOptions } from "./context-var.js";
export type { Coroutine, AwaitableLike } from "./coroutine.js";
export { Future, isFuture, type DoneCallback, type FutureOptions } from "./future.js";
export { Handle, TimerHandle } from "./handle.js";
export {
  EventLoop,
  type ExceptionContext,
  type ExceptionHandler,
  type Executor,
  type TaskFactory,
} from "./event-loop.js";
export { getRunningLoop, getEventLoop, setEventLoop, newEventLoop } from "./running-loop.js";
export { Task, type TaskOptions, type TaskConstructorOptions } from "./task.js";
export { createTask } from "./create-task.js";
export { CoroutineCall, callCoroutine } from "./coroutine-call.js";
export { currentTask } from "./current-task.js";
export { allTasks } from "./all-tasks.js";
export { ensureFuture } from "./ensure-future.js";
export { sleep } from "./sleep.js";
export { run } from "./run.js";
export { Runner, type RunnerOptions } from "./runner.js";
