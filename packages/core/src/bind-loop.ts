import type { EventLoop } from "./event-loop.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { getRunningLoop } from "./running-loop.js";

/**
 * CPython's `_LoopBoundMixin._get_loop` for primitives written on asyncio-ts: returns the
 * running loop, which the primitive is bound to from its first wait on (keep the result in the
 * primitive and pass it back as `bound` next time). Throws `RuntimeError("no running event
 * loop")` outside a loop, and `RuntimeError("<owner> is bound to a different event loop")` when
 * `bound` is another loop than the running one.
 *
 * @example
 * ```ts
 * class Signal {
 *   private loop: EventLoop | undefined;
 *   wait(): Future<void> {
 *     const loop = (this.loop = bindLoop(this.loop, this));
 *     return loop.createFuture<void>();
 *   }
 * }
 * ```
 */
export function bindLoop(bound: EventLoop | undefined, owner: object): EventLoop {
  const loop = getRunningLoop();
  if (bound !== undefined && bound !== loop) {
    throw new RuntimeError(`${String(owner)} is bound to a different event loop`);
  }
  return loop;
}
