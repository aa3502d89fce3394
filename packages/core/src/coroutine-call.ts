import { type AbstractEventLoop, eventLoop } from "./internal/abstract-event-loop.js";
import type { Future } from "./future.js";
import { type Context, currentContext } from "./context.js";
import { isCancelledError } from "./exceptions/cancelled-error.js";
import { DrivenFuture } from "./internal/driven-future.js";
import { taskStorage, type TaskFrame } from "./internal/task-frame.js";
import { creationStackOf, recordCreationStack } from "./internal/task-tree-site.js";
import { ownThen } from "./internal/accelerators/index.js";
import { abortScopeSignal, renewScopeSignal } from "./internal/scope-signal.js";
import { watchUndeliveredCancel } from "./internal/undelivered-cancel-watch.js";
import { cancellationOf } from "./cancellation-of.js";
import type { Task } from "./task.js";

/**
 * A coroutine running inside the calling task, as Python runs `await some_coroutine()`:
 * the building block of library functions such as `queue.get()`, `waitFor` or
 * `timeout(...).with(...)`. Made by {@link callCoroutine}.
 *
 * JavaScript starts an async function at once, even when it is not awaited yet, so its inner
 * awaits would otherwise be taken for the task's own. A CoroutineCall keeps them its own:
 * awaiting the call makes it the task's waiter, `task.cancel()` then reaches the call's
 * innermost `await`, and when the call ends whoever awaits it resumes in the same loop
 * iteration, as a coroutine return does. It counts cancellation requests (`cancelling`,
 * `uncancel`) as a Task does, so a timeout inside it can tell its own cancel from another.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const result = callCoroutine(async (call: CoroutineCall<number>) => {
 *     await sleep(0.1);
 *     return call.cancelling(); // 0: nobody asked to cancel it
 *   });
 *   await result; // 0
 * });
 * ```
 */
export class CoroutineCall<T = unknown> extends DrivenFuture<T> {
  /** @internal */ readonly _frameTask: Task<unknown> | undefined;
  /** @internal the calling frame, asked for its context only when needed (a task makes its own lazily) */
  private readonly contextSource: TaskFrame | Context;

  /** @internal */
  constructor(loop: AbstractEventLoop) {
    super({ loop });
    const outer = taskStorage.getStore();
    this._frameTask = outer?._frameTask as Task<unknown> | undefined;
    this.contextSource = outer ?? currentContext();
    if (loop.getDebug()) recordCreationStack(this, CoroutineCall);
  }

  /** @internal */
  get _context(): Context {
    const source = this.contextSource;
    // A frame has a context; a Context (maybe another copy's root context) has none.
    return "_context" in source ? (source._context as Context) : source;
  }

  /** @internal the stack at creation, in debug mode only: names the primitive waiting (`Lock.acquire`) */
  get _creationStack(): string | undefined {
    return creationStackOf(this);
  }

  /** @internal what the call stands for in the task tree (`Lock.acquire()`): {@link setWaitDescription} */
  _description: string | undefined = undefined;

  /** @internal failed with a cancel not delivered yet: it belongs to whoever awaits the call. */
  _cancelOwed = false;

  /**
   * Requests cancellation, as `Task.cancel`. In debug mode, a cancel that finds the call in a
   * foreign await (where it cannot be delivered) is reported if the call still runs after the
   * loop's `slowCallbackDuration`.
   */
  override cancel(message?: unknown): boolean {
    const requested = super.cancel(message);
    if (requested && this._mustCancel && this._loop.getDebug()) watchUndeliveredCancel(this as CoroutineCall<unknown>);
    return requested;
  }

  /**
   * Withdraws one cancellation request, as `Task.uncancel`. When none remain, the signal that
   * code in the call reads next (`currentTask().signal`) is a fresh one.
   */
  override uncancel(): number {
    const remaining = super.uncancel();
    if (remaining === 0) renewScopeSignal(this as CoroutineCall<unknown>);
    return remaining;
  }

  /**
   * Requests cancellation of this call on behalf of the task it runs in, as Python's
   * `TaskGroup` and `timeout` cancel the task that runs their body: the cancel reaches only
   * this call, but the request is counted on the task too, so `task.cancelling()` reads as in
   * Python while the body is being cancelled. Returns what {@link CoroutineCall.cancel} returns.
   * For library code that runs a body in a call; {@link CoroutineCall.uncancelForTask} takes
   * the request back.
   */
  cancelForTask(message?: unknown): boolean {
    const task = this._frameTask;
    if (task !== undefined && !task.done()) task._numCancelsRequested++;
    return this.cancel(message);
  }

  /**
   * Withdraws one request of {@link CoroutineCall.cancelForTask}, from the task and from this
   * call, and returns how many requests this call still has.
   */
  uncancelForTask(): number {
    this._frameTask?.uncancel();
    return this.uncancel();
  }

  /** @internal */
  override _onCancelRequested(message: unknown): void {
    super._onCancelRequested(message);
    abortScopeSignal(this as CoroutineCall<unknown>, message);
  }

  /** @internal */
  override _fail(failure: unknown): void {
    // A foreign rejection caused by the abort of one of our signals is a cancellation.
    const error = cancellationOf(failure) ?? failure;
    // In CPython the coroutine's task keeps `_must_cancel` while the error propagates.
    if (this._isPending && this._mustCancel && !isCancelledError(error)) this._cancelOwed = true;
    super._fail(error);
  }

  /** @internal */
  override _scheduleCallbacks(): void {
    this._runCallbacks(true);
  }

  override toString(): string {
    return `<CoroutineCall ${this._reprInfo().slice(1).join(" ")}>`;
  }
}

ownThen(CoroutineCall);

/**
 * Runs `fn` now as a {@link CoroutineCall} of the calling task and returns the call, a Future
 * of fn's result. `fn` receives the call itself (to cancel it from inside, as a timeout does).
 *
 * @example
 * ```ts
 * // A library primitive whose waiting is cancellable exactly where it waits:
 * function nextMessage(): Future<string> {
 *   return callCoroutine(async () => {
 *     const waiter = getRunningLoop().createFuture<string>();
 *     waiters.push(waiter);
 *     return await waiter;
 *   });
 * }
 * ```
 */
export function callCoroutine<T>(
  fn: (call: CoroutineCall<T>) => PromiseLike<T>,
  loop: AbstractEventLoop = eventLoop(),
): Future<T> {
  if (typeof fn !== "function") throw new TypeError(`a coroutine was expected, got ${String(fn)}`);
  const call = new CoroutineCall<T>(loop);
  call._drive(() => fn(call), true);
  return call;
}
