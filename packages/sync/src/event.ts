import { callCoroutine, setWaitDescription, type EventLoop, type Future } from "@asyncio-ts/core";
import { bindLoop, doneFuture } from "./internal/futures.js";

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
  readonly _waiters = new Set<Future<true>>();
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
    for (const waiter of this._waiters) if (!waiter.done()) waiter.setResult(true);
  }

  /** Resets the flag: later `wait()` calls wait for the next `set()`. Tasks already woken still wake. */
  clear(): void {
    this._value = false;
  }

  /** Waits until the flag is set; resolves with `true` (at once if it is set already). */
  wait(): Future<true> {
    if (this._value) return doneFuture(true);
    return setWaitDescription(
      callCoroutine(async () => {
        const loop = (this._loop = bindLoop(this._loop, this));
        const waiter = loop.createFuture<true>();
        this._waiters.add(waiter);
        try {
          await waiter;
          return true as const;
        } finally {
          this._waiters.delete(waiter);
        }
      }),
      "Event.wait()",
    );
  }

  /** Python's repr: `<Event [set]>`, `<Event [unset, waiters:2]>`. */
  toString(): string {
    let extra = this._value ? "set" : "unset";
    if (this._waiters.size > 0) extra += `, waiters:${this._waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }
}
