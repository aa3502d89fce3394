import type { EventLoop } from "../event-loop.js";
import { RuntimeError } from "../exceptions/runtime-error.js";

// Which loop runs now, and which is current for this thread. The loop class registers
// its factory here so that Future and Task can default to a loop without importing it.
let runningLoop: EventLoop | undefined;
let currentLoop: EventLoop | undefined;
let loopFactory: (() => EventLoop) | undefined;

export function registerLoopFactory(factory: () => EventLoop): void {
  loopFactory = factory;
}

export function createLoop(): EventLoop {
  if (loopFactory === undefined) throw new RuntimeError("no event loop implementation is loaded");
  return loopFactory();
}

export function setRunningLoop(loop: EventLoop | undefined): void {
  runningLoop = loop;
}

export function peekRunningLoop(): EventLoop | undefined {
  return runningLoop;
}

export function getCurrentLoopSlot(): EventLoop | undefined {
  return currentLoop;
}

export function setCurrentLoopSlot(loop: EventLoop | undefined): void {
  currentLoop = loop;
}

/**
 * The running event loop, or the loop set for this thread, creating one if there is none
 * (Python 3.12's `get_event_loop()` without its deprecation warning).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   getEventLoop() === getRunningLoop(); // true: inside a loop, the running one
 * });
 * ```
 */
export function getEventLoop(): EventLoop {
  if (runningLoop !== undefined) return runningLoop;
  if (currentLoop === undefined || currentLoop.isClosed()) currentLoop = createLoop();
  return currentLoop;
}
