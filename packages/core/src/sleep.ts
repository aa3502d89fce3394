import { ValueError } from "./exceptions/value-error.js";
import { Future } from "./future.js";
import type { TimerHandle } from "./handle.js";
import { getRunningLoop } from "./running-loop.js";

/** A sleep's future: cancelling it also cancels its timer. */
class SleepFuture<T> extends Future<T> {
  /** @internal */ _timer: TimerHandle | undefined;

  override cancel(message?: unknown): boolean {
    if (!super.cancel(message)) return false;
    this._timer?.cancel();
    this._timer = undefined;
    return true;
  }
}

function wakeSleeper<T>(future: SleepFuture<T>, result: T): void {
  future._timer = undefined;
  if (future._isPending) future._resolve(result);
}

function wakeYielder<T>(future: SleepFuture<T>, result: T): void {
  // A bare yield in Python resumes the task in the very next iteration: no second hop.
  if (future._isPending) future._resolveInline(result);
}

/**
 * Waits `delay` seconds, then resolves with `result`, as `asyncio.sleep`. `sleep(0)` yields
 * to the loop for exactly one iteration. Cancelling the awaiting task throws
 * `CancelledError` here and cancels the timer.
 *
 * @example
 * ```ts
 * await sleep(0.5);
 * const value = await sleep(0.1, "done"); // "done"
 * ```
 */
export function sleep(delay: number): Future<void>;
export function sleep<T>(delay: number, result: T): Future<T>;
export function sleep<T>(delay: number, result?: T): Future<T | undefined> {
  if (typeof delay !== "number") throw new TypeError(`delay must be a number, got ${typeof delay}`);
  if (Number.isNaN(delay)) throw new ValueError("delay must not be NaN");
  const loop = getRunningLoop();
  const future = new SleepFuture<T | undefined>({ loop });
  if (delay <= 0) {
    loop._callSoonWith(() => wakeYielder(future, result), undefined, undefined);
  } else {
    future._timer = loop.callLater(delay, wakeSleeper, future, result);
  }
  return future;
}
