import type { Context } from "../context.js";
import type { SchedulingLoop } from "./loop-interface.js";
import { Handle } from "../handle.js";

/**
 * The handle of an `addDoneCallback` registration. It passes its future to the callback
 * without a one-element argument array, which would cost far more than the field: a TaskGroup
 * or gather registers one per task.
 */
export class DoneCallbackHandle<F extends object> extends Handle {
  /** @internal */ declare readonly _future: F;

  constructor(callback: (future: F) => void, future: F, loop: SchedulingLoop, context: Context | undefined) {
    super(callback, undefined, loop, context);
    this._future = future;
  }

  /** @internal */
  override _invoke(callback: (future: F) => unknown): unknown {
    return callback(this._future);
  }
}
