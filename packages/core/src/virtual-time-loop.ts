import { performance } from "node:perf_hooks";
import { EventLoop } from "./event-loop.js";
import { ValueError } from "./exceptions/value-error.js";

/**
 * An {@link EventLoop} whose clock is virtual, for tests of time-dependent code: `loop.time()`
 * starts at 0, stands still while callbacks run, and jumps straight to the next timer once
 * the loop has nothing else to do, so `await sleep(3600)` returns at once with the clock an
 * hour further, and timers, `waitFor` and `timeout` deadlines fire in the order of their
 * virtual deadlines whatever the machine's speed.
 *
 * The clock jumps only when, for one whole turn of Node's event loop, no callback is ready
 * and nothing the loop cannot see the end of is under way:
 * - an I/O, worker or subprocess operation of the loop: an open connection, pipe or UDP
 *   endpoint, a connect, a `getaddrinfo`, a child process still running, a `runInExecutor` or
 *   `toThread` call (a listening server alone does not count: it waits for others);
 * - a task suspended at an `await` of a foreign promise (`fetch`, `fs.promises`, a plain
 *   `setTimeout` promise): the loop cannot know when it settles.
 *
 * While one is, the clock follows real time instead, so real I/O completes and a deadline
 * still fires, never before the I/O it guards had its chance. The clock never moves while
 * callbacks keep running: code that never lets the loop idle (`for (;;) await sleep(0)`)
 * never reaches its next timer. Foreign promises awaited outside any task (a callback's
 * `.then`) and signals are not seen.
 *
 * @example
 * ```ts
 * import { VirtualTimeLoop, getRunningLoop, run, sleep } from "@asyncio-ts/core";
 *
 * const elapsed = await run(
 *   async () => {
 *     const loop = getRunningLoop();
 *     const start = loop.time();
 *     await sleep(3600); // returns at once
 *     return loop.time() - start; // 3600
 *   },
 *   { loopFactory: () => new VirtualTimeLoop() },
 * );
 * ```
 */
export class VirtualTimeLoop extends EventLoop {
  private now = 0;
  /** The virtual deadline the current wait jumps to, when it may jump. */
  private jumpTarget: number | undefined;
  /** When (real milliseconds) the current wait began, when it follows real time. */
  private realWaitStarted: number | undefined;

  /** The virtual clock, in seconds: 0 when the loop is made. */
  override time(): number {
    return this.now;
  }

  /**
   * Moves the clock `seconds` forward at once, as if a callback had run that long (Python's
   * `TestLoop.advance_time`): timers now due run in the next iteration.
   */
  advanceTime(seconds: number): void {
    if (typeof seconds !== "number" || Number.isNaN(seconds)) throw new TypeError("seconds must be a number");
    if (seconds < 0) throw new ValueError("the clock cannot go backwards");
    this.now += seconds;
  }

  /** Whether the clock may jump now: no operation of the loop under way and no task in a foreign await. */
  private mayJump(): boolean {
    return this._outstandingOperations === 0 && this._foreignSteps === 0;
  }

  /** @internal */
  override _waitMilliseconds(timeout: number): number {
    if (this.mayJump()) {
      this.jumpTarget = this.now + timeout;
      this.realWaitStarted = undefined;
      return 0;
    }
    this.jumpTarget = undefined;
    this.realWaitStarted = performance.now();
    return Math.ceil(timeout * 1000);
  }

  /** @internal */
  override _waitEnded(): void {
    const target = this.jumpTarget;
    const started = this.realWaitStarted;
    this.jumpTarget = undefined;
    this.realWaitStarted = undefined;
    if (target !== undefined) {
      // Woken by work, or with something under way since: no jump this time.
      if (this._ready.length > 0 || !this.mayJump()) return;
      // A timer added while waiting may be due before the one the wait was for.
      const head = this._scheduled.peek();
      const deadline = head === undefined ? target : Math.min(target, head.deadline);
      if (deadline > this.now) this.now = deadline;
    } else if (started !== undefined) {
      this.now += (performance.now() - started) / 1000;
    }
  }

  /** @internal */
  override _reconsiderWait(): void {
    if (this.mayJump()) this._wakeIfWaiting();
  }

  override toString(): string {
    return `<VirtualTimeLoop running=${this.isRunning()} closed=${this.isClosed()} debug=${this.getDebug()} time=${this.now}>`;
  }
}
