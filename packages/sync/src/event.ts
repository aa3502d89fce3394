import { Waiter, bindLoop, failedFuture, type EventLoop, type Future } from "@asyncio-ts/core";
import { SETTLED_TRUE } from "./internal/settled-true.js";

/**
 * A flag that tasks can wait for, as Python's `asyncio.Event`: `set()` wakes every waiting
 * task (in the order they started waiting), `clear()` resets the flag, and `wait()` returns
 * at once while the flag is set.
 *
 * @example
 * ```ts
 * import { run, createTask, Event } from "asyncio-ts";
 *
 * await run(async () => {
 *   const ready = new Event();
 *   const waiter = createTask(async () => {
 *     await ready.wait();
 *     console.log("ready!");
 *   });
 *   ready.set();
 *   await waiter;
 * });
 * ```
 */
export class Event {
  /** @internal tasks waiting in `wait`, oldest first */
  readonly _waiters = new EventWaiters();
  /** @internal */ _value = false;
  /** @internal */ _loop: EventLoop | undefined = undefined;

  /** True when the flag is set (Python's `is_set()`). */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiting task; `wait()` then returns at once until `clear()`. */
  set(): void {
    if (this._value) return;
    this._value = true;
    this._waiters.wakeAll();
  }

  /** Resets the flag: later `wait()` calls wait for the next `set()`. Tasks already woken still wake. */
  clear(): void {
    this._value = false;
  }

  /**
   * Waits until the flag is set; resolves with `true`. When it is set already, a settled native
   * Promise comes back (Python's `wait` returns without suspending then); otherwise a Future,
   * which the awaiting task's cancel reaches.
   */
  wait(): Future<true> | Promise<true> {
    if (this._value) return SETTLED_TRUE;
    let loop: EventLoop;
    try {
      loop = this._loop = bindLoop(this._loop, this);
    } catch (error) {
      return failedFuture(error);
    }
    const waiter = new EventWaiter(this, loop);
    this._waiters.add(waiter);
    return waiter;
  }

  /** Python's repr: `<Event [set]>`, `<Event [unset, waiters:2]>`. */
  toString(): string {
    let extra = this._value ? "set" : "unset";
    if (this._waiters.size > 0) extra += `, waiters:${this._waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }
}

/** A task waiting in `Event.wait()`: it leaves the waiters when it resumes, as in CPython. */
class EventWaiter extends Waiter<true> {
  declare private readonly event: Event;

  constructor(event: Event, loop: EventLoop) {
    super({ loop });
    this.event = event;
  }

  protected afterWait(woken: boolean, cancelled: boolean): void {
    this.event._waiters.leave(this, woken);
    if (cancelled) this.confirmCancel();
    else this.finish(true);
  }

  override get waitDescription(): string {
    return "Event.wait()";
  }
}

/**
 * The waiters of an Event, as CPython's list of futures: `set()` wakes every one, and each leaves
 * when it resumes. A plain array, not core's `WaiterQueue`, because an Event never picks one
 * waiter out: `set()` wakes them all at once, and after it none of them needs waking again, so
 * the array is dropped there; a waiter that leaves without being woken (cancelled) is swept out
 * once such leavers are half of the array. So a waiting task costs one array slot, not also a
 * `Map` entry of its position.
 */
class EventWaiters {
  /** Waiters not woken by a `set()` yet, oldest first; some may have left meanwhile (cancelled). */
  private waiting: EventWaiter[] = [];
  /** Waiters that have not left, woken ones included (CPython's `len(self._waiters)`). */
  size = 0;
  /** Waiters in `waiting` that have left. */
  private left = 0;

  add(waiter: EventWaiter): void {
    this.waiting.push(waiter);
    this.size++;
  }

  /** Wakes every waiter, oldest first; a cancelled one refuses. None of them is woken again. */
  wakeAll(): void {
    const waiting = this.waiting;
    this.waiting = [];
    this.left = 0;
    for (const waiter of waiting) waiter.wake();
  }

  /** A waiter leaves (it resumes). One that was not woken stays in `waiting` until swept. */
  leave(waiter: EventWaiter, woken: boolean): void {
    this.size--;
    if (woken) return;
    this.left++;
    const waiting = this.waiting;
    if (this.left > 512 && this.left * 2 > waiting.length) {
      this.waiting = waiting.filter((each) => each.done() === false && each !== waiter);
      this.left = 0;
    }
  }
}
