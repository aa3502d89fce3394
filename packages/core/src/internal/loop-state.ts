import type { SchedulingLoop } from "./loop-interface.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { runtimeRegistry } from "./runtime-registry.js";
import { frameEntryReenablesStorage } from "./accelerators/index.js";

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

/** The loops of this copy counted in the registry's `loopsInUse`: each runs, and closes, through this copy. */
const countedLoops = new WeakSet<SchedulingLoop>();

export function setRunningLoop(loop: SchedulingLoop | undefined): void {
  registry.runningLoop = loop;
  if (loop !== undefined && !countedLoops.has(loop)) {
    countedLoops.add(loop);
    registry.loopsInUse++;
  }
}

/**
 * A loop closed. Once every loop of the thread that ran is closed, and the caller is outside any
 * task frame, no task of ours can run again: the frame storage is disabled. Where it runs on
 * async_hooks (Node 20; Node 22 and 24 without AsyncContextFrame), an enabled storage makes every
 * promise of the process pay hooks and bookkeeping, so plain code after `await run(main)` would
 * pay for asyncio-ts. A later loop enables it again, as `run` and `enterWith` do after `disable()`.
 * An open loop keeps it: its suspended tasks may resume, and the awaits they make before their
 * loop runs again must carry their frame.
 */
export function loopClosed(loop: SchedulingLoop): void {
  if (!countedLoops.delete(loop)) return;
  registry.loopsInUse--;
  if (registry.loopsInUse > 0 || registry.runningLoop !== undefined) return;
  const storage = registry.taskStorage;
  if (typeof storage.disable !== "function" || storage.getStore() !== undefined) return;
  if (frameEntryReenablesStorage()) storage.disable();
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
