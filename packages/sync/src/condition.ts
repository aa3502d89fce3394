import {
  RuntimeError,
  callCoroutine,
  isCancelledError,
  setWaitDescription,
  type EventLoop,
  type Future,
} from "@asyncio-ts/core";
import { bindLoop } from "./internal/futures.js";
import { hold } from "./internal/hold.js";
import { Lock } from "./lock.js";

/**
 * A condition variable, as Python's `asyncio.Condition`: tasks holding its lock `wait()`
 * until another task `notify()`s them; the lock is released while they wait and re-acquired
 * before `wait()` returns. The lock is its own new {@link Lock}, or the one given (shared with
 * other code).
 *
 * Fair and cancellation-safe as CPython 3.13: waiters are notified in FIFO order; a waiter
 * cancelled (or failing) after it was notified passes the notification on to the next
 * waiter (a possible spurious wake-up, as the condition-variable protocol allows); and
 * `wait()` always re-acquires the lock before it throws, even when cancelled.
 *
 * Python's `async with cond:` is `await cond.with(async () => ...)`.
 *
 * @example
 * ```ts
 * import { run, createTask, Condition } from "asyncio-ts";
 *
 * await run(async () => {
 *   const cond = new Condition();
 *   const items: string[] = [];
 *   const consumer = createTask(() =>
 *     cond.with(async () => {
 *       await cond.waitFor(() => items.length > 0);
 *       return items.shift();
 *     }),
 *   );
 *   await cond.with(() => {
 *     items.push("job");
 *     cond.notify();
 *   });
 *   console.log(await consumer); // "job"
 * });
 * ```
 */
export class Condition {
  /** @internal */ readonly _lock: Lock;
  /** @internal tasks waiting in `wait`, oldest first */
  readonly _waiters = new Set<Future<boolean>>();
  /** @internal */ _loop: EventLoop | undefined = undefined;

  /** @param lock - the lock to use (default: a new {@link Lock}). */
  constructor(lock?: Lock) {
    this._lock = lock ?? new Lock();
  }

  /** True when the underlying lock is held. */
  locked(): boolean {
    return this._lock.locked();
  }

  /** Acquires the underlying lock (see {@link Lock.acquire}). */
  acquire(): Future<true> {
    return this._lock.acquire();
  }

  /** Releases the underlying lock (see {@link Lock.release}). */
  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits until notified, re-acquires the lock and resolves with `true`.
   * May return spuriously: check the state again (or use {@link Condition.waitFor}).
   * If cancelled, the lock is still re-acquired before `CancelledError` is thrown.
   * Fails with `RuntimeError` when the lock is not held.
   */
  wait(): Future<true> {
    return setWaitDescription(
      callCoroutine(async () => {
        if (!this.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
        const loop = (this._loop = bindLoop(this._loop, this));
        const waiter = loop.createFuture<boolean>();
        this.release();
        try {
          try {
            this._waiters.add(waiter);
            try {
              await waiter;
              return true as const;
            } finally {
              this._waiters.delete(waiter);
            }
          } finally {
            // Re-acquire the lock even when cancelled. Only CancelledError is retried: any
            // other error must not make this spin.
            let cancel: { error: unknown } | undefined;
            for (;;) {
              try {
                await this.acquire();
                break;
              } catch (error) {
                // biome-ignore lint/correctness/noUnsafeFinally: as CPython, a non-cancel error while re-acquiring wins
                if (!isCancelledError(error)) throw error;
                cancel = { error };
              }
            }
            // The most recent cancellation replaces whatever was on its way out.
            // biome-ignore lint/correctness/noUnsafeFinally: as CPython, the re-acquire's cancel replaces the body's error
            if (cancel !== undefined) throw cancel.error;
          }
        } catch (error) {
          // We may have been notified before this error: make sure another waiter is.
          this.notifyWaiters(1);
          throw error;
        }
      }),
      "Condition.wait()",
    );
  }

  /**
   * Waits until `predicate()` is truthy (JavaScript truthiness) and resolves with its value:
   * calls it once, then after each wake-up of `wait()`. The lock must be held when it has to
   * wait; `predicate` is called with the lock held.
   *
   * @example
   * ```ts
   * await cond.with(async () => {
   *   const item = await cond.waitFor(() => queue.shift());
   * });
   * ```
   */
  waitFor<R>(predicate: () => R): Future<R> {
    if (typeof predicate !== "function") throw new TypeError(`predicate must be a function, got ${String(predicate)}`);
    return setWaitDescription(
      callCoroutine(async () => {
        let result = predicate();
        while (!result) {
          await this.wait();
          result = predicate();
        }
        return result;
      }),
      "Condition.waitFor()",
    );
  }

  /**
   * Wakes up to `n` tasks waiting on this condition (default 1), oldest first. They return
   * from `wait()` only once they re-acquire the lock, which the caller still holds.
   *
   * @throws RuntimeError `cannot notify on un-acquired lock` when the lock is not held.
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this.notifyWaiters(n);
  }

  /**
   * Wakes every task waiting on this condition.
   *
   * @throws RuntimeError `cannot notify on un-acquired lock` when the lock is not held.
   */
  notifyAll(): void {
    this.notify(this._waiters.size);
  }

  /**
   * Python's `async with cond: body`: acquires the lock, runs `body`, releases (also when the
   * body throws or is cancelled), and resolves with the body's result.
   */
  with<R>(body: () => R | PromiseLike<R>): Future<R> {
    return hold(
      "Condition.with()",
      () => this.acquire(),
      () => this.release(),
      body,
    );
  }

  /** Releases the lock, for `await cond.acquire(); await using _ = cond;`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }

  /** Python's repr: `<Condition [locked, waiters:1]>`. */
  toString(): string {
    let extra = this.locked() ? "locked" : "unlocked";
    if (this._waiters.size > 0) extra += `, waiters:${this._waiters.size}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** CPython's `_notify`: wake the first `n` waiters not already woken. */
  private notifyWaiters(n: number): void {
    let woken = 0;
    for (const waiter of this._waiters) {
      if (woken >= n) break;
      if (!waiter.done()) {
        woken++;
        waiter.setResult(false);
      }
    }
  }
}
