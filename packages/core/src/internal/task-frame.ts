import type { FrameStorage, LoopFrameScope } from "./frame-types.js";
import { runtimeRegistry } from "./runtime-registry.js";

export type { FrameStorage, LoopFrameScope, TaskFrame } from "./frame-types.js";

/**
 * The current task frame follows the code as AsyncLocalStorage propagates a store: through
 * every `await` and promise reaction, and into the callbacks of timers, emitters, sockets and
 * `queueMicrotask` scheduled from inside the task. That is the semantics on every runtime. The
 * storage is the thread's, shared by every copy of core loaded in it (runtime-registry.ts).
 */
export const taskStorage: FrameStorage = runtimeRegistry.taskStorage;

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
