import {
  ValueError,
  Waiter,
  bindLoop,
  failedFuture,
  watchHold,
  type EventLoop,
  type Future,
  type HoldWatch,
  WaiterQueue,
} from "@asyncio-ts/core";
import { hold } from "./internal/hold.js";
import { SETTLED_TRUE } from "./internal/settled-true.js";

/**
 * A counter of permits, as Python's `asyncio.Semaphore`: `acquire()` takes one (waiting while
 * none is left), `release()` gives one back. Use it to bound concurrency.
 *
 * Fair and cancellation-safe as CPython 3.13 (the 3.12 `_wake_up_next` rework): waiters get
 * permits in FIFO order, a newcomer waits while others wait even if a permit is free, and a
 * waiter cancelled after it was handed a permit gives it back and wakes the next one: no
 * permit is lost or doubled.
 *
 * Python's `async with sem:` is `await sem.with(async () => ...)`.
 *
 * @example
 * ```ts
 * import { run, createTask, sleep, Semaphore } from "asyncio-ts";
 *
 * await run(async () => {
 *   const slots = new Semaphore(2); // at most two downloads at a time
 *   let running = 0;
 *   const download = (id: number) =>
 *     slots.with(async () => {
 *       running++;
 *       console.log(`download ${id} (${running} running)`);
 *       await sleep(0.01);
 *       running--;
 *     });
 *   const tasks = [1, 2, 3, 4].map((id) => createTask(() => download(id)));
 *   for (const task of tasks) await task;
 * });
 * ```
 */
export class Semaphore {
  /** @internal the free permits, minus those handed to woken waiters that have not run yet */
  _value: number;
  /** @internal tasks waiting in `acquire`, oldest first */
  _waiters: WaiterQueue<Waiter<true>> | undefined = undefined;
  /** @internal debug mode: the permits taken, each reported if held longer than the loop's `longHoldDuration` */
  _holds: HoldWatch[] | undefined = undefined;
  /** @internal */ _loop: EventLoop | undefined = undefined;

  /**
   * @param value - the initial number of permits (default 1).
   * @throws ValueError `Semaphore initial value must be >= 0` when value is negative.
   */
  constructor(value = 1) {
    if (typeof value !== "number" || Number.isNaN(value))
      throw new TypeError(`value must be a number, got ${String(value)}`);
    if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
    this._value = value;
  }

  /**
   * True when `acquire()` would wait: no permit is free, or (FIFO) other tasks are waiting
   * that are not cancelled.
   */
  locked(): boolean {
    if (this._value === 0) return true;
    // CPython's `not w.cancelled()`: still waiting, or handed a permit (also if cancelled since).
    if (this._waiters !== undefined)
      for (const waiter of this._waiters) if (waiter.waiting() || waiter.woken()) return true;
    return false;
  }

  /**
   * Takes a permit, waiting (FIFO) while none is free or others wait first; resolves with
   * `true`. A cancelled wait takes no permit: one it had already been handed goes to the next
   * waiter.
   *
   * A free permit is taken during the call, and a settled native Promise comes back (Python's
   * `acquire` returns without suspending then): nothing can cancel it. When it must wait, a
   * Future comes back, which the awaiting task's cancel reaches.
   */
  acquire(): Future<true> | Promise<true> {
    if (!this.locked()) {
      this._value--;
      this._watch();
      return SETTLED_TRUE;
    }
    let loop: EventLoop;
    try {
      loop = this._loop = bindLoop(this._loop, this);
    } catch (error) {
      return failedFuture(error);
    }
    const waiter = new SemaphoreWaiter(this, loop);
    (this._waiters ??= new WaiterQueue()).add(waiter);
    return waiter;
  }

  /** Gives a permit back and wakes the first waiting task, if any. */
  release(): void {
    if (this._holds !== undefined && this._holds.length > 0) this.endHold(this._holds);
    this._value++;
    this._wakeUpNext();
  }

  /**
   * Python's `async with sem: body`: acquires, runs `body`, releases (also when the body
   * throws or is cancelled), and resolves with the body's result.
   */
  with<R>(body: () => R | PromiseLike<R>): Future<R> {
    return hold(
      "Semaphore.with()",
      () => this.acquire(),
      () => this.release(),
      body,
    );
  }

  /** Releases a permit, for `await sem.acquire(); await using _ = sem;`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }

  /** Python's repr: `<Semaphore [unlocked, value:1]>`, `<Semaphore [locked, waiters:2]>`. */
  toString(): string {
    let extra = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    if (this._waiters !== undefined && this._waiters.size > 0) extra += `, waiters:${this._waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal debug mode: watches the permit just taken (by `waiter`'s task when given, else the caller's). */
  _watch(waiter?: Waiter<true>): void {
    const hold = waiter === undefined ? watchHold(this) : waiter.watchHold(this);
    if (hold !== undefined) (this._holds ??= []).push(hold);
  }

  /** Permits are not owned: a release ends the releasing task's hold, else the oldest. */
  private endHold(holds: HoldWatch[]): void {
    let index = holds.findIndex((hold) => hold.heldByCurrentTask());
    if (index < 0) index = 0;
    holds[index]?.end();
    holds.splice(index, 1);
  }

  /** @internal CPython's `_wake_up_next`: hand a permit to the first waiter not yet woken. */
  _wakeUpNext(): boolean {
    if (this._waiters === undefined) return false;
    for (const waiter of this._waiters) {
      if (waiter.waiting()) {
        this._value--;
        waiter.wake();
        return true;
      }
    }
    return false;
  }
}

/** A task waiting in `Semaphore.acquire()`: CPython's code after `await fut` in `acquire`. */
class SemaphoreWaiter extends Waiter<true> {
  declare private readonly semaphore: Semaphore;

  constructor(semaphore: Semaphore, loop: EventLoop) {
    super({ loop });
    this.semaphore = semaphore;
  }

  protected afterWait(woken: boolean, cancelled: boolean): void {
    const semaphore = this.semaphore;
    semaphore._waiters?.delete(this);
    // Handed a permit by _wakeUpNext but not taking it: give it back.
    if (cancelled && woken) semaphore._value++;
    // Waiters that arrived meanwhile may have had to wait for FIFO's sake: wake as many as
    // there are permits.
    while (semaphore._value > 0) {
      if (!semaphore._wakeUpNext()) break;
    }
    if (cancelled) {
      this.confirmCancel();
      return;
    }
    semaphore._watch(this);
    this.finish(true);
  }

  override get waitDescription(): string {
    return "Semaphore.acquire()";
  }
}
