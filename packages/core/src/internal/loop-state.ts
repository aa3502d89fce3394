import type { SchedulingLoop } from "./loop-interface.js";
import { RuntimeError } from "../exceptions/runtime-error.js";

// Which loop runs now, and which is current for this thread. The loop class registers
// its factory here so that Future and Task can default to a loop without importing it.
// Every loop held here is an EventLoop; below the loop it is named by its interface.
let runningLoop: SchedulingLoop | undefined;
let currentLoop: SchedulingLoop | undefined;
let loopFactory: (() => SchedulingLoop) | undefined;

export function registerLoopFactory(factory: () => SchedulingLoop): void {
  loopFactory = factory;
}

export function createLoop(): SchedulingLoop {
  if (loopFactory === undefined) throw new RuntimeError("no event loop implementation is loaded");
  return loopFactory();
}

export function setRunningLoop(loop: SchedulingLoop | undefined): void {
  runningLoop = loop;
}

export function peekRunningLoop(): SchedulingLoop | undefined {
  return runningLoop;
}

export function getCurrentLoopSlot(): SchedulingLoop | undefined {
  return currentLoop;
}

export function setCurrentLoopSlot(loop: SchedulingLoop | undefined): void {
  currentLoop = loop;
}

/** The running loop, or the loop set for this thread, creating one: the public `getEventLoop()` (running-loop.ts). */
export function getEventLoop(): SchedulingLoop {
  if (runningLoop !== undefined) return runningLoop;
  if (currentLoop === undefined || currentLoop.isClosed()) currentLoop = createLoop();
  return currentLoop;
}
