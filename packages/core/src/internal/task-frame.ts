import type { Context } from "../context.js";
import type { Task } from "../task.js";
import type { DrivenFuture } from "./driven-future.js";
import { runtimeRegistry } from "./runtime-registry.js";

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

/** The part of `AsyncLocalStorage` the library uses. */
export interface FrameStorage {
  getStore(): TaskFrame | undefined;
  run<R, Args extends unknown[]>(frame: TaskFrame | undefined, fn: (...args: Args) => R, ...args: Args): R;
  exit<R>(fn: () => R): R;
}

/**
 * The current task frame follows the code as AsyncLocalStorage propagates a store: through
 * every `await` and promise reaction, and into the callbacks of timers, emitters, sockets and
 * `queueMicrotask` scheduled from inside the task. That is the semantics on every runtime. The
 * storage is the thread's, shared by every copy of core loaded in it (runtime-registry.ts).
 */
export const taskStorage: FrameStorage = runtimeRegistry.taskStorage;

/**
 * How the loop enters frames. It starts a task in the task's frame from its own, and comes back
 * to its own from a callback that may have been registered in any frame (an immediate set by an
 * I/O callback inside a task). Create one from the loop's frame.
 */
export interface LoopFrameScope {
  /** Runs `fn(arg)` in `frame`, built on the loop's frame. */
  enter<A>(frame: TaskFrame, fn: (arg: A) => void, arg: A): void;
  /** Runs `fn` in the loop's frame. */
  resume(fn: () => void): void;
}

/**
 * The plain scope: an AsyncResource made in the loop's frame (where `runForever` was called,
 * with no task) brings code back to that frame, and a task is entered with `run` from there.
 * `run` restores the previous store by entering a copy of the frame it ends in, so a storage
 * that the task disabled would stay disabled for the loop and every later task; the resource
 * restores the loop's own frame as it was.
 */
export function plainLoopFrameScope(loopFrame: AsyncResourceLike): LoopFrameScope {
  const storage = taskStorage;
  const run = storage.run;
  return {
    enter: (frame, fn, arg) => loopFrame.runInAsyncScope(run, storage, frame, fn, arg),
    resume: (fn) => loopFrame.runInAsyncScope(fn),
  };
}

/** The part of `AsyncResource` the scopes use. */
export interface AsyncResourceLike {
  runInAsyncScope<R, This, Args extends unknown[]>(
    fn: (this: This, ...args: Args) => R,
    thisArg?: This,
    ...args: Args
  ): R;
}
