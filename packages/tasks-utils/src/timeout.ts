import {
  callCoroutine,
  cancellationOf,
  setWaitDescription,
  currentTask,
  getRunningLoop,
  isCancelledError,
  RuntimeError,
  TimeoutError,
  type CoroutineCall,
  type Future,
  type Handle,
} from "@asyncio-ts/core";
import { checkSeconds } from "./internal/validate.js";

type TimeoutState = "created" | "active" | "expiring" | "expired" | "finished";

/**
 * A deadline for a block of code, as Python's `asyncio.Timeout` (made by {@link timeout} and
 * {@link timeoutAt}): `await timeout(5).with(async (cm) => body)` is
 * `async with asyncio.timeout(5) as cm: body`.
 *
 * When the deadline passes, the body is cancelled at the `await` it is suspended at; `with`
 * then turns that `CancelledError` into `TimeoutError` (its `cause` is the CancelledError).
 * A foreign promise (a Node timer, `fetch`, `fs`) cannot be interrupted unless it was given the
 * body's signal, `currentTask().signal`, which the deadline aborts: its rejection then counts as
 * the cancellation and becomes `TimeoutError` too. Without the signal the body goes on until it
 * reaches a library `await` (in debug mode that overrun is reported).
 * Python 3.12's rules hold: nested timeouts each convert only their own cancellation, and a
 * cancellation from elsewhere (the task being cancelled) passes through as `CancelledError`,
 * told apart from ours by counting cancellation requests (`cancelling`/`uncancel`) on the call
 * that runs the body. Our request is counted on the task too, as in Python.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   try {
 *     await timeout(1).with(async (cm) => {
 *       await longRunningJob();
 *       cm.reschedule(getRunningLoop().time() + 10); // more time for the next step
 *       await anotherJob();
 *     });
 *   } catch (error) {
 *     if (error instanceof TimeoutError) console.log("too slow");
 *     else throw error;
 *   }
 * });
 * ```
 */
export class Timeout {
  private state: TimeoutState = "created";
  private deadline: number | null;
  private handle: Handle | undefined = undefined;
  private call: CoroutineCall<unknown> | undefined = undefined;
  private cancellingOnEntry = 0;

  /**
   * A timeout that will fire at loop time `when` (seconds, as `loop.time()`), or never when
   * `when` is `null`. Prefer {@link timeout} and {@link timeoutAt}.
   */
  constructor(when: number | null | undefined) {
    this.deadline = checkSeconds(when, "when");
  }

  /** The deadline in loop time (seconds), or `null` when there is none. */
  when(): number | null {
    return this.deadline;
  }

  /**
   * Moves the deadline to loop time `when` (`null`: no deadline). A deadline already past fires
   * in the next loop iteration. Throws `RuntimeError` unless the timeout is active (entered and
   * neither expired nor exited), as in Python.
   */
  reschedule(when: number | null | undefined): void {
    if (this.state !== "active") {
      if (this.state === "created") throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this.state} Timeout`);
    }
    const deadline = checkSeconds(when, "when");
    this.deadline = deadline;
    this.handle?.cancel();
    this.handle = undefined;
    if (deadline === null || deadline === Infinity) return;
    const loop = getRunningLoop();
    this.handle = deadline <= loop.time() ? loop.callSoon(this.onTimeout) : loop.callAt(deadline, this.onTimeout);
  }

  /** Whether the deadline passed while the body ran (the timeout is expiring or expired). */
  expired(): boolean {
    return this.state === "expiring" || this.state === "expired";
  }

  /**
   * Runs `body` under this timeout, as `async with timeout:` does, and resolves with its
   * result. `TimeoutError` replaces the `CancelledError` our own deadline caused; any other
   * outcome of the body passes through. A Timeout can be entered once.
   */
  with<T>(body: (timeout: Timeout) => T | PromiseLike<T>): Future<T> {
    if (typeof body !== "function") throw new TypeError(`body must be a function, not ${typeof body}`);
    return setWaitDescription(
      callCoroutine<T>(async (call) => {
        this.enter(call as CoroutineCall<unknown>);
        let result: T;
        try {
          result = await body(this);
        } catch (caught) {
          // A foreign promise rejected by the abort of the body's signal counts as the cancel.
          const error = cancellationOf(caught) ?? caught;
          this.exit(call as CoroutineCall<unknown>, true, error);
          throw error;
        }
        this.exit(call as CoroutineCall<unknown>, false, undefined);
        return result;
      }),
      "Timeout.with()",
    );
  }

  /** A description as Python's repr: `<Timeout [active] when=12.345>`. */
  toString(): string {
    if (this.state !== "active") return `<Timeout [${this.state}]>`;
    const when = this.deadline === null ? "null" : String(Math.round(this.deadline * 1000) / 1000);
    return `<Timeout [active] when=${when}>`;
  }

  private enter(call: CoroutineCall<unknown>): void {
    if (this.state !== "created") throw new RuntimeError("Timeout has already been entered");
    if (currentTask() === undefined) throw new RuntimeError("Timeout should be used inside a task");
    this.state = "active";
    // The body runs inside `call`: our cancel targets the call, not the whole task, and its
    // counts tell our cancellation from someone else's.
    this.call = call;
    this.cancellingOnEntry = call.cancelling();
    this.reschedule(this.deadline);
  }

  /** `__aexit__`: throws TimeoutError when the body's CancelledError was ours; otherwise returns. */
  private exit(call: CoroutineCall<unknown>, failed: boolean, error: unknown): void {
    this.handle?.cancel();
    this.handle = undefined;
    this.call = undefined;
    if (this.state === "expiring") {
      this.state = "expired";
      if (call.uncancelForTask() <= this.cancellingOnEntry && failed && isCancelledError(error)) {
        throw new TimeoutError(undefined, { cause: error });
      }
    } else if (this.state === "active") {
      this.state = "finished";
    }
  }

  private readonly onTimeout = (): void => {
    if (this.state !== "active" || this.call === undefined) return;
    // Python cancels the task: the request counts on it, and reaches the body's call.
    this.call.cancelForTask();
    this.state = "expiring";
    this.handle = undefined;
  };
}

/**
 * A {@link Timeout} that fires `delay` seconds from now, as `asyncio.timeout`; `null` (or
 * `undefined`) never fires. A delay of zero or less expires in the next loop iteration.
 * NaN is a `ValueError`.
 *
 * @example
 * ```ts
 * await timeout(2).with(() => fetchUser(1)); // TimeoutError after 2 s
 * ```
 */
export function timeout(delay: number | null | undefined): Timeout {
  const seconds = checkSeconds(delay, "delay");
  return new Timeout(seconds === null ? null : getRunningLoop().time() + seconds);
}

/**
 * A {@link Timeout} that fires at loop time `when` (seconds, as `loop.time()`), as
 * `asyncio.timeout_at`; `null` never fires.
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 10;
 * await timeoutAt(deadline).with(async () => {
 *   await stepOne();
 *   await stepTwo(); // both steps share the 10 s
 * });
 * ```
 */
export function timeoutAt(when: number | null | undefined): Timeout {
  return new Timeout(when);
}
