import type { EventLoop } from "./event-loop.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { createLoop, getCurrentLoopSlot, peekRunningLoop, setCurrentLoopSlot } from "./internal/loop-state.js";

export { getEventLoop } from "./internal/loop-state.js";

/** The running event loop; throws `RuntimeError("no running event loop")` when none runs. */
export function getRunningLoop(): EventLoop {
  const loop = peekRunningLoop();
  if (loop === undefined) throw new RuntimeError("no running event loop");
  return loop;
}

/** Makes `loop` the current loop of this thread (`null` to unset it). */
export function setEventLoop(loop: EventLoop | null | undefined): void {
  if (loop !== null && loop !== undefined && typeof (loop as EventLoop).runForever !== "function") {
    throw new TypeError(`loop must be an instance of AbstractEventLoop or None, not '${typeof loop}'`);
  }
  setCurrentLoopSlot(loop ?? undefined);
}

/** A new event loop, not set as current. */
export function newEventLoop(): EventLoop {
  return createLoop();
}

/** @internal */
export function peekCurrentLoop(): EventLoop | undefined {
  return getCurrentLoopSlot();
}
