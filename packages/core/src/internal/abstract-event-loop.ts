import type { Coroutine } from "../coroutine.js";
import type { Future } from "../future.js";
import type { Handle, TimerHandle } from "../handle.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import type { Task, TaskOptions } from "../task.js";
import type { SchedulingLoop } from "./loop-interface.js";
import type { TaskRegistry } from "./task-registry.js";
import { getEventLoop, peekRunningLoop } from "./loop-state.js";

/**
 * The loop as library calls and I/O see it: the scheduling interface plus the methods that hand
 * out futures, tasks and handles (the part of Python's `AbstractEventLoop` that is not I/O).
 * `EventLoop` implements it and adds the I/O methods. Task itself and what it imports use
 * {@link SchedulingLoop}, which this extends, since this names Task.
 */
export interface AbstractEventLoop extends SchedulingLoop {
  /** Callbacks taking longer than this (seconds) are logged in debug mode. */
  slowCallbackDuration: number;
  callSoon<Args extends unknown[]>(callback: (...args: Args) => unknown, ...args: Args): Handle;
  callLater<Args extends unknown[]>(delay: number, callback: (...args: Args) => unknown, ...args: Args): TimerHandle;
  callAt<Args extends unknown[]>(when: number, callback: (...args: Args) => unknown, ...args: Args): TimerHandle;
  createFuture<T = unknown>(): Future<T>;
  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T>;
  stop(): void;
  /** @internal */ readonly _tasks: TaskRegistry;
  /** @internal An I/O, worker or subprocess operation of the loop began (a virtual clock waits for it). */
  _operationStarted(): void;
  /** @internal Such an operation ended. */
  _operationFinished(): void;
  /** @internal Closed: I/O callbacks arriving afterwards are dropped. */
  readonly _closed: boolean;
}

// Every loop is an EventLoop (internal/loop-state.ts), which implements this interface.

/** The running loop, as `getRunningLoop()` (running-loop.ts) for code below the loop class. */
export function runningLoop(): AbstractEventLoop {
  const loop = peekRunningLoop();
  if (loop === undefined) throw new RuntimeError("no running event loop");
  return loop as AbstractEventLoop;
}

/** The running loop or undefined, as code below the loop class names it. */
export function peekLoop(): AbstractEventLoop | undefined {
  return peekRunningLoop() as AbstractEventLoop | undefined;
}

/** The running loop or this thread's, as `getEventLoop()` (running-loop.ts) for code below the loop class. */
export function eventLoop(): AbstractEventLoop {
  return getEventLoop() as AbstractEventLoop;
}
