import type { Context } from "./context.js";
import type { SchedulingLoop } from "./internal/loop-interface.js";
import { taskStorage } from "./internal/task-frame.js";

/**
 * A callback scheduled on the loop by `callSoon`, as `asyncio.Handle`: it can be cancelled
 * until it runs. An error thrown by the callback goes to the loop's exception handler.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const handle = getRunningLoop().callSoon(() => console.log("never printed"));
 *   handle.cancel();
 *   handle.cancelled(); // true
 * });
 * ```
 */
export class Handle {
  /** @internal */ _callback: ((...args: any[]) => unknown) | undefined;
  /** @internal */ _args: readonly unknown[] | undefined;
  /** @internal */ _cancelled = false;
  /** @internal */ readonly _loop: SchedulingLoop;
  /** @internal */ readonly _context: Context | undefined;

  /** @internal */
  constructor(
    callback: (...args: any[]) => unknown,
    args: readonly unknown[] | undefined,
    loop: SchedulingLoop,
    context: Context | undefined,
  ) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
    this._context = context;
  }

  /** Cancels the callback; it will not run. Cancelling twice, or after it ran, does nothing. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._callback = undefined;
    this._args = undefined;
  }

  /** True when the handle was cancelled. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** The context the callback runs in. */
  getContext(): Context | undefined {
    return this._context;
  }

  /** @internal */
  _run(): void {
    const callback = this._callback;
    if (callback === undefined) return;
    try {
      if (this._context !== undefined) {
        taskStorage.run(
          { _frameTask: undefined, _frameOwner: undefined, _context: this._context },
          invokeHandle,
          this,
          callback,
        );
      } else {
        this._invoke(callback);
      }
    } catch (error) {
      this._loop.callExceptionHandler({
        message: `Exception in callback ${describeCallback(callback)}`,
        exception: error,
        handle: this,
      });
    }
  }

  /** @internal calls the callback with its arguments */
  _invoke(callback: (...args: any[]) => unknown): unknown {
    const args = this._args;
    return args === undefined ? callback() : callback(...args);
  }

  toString(): string {
    const state = this._cancelled ? " cancelled" : "";
    return `<${this.constructor.name}${state}${this._callback ? ` ${describeCallback(this._callback)}` : ""}>`;
  }
}

function invokeHandle(handle: Handle, callback: (...args: any[]) => unknown): unknown {
  return handle._invoke(callback);
}

function describeCallback(callback: (...args: any[]) => unknown): string {
  return `${callback.name || "<anonymous>"}()`;
}

/**
 * A callback scheduled for a moment by `callLater`/`callAt`, as `asyncio.TimerHandle`.
 * Ordered by deadline, ties in scheduling order.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const loop = getRunningLoop();
 *   const timer = loop.callLater(0.5, () => console.log("never printed"));
 *   timer.when() - loop.time(); // about 0.5 (seconds)
 *   timer.cancel();
 * });
 * ```
 */
export class TimerHandle extends Handle {
  /** @internal */ readonly deadline: number;
  /** @internal */ readonly sequence: number;
  /** @internal still in the loop's heap */
  _scheduled = true;

  /** @internal */
  constructor(
    when: number,
    sequence: number,
    callback: (...args: any[]) => unknown,
    args: readonly unknown[] | undefined,
    loop: SchedulingLoop,
    context: Context | undefined,
  ) {
    super(callback, args, loop, context);
    this.deadline = when;
    this.sequence = sequence;
  }

  /** The loop time (seconds) at which the callback is scheduled. */
  when(): number {
    return this.deadline;
  }

  override cancel(): void {
    if (!this._cancelled && this._scheduled) this._loop._timerHandleCancelled();
    super.cancel();
  }

  override toString(): string {
    return super.toString().replace(/^<TimerHandle/, `<TimerHandle when=${this.deadline.toFixed(3)}`);
  }
}
