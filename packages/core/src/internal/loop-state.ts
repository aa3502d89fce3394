import type { SchedulingLoop } from "./loop-interface.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { runtimeRegistry } from "./runtime-registry.js";

// Which loop runs now, and which is current for this thread, live in the registry that every
// copy of core in the thread shares. The loop class registers its factory here so that Future
// and Task can default to a loop without importing it.
const registry = runtimeRegistry;
let loopFactory: (() => SchedulingLoop) | undefined;

export function registerLoopFactory(factory: () => SchedulingLoop): void {
  loopFactory = factory;
}

export function createLoop(): SchedulingLoop {
  if (loopFactory === undefined) throw new RuntimeError("no event loop implementation is loaded");
  return loopFactory();
}

export function setRunningLoop(loop: SchedulingLoop | undefined): void {
  registry.runningLoop = loop;
}

export function peekRunningLoop(): SchedulingLoop | undefined {
  return registry.runningLoop;
}

export function getCurrentLoopSlot(): SchedulingLoop | undefined {
  return registry.currentLoop;
}

export function setCurrentLoopSlot(loop: SchedulingLoop | undefined): void {
  registry.currentLoop = loop;
}

/** The running loop, or the loop set for this thread, creating one: the public `getEventLoop()` (running-loop.ts). */
export function getEventLoop(): SchedulingLoop {
  const running = registry.runningLoop;
  if (running !== undefined) return running;
  let current = registry.currentLoop;
  if (current === undefined || current.isClosed()) current = registry.currentLoop = createLoop();
  return current;
}
