import { ValueError } from "./exceptions/value-error.js";
import { Future } from "./future.js";
import type { TimerHandle } from "./handle.js";
import type { ReadyItem } from "./internal/ready-item.js";
import { ownThen } from "./internal/accelerators/index.js";
import { runningLoop } from "./internal/abstract-event-loop.js";

/** A sleep's future: cancelling it also cancels its timer. As a ready item, it is `sleep(0)`'s yield. */
class SleepFuture<T> extends Future<T> implements ReadyItem {
  /** @internal */ _timer: TimerHandle | undefined = undefined;
  /** @internal */ _value: T | undefined = undefined;

  /** @internal */
  get _cancelled(): boolean {
    return !this._isPending;
  }

  /** @internal sleep(0): a bare yield in Python resumes the task in the very next iteration, no second hop. */
  _run(): void {
    if (this._isPending) this._resolveInline(this._value as T);
  }

  /** @internal sleep(0) resumes its awaiter inline: a slow step is the awaiting task's. */
  _stepSubject(): { toString(): string } {
    const awaiter = this._peekCallbacks()[0];
    return awaiter?._stepSubject?.() ?? this;
  }

  override cancel(message?: unknown): boolean {
    if (!super.cancel(message)) return false;
    this._timer?.cancel();
    this._timer = undefined;
    return true;
  }
}

ownThen(SleepFuture);

function wakeSleeper<T>(future: SleepFuture<T>, result: T): void {
  future._timer = undefined;
  if (future._isPending) future._resolve(result);
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
  const loop = runningLoop();
  const future = new SleepFuture<T | undefined>({ loop });
  if (delay <= 0) {
    future._value = result;
    loop._enqueue(future);
  } else {
    future._timer = loop.callLater(delay, wakeSleeper, future, result);
  }
  return future;
}
