import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "../context.js";
import type { Task } from "../task.js";
import type { DrivenFuture } from "./driven-future.js";

/**
 * What follows an async function driven by the library through all its awaits.
 * A Task (or CoroutineCall) is its own frame, so a task costs no extra object; callbacks
 * and `Context.run` use a plain object. Looked up once per `Future.then`.
 *
 * - `_frameTask`: what `currentTask()` answers.
 * - `_frameOwner`: whose waiter a library await becomes. It is the task itself, or a
 *   library call running inside the task, so that a library coroutine started but
 *   not yet awaited cannot be taken for the task's own suspension.
 * - `_context`: the contextvars Context the code runs in.
 */
export interface TaskFrame {
  readonly _frameTask: Task<unknown> | undefined;
  readonly _frameOwner: DrivenFuture<unknown> | undefined;
  readonly _context: Context;
}

export const taskStorage = new AsyncLocalStorage<TaskFrame>();
