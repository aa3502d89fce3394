import type { EventLoop } from "../event-loop.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { runtimeRegistry } from "./runtime-registry.js";

// Which loop runs now, and which is current for this thread, live in the registry that every
// copy of core in the thread shares. The loop class registers its factory here so that Future
// and Task can default to a loop without importing it.
const registry = runtimeRegistry;
let loopFactory: (() => EventLoop) | undefined;

export function registerLoopFactory(factory: () => EventLoop): void {
  loopFactory = factory;
}

export function createLoop(): EventLoop {
  if (loopFactory === undefined) throw new RuntimeError("no event loop implementation is loaded");
  return loopFactory();
}

export function setRunningLoop(loop: EventLoop | undefined): void {
  registry.runningLoop = loop;
}

export function peekRunningLoop(): EventLoop | undefined {
  return registry.runningLoop;
}

export function getCurrentLoopSlot(): EventLoop | undefined {
  return registry.currentLoop;
}

export function setCurrentLoopSlot(loop: EventLoop | undefined): void {
  registry.currentLoop = loop;
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
  const running = registry.runningLoop;
  if (running !== undefined) return running;
  let current = registry.currentLoop;
  if (current === undefined || current.isClosed()) current = registry.currentLoop = createLoop();
  return current;
}
