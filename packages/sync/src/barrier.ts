import {
  BrokenBarrierError,
  ValueError,
  bindLoop,
  callCoroutine,
  failedFuture,
  setWaitDescription,
  type EventLoop,
  type Future,
} from "@asyncio-ts/core";
import { Condition, ConditionWait } from "./condition.js";

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
    // One Waiter per wait, which goes through CPython's coroutine (`async with cond`, `_block`,
    // `_wait`) as a state machine, waiting on the condition and its lock directly.
    let loop: EventLoop;
    try {
      loop = bindLoop(undefined, this);
    } catch (error) {
      return failedFuture(error);
    }
    const waiter = new BarrierWaiter(this, loop);
    waiter.start();
    return waiter;
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

  /** @internal the last party arrived: let everyone go (draining), and block newcomers until drained. */
  _releaseAll(): void {
    this._state = "draining";
    this._cond.notifyAll();
  }

  /** @internal a task leaves (CPython's `finally` in `wait`); the last one out of a draining or resetting barrier makes it fill again. */
  _exit(): void {
    this._count--;
    if (this._count === 0) {
      if (this._state === "resetting" || this._state === "draining") this._state = "filling";
      this._cond.notifyAll();
    }
  }
}

/** Where a {@link BarrierWaiter} is in CPython's `wait()` (the low bits of its stage). */
const ENTERING = 0; // `async with self._cond`: for the lock
const BLOCKING = 1; // `_block`'s `wait_for`: while the barrier drains or resets
const WAITING = 2; // `_wait`'s `wait_for`: for the last party
const PHASE = 3;

/**
 * A task in `Barrier.wait()`: CPython's coroutine as one state machine, with the code after each
 * of its awaits in {@link BarrierWaiter.afterWait}: the lock of `async with self._cond`, then
 * `Condition.wait`'s notify and lock re-acquisition inside each `wait_for` (its
 * {@link ConditionWait} steps).
 */
class BarrierWaiter extends ConditionWait<number> {
  declare private readonly barrier: Barrier;
  /** the arrival index, once counted */
  declare private index: number;

  constructor(barrier: Barrier, loop: EventLoop) {
    super(barrier._cond, loop, ENTERING);
    this.barrier = barrier;
    this.index = -1;
  }

  /** Runs as far as CPython's coroutine runs before it first suspends. */
  start(): void {
    const lock = this.condition._lock;
    if (lock._tryAcquire(this)) {
      this.entered();
      return;
    }
    try {
      lock._loop = bindLoop(lock._loop, lock);
    } catch (error) {
      this.fail(error);
      return;
    }
    lock._addWaiter(this);
  }

  protected override afterWait(woken: boolean, cancelled: boolean): void {
    if ((this.stage & PHASE) !== ENTERING) {
      super.afterWait(woken, cancelled);
      return;
    }
    // Lock.acquire's code after its await.
    if (this.condition._lock._afterWait(this, cancelled)) this.entered();
    else this.confirmCancel();
  }

  override get waitDescription(): string {
    return "Barrier.wait()";
  }

  /** Inside `async with self._cond`: `_block()`. */
  private entered(): void {
    this.waitUntil(BLOCKING);
  }

  /** CPython's `cond.wait_for(predicate)` of the phase: goes on at once when it holds, else waits for a notify. */
  private waitUntil(phase: number): void {
    this.stage = phase;
    const barrier = this.barrier;
    const state = barrier._state;
    if (phase === BLOCKING ? state !== "draining" && state !== "resetting" : state !== "filling") {
      this.passed();
      return;
    }
    const condition = this.condition;
    try {
      condition._loop = bindLoop(condition._loop, condition);
    } catch (error) {
      this.leave(error);
      return;
    }
    condition.release();
    condition._waiters.add(this);
  }

  /** The lock is held again: `Condition.wait` returns, or raises the cancel it kept. */
  protected reacquired(): void {
    if (this.cancelOwed) {
      // We may have been notified before the cancel: make sure another waiter is.
      this.condition._notify(1);
      this.leave(undefined);
      return;
    }
    this.waitUntil(this.stage & PHASE);
  }

  /** The phase's predicate holds: the rest of `_block`, or of `_wait`. */
  private passed(): void {
    const barrier = this.barrier;
    if ((this.stage & PHASE) === BLOCKING) {
      if (barrier.broken) {
        this.leave(new BrokenBarrierError("Barrier aborted"));
        return;
      }
      this.index = barrier._count;
      barrier._count++;
      if (this.index + 1 === barrier._parties) {
        barrier._releaseAll();
        this.leave(undefined);
        return;
      }
      this.waitUntil(WAITING);
      return;
    }
    // (`broken` and `_state` are read anew: the wait may have changed the state.)
    if (barrier.broken || barrier._state === "resetting") {
      this.leave(new BrokenBarrierError("Abort or reset of barrier"));
      return;
    }
    this.leave(undefined);
  }

  /**
   * Leaves `wait()` holding the lock: gives the count back once counted (CPython's `finally`),
   * releases the lock (the end of `async with`), and ends the wait with the index, `error`, or
   * the cancel owed.
   */
  private leave(error: unknown): void {
    const barrier = this.barrier;
    if (this.index >= 0) barrier._exit();
    barrier._cond.release();
    if (this.cancelOwed) this.confirmCancel();
    else if (error !== undefined) this.fail(error);
    else this.finish(this.index);
  }
}
