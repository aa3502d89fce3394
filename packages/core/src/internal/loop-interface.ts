import type { LoopFrameScope } from "./frame-types.js";
import type { ReadyItem } from "./ready-item.js";

/**
 * What the loop's exception handler is handed from below the loop: Python's context dict
 * (the public `ExceptionContext` names its usual keys).
 */
export interface LoopExceptionContext {
  /** What happened. */
  readonly message: string;
  readonly [key: string]: unknown;
}

/** The loop's pending tasks, as a task adds and removes itself (internal/task-registry.ts). */
export interface TaskSet {
  add(task: object): void;
  delete(task: object): void;
}

/**
 * The loop as futures, handles, frames and contextvars see it: its clock, its ready queue,
 * its exception handler and debug flag, and the counters an await keeps. `EventLoop`
 * implements it; code below the loop names the loop by this interface, so that it does not
 * depend on the loop's I/O (internal/abstract-event-loop.ts adds what tasks and I/O need).
 */
export interface SchedulingLoop {
  /** In debug mode, a lock or semaphore held longer than this (seconds) is logged. */
  longHoldDuration: number;
  time(): number;
  isClosed(): boolean;
  isRunning(): boolean;
  getDebug(): boolean;
  callExceptionHandler(context: LoopExceptionContext): void;
  /** @internal Schedules an item for the next iteration. */
  _enqueue(item: ReadyItem): void;
  /** @internal */ _checkClosed(): void;
  /** @internal A scheduled timer handle was cancelled (the heap drops it lazily). */
  _timerHandleCancelled(): void;
  /** @internal Library awaits registered on this loop's futures and not yet resumed. */
  _pendingAwaits: number;
  /** @internal Tasks woken and not yet suspended again, counted in the current epoch. */
  _steppingCount: number;
  /** @internal */ _steppingEpoch: number;
  /** @internal Loop time in whole milliseconds, for a task's creation. */
  _creationMilliseconds(): number;
  /** @internal The loop's pending tasks. */
  readonly _tasks: TaskSet;
  /** @internal Tasks whose step went on into a foreign await (a virtual clock must not jump past them). */
  _foreignSteps: number;
  /** @internal Something that held the loop's clock back has ended: look at the wait again. */
  _reconsiderWait(): void;
  /** @internal How the loop enters task frames: made by `runForever`, used only while running. */
  _frameScope: LoopFrameScope;
}
