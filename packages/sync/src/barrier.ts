import { BrokenBarrierError, ValueError, callCoroutine, setWaitDescription, type Future } from "@asyncio-ts/core";
import { Condition } from "./condition.js";

/** The states of a {@link Barrier}, as CPython's `_BarrierState`. */
type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * A meeting point for a fixed number of tasks, as Python's `asyncio.Barrier` (3.11): each
 * task calls `wait()`, and once `parties` tasks are waiting they all go on together. Each gets
 * a distinct arrival index from 0 to `parties - 1`. The barrier is reusable: after the tasks
 * left (drained), it fills again.
 *
 * `reset()` sends the waiting tasks away with {@link BrokenBarrierError} and makes the
 * barrier usable again; `abort()` breaks it for good (every `wait()` throws
 * `BrokenBarrierError`) until `reset()`.
 *
 * Python's `async with barrier as index:` is `await barrier.with(async (index) => ...)`.
 *
 * @example
 * ```ts
 * import { run, createTask, Barrier } from "asyncio-ts";
 *
 * await run(async () => {
 *   const barrier = new Barrier(3);
 *   const worker = async (name: string) => {
 *     console.log(name, "ready");
 *     const index = await barrier.wait(); // resumes when all three are ready
 *     console.log(name, "go", index);
 *   };
 *   const tasks = ["a", "b", "c"].map((name) => createTask(() => worker(name)));
 *   for (const task of tasks) await task;
 * });
 * ```
 */
export class Barrier {
  /** @internal notifies every task when the state changes */
  readonly _cond = new Condition();
  /** @internal */ readonly _parties: number;
  /** @internal */ _state: BarrierState = "filling";
  /** @internal tasks in the barrier (waiting, or leaving while it drains) */
  _count = 0;
  /** The predicates of the waits, made once per barrier rather than per wait. */
  private readonly notDrainingNorResetting = (): boolean => this._state !== "draining" && this._state !== "resetting";
  private readonly notFilling = (): boolean => this._state !== "filling";

  /**
   * @param parties - how many tasks must wait before they all go on.
   * @throws ValueError `parties must be > 0` when parties is less than 1.
   */
  constructor(parties: number) {
    if (typeof parties !== "number" || Number.isNaN(parties)) {
      throw new TypeError(`parties must be a number, got ${String(parties)}`);
    }
    if (parties < 1) throw new ValueError("parties must be > 0");
    this._parties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting, then resolves with this task's arrival index
   * (0 to `parties - 1`, unique among the tasks released together). Waits first while the
   * barrier drains or resets. Fails with {@link BrokenBarrierError} if the barrier is broken,
   * or is reset or aborted while waiting. A cancelled wait leaves the barrier (the other
   * waiters keep waiting for a full set).
   */
  wait(): Future<number> {
    // One library coroutine per wait, as CPython's one `wait()` coroutine: the lock and the
    // condition are awaited directly inside it.
    return setWaitDescription(
      callCoroutine(async () => {
        const cond = this._cond;
        await cond.acquire();
        try {
          // Python's _block(): wait while the barrier drains or resets.
          await cond.waitFor(this.notDrainingNorResetting);
          if (this.broken) throw new BrokenBarrierError("Barrier aborted");
          try {
            const index = this._count;
            this._count++;
            if (index + 1 === this._parties) {
              this.releaseAll();
            } else {
              // Python's _wait(): wait for the last party.
              await cond.waitFor(this.notFilling);
              // (`broken` and `_state` are read anew: the wait may have changed the state.)
              if (this.broken || this._state === "resetting") {
                throw new BrokenBarrierError("Abort or reset of barrier");
              }
            }
            return index;
          } finally {
            this._count--;
            this.exit();
          }
        } finally {
          cond.release();
        }
      }),
      "Barrier.wait()",
    );
  }

  /**
   * Python's `async with barrier as index: body`: waits at the barrier, then runs `body` with
   * the arrival index and resolves with its result (leaving needs nothing, as in Python).
   */
  with<R>(body: (index: number) => R | PromiseLike<R>): Future<R> {
    if (typeof body !== "function") throw new TypeError(`a function was expected as the body, got ${String(body)}`);
    return setWaitDescription(
      callCoroutine(async () => body(await this.wait())),
      "Barrier.with()",
    );
  }

  /**
   * Resets the barrier to its empty state: tasks waiting now fail with
   * {@link BrokenBarrierError}; a broken barrier becomes usable again.
   */
  reset(): Future<void> {
    return this._cond.with(() => {
      if (this._count > 0) {
        // The waiting tasks leave with BrokenBarrierError; the last one out sets "filling".
        if (this._state !== "resetting") this._state = "resetting";
      } else {
        this._state = "filling";
      }
      this._cond.notifyAll();
    });
  }

  /**
   * Breaks the barrier: tasks waiting now and every later `wait()` fail with
   * {@link BrokenBarrierError}, until `reset()`. Useful when a party fails and the others
   * must not wait forever.
   */
  abort(): Future<void> {
    return this._cond.with(() => {
      this._state = "broken";
      this._cond.notifyAll();
    });
  }

  /** How many tasks must wait before they all go on. */
  get parties(): number {
    return this._parties;
  }

  /** How many tasks are waiting now (0 while the barrier drains, resets or is broken). */
  get nWaiting(): number {
    return this._state === "filling" ? this._count : 0;
  }

  /** True when the barrier is broken (`abort()`ed and not `reset()` since). */
  get broken(): boolean {
    return this._state === "broken";
  }

  /** Python's repr: `<Barrier [filling, waiters:2/5]>`, `<Barrier [broken]>`. */
  toString(): string {
    let extra: string = this._state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this.parties}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** The last party arrived: let everyone go (draining), and block newcomers until drained. */
  private releaseAll(): void {
    this._state = "draining";
    this._cond.notifyAll();
  }

  /** The last task out of a draining or resetting barrier makes it fill again. */
  private exit(): void {
    if (this._count === 0) {
      if (this._state === "resetting" || this._state === "draining") this._state = "filling";
      this._cond.notifyAll();
    }
  }
}
