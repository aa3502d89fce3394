import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "../context.js";
import type { Task } from "../task.js";
import type { DrivenFuture } from "./driven-future.js";

/**
 * What follows an async function driven by the library through all its awaits.
 * One frame per task (and per library call), looked up once per `Future.then`.
 *
 * - `task`: what `currentTask()` answers.
 * - `owner`: whose waiter a library await becomes. It is the task itself, or a
 *   library call running inside the task, so that a library coroutine started but
 *   not yet awaited cannot be taken for the task's own suspension.
 * - `context`: the contextvars Context the code runs in.
 */
export interface TaskFrame {
  readonly task: Task<unknown> | undefined;
  readonly owner: DrivenFuture<unknown> | undefined;
  readonly context: Context;
}

export const taskStorage = new AsyncLocalStorage<TaskFrame>();
