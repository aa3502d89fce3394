import { Waiter, bindLoop, failedFuture, type EventLoop, type Future, WaiterQueue } from "@asyncio-ts/core";
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
  readonly _waiters = new WaiterQueue<Waiter<true>>();
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
    for (const waiter of this._waiters) waiter.wake();
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

  protected afterWait(_woken: boolean, cancelled: boolean): void {
    this.event._waiters.delete(this);
    if (cancelled) this.confirmCancel();
    else this.finish(true);
  }

  override get waitDescription(): string {
    return "Event.wait()";
  }
}
