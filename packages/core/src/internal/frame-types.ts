import type { ReadyItem } from "./ready-item.js";

/**
 * The contextvars Context as a frame carries it (context.ts's `Context` is the only
 * implementation; code above the context layer reads it as that class).
 */
export interface FrameContext {
  copy(): FrameContext;
}

/**
 * What awaits inside a frame (CPython's task as `_fut_waiter` keeps it): a Task or a library
 * call (internal/driven-future.ts's `DrivenFuture`). A library `await` of a future records the
 * future as its waiter here, and the future's outcome wakes it. Futures are `object` here
 * because Future sits above this layer.
 */
export interface Awaiter extends ReadyItem {
  /** @internal What the function awaits now: one future, or a set while it awaits several. */
  readonly _waiters: unknown;
  /** @internal While suspended at a compact await: the awaiting promise's resolve function. */
  _resume: ((value: unknown) => void) | undefined;
  /** @internal The task whose frame this awaiter runs in, as `currentTask()` answers it. */
  readonly _frameTask: object | undefined;
  /** @internal An error if this await must not happen (awaiting itself, a future of another loop). */
  _refuseAwait(future: object): Error | undefined;
  /** @internal The function now awaits `future`. */
  _suspend(future: object): void;
  /** @internal `future` is done; true if a cancel is to be delivered instead of its outcome. */
  _wake(future: object): boolean;
  /** @internal */ _takeCancelledError(): Error;
}

/**
 * What follows an async function driven by the library through all its awaits.
 * A Task (or CoroutineCall) is its own frame, so a task costs no extra object; callbacks
 * and `Context.run` use a plain object. Looked up once per `Future.then`.
 *
 * - `_frameTask`: what `currentTask()` answers (a Task).
 * - `_frameOwner`: whose waiter a library await becomes. It is the task itself, or a
 *   library call running inside the task, so that a library coroutine started but
 *   not yet awaited cannot be taken for the task's own suspension.
 * - `_context`: the contextvars Context the code runs in.
 */
export interface TaskFrame {
  /** @internal */ readonly _frameTask: object | undefined;
  /** @internal */ readonly _frameOwner: Awaiter | undefined;
  /** @internal */ readonly _context: FrameContext;
}

/** The part of `AsyncLocalStorage` the library uses. */
export interface FrameStorage {
  getStore(): TaskFrame | undefined;
  run<R, Args extends unknown[]>(frame: TaskFrame | undefined, fn: (...args: Args) => R, ...args: Args): R;
  exit<R>(fn: () => R): R;
}

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
