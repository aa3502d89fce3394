import type { EventLoop } from "./event-loop.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import {
  createLoop,
  getCurrentLoopSlot,
  getEventLoop as getLoopOfThread,
  peekRunningLoop,
  setCurrentLoopSlot,
} from "./internal/loop-state.js";

// The slots hold every loop by the interface code below the loop sees; each is an EventLoop
// (the registered factory makes them, and setEventLoop takes nothing else).

/**
 * The running event loop, as `asyncio.get_running_loop`; throws
 * `RuntimeError("no running event loop")` when none runs.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const loop = getRunningLoop();
 *   loop.callLater(0.1, () => console.log("later"));
 *   await sleep(0.2);
 * });
 * ```
 */
export function getRunningLoop(): EventLoop {
  const loop = peekRunningLoop();
  if (loop === undefined) throw new RuntimeError("no running event loop");
  return loop as EventLoop;
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
  return getLoopOfThread() as EventLoop;
}

/**
 * Makes `loop` the current loop of this thread (`null` to unset it), as
 * `asyncio.set_event_loop`.
 *
 * @example
 * ```ts
 * const loop = newEventLoop();
 * setEventLoop(loop);
 * getEventLoop() === loop; // true
 * setEventLoop(null);
 * loop.close();
 * ```
 */
export function setEventLoop(loop: EventLoop | null | undefined): void {
  if (loop !== null && loop !== undefined && typeof (loop as EventLoop).runForever !== "function") {
    throw new TypeError(`loop must be an instance of AbstractEventLoop or None, not '${typeof loop}'`);
  }
  setCurrentLoopSlot(loop ?? undefined);
}

/**
 * A new event loop, not set as current, as `asyncio.new_event_loop`.
 *
 * @example
 * ```ts
 * const loop = newEventLoop();
 * try {
 *   await loop.runUntilComplete(() => sleep(0.1, "done")); // "done"
 * } finally {
 *   loop.close();
 * }
 * ```
 */
export function newEventLoop(): EventLoop {
  return createLoop() as EventLoop;
}

export function peekCurrentLoop(): EventLoop | undefined {
  return getCurrentLoopSlot() as EventLoop | undefined;
}
