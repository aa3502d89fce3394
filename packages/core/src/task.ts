import { type CancelledError, isCancelledError } from "./exceptions/cancelled-error.js";
import { cancellationOf } from "./cancellation-of.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { Context, contextVariablesInUse, copyContext } from "./context.js";
import { taskStorage } from "./internal/task-frame.js";
import { creationSite, creationStackOf, recordCreationStack } from "./internal/task-tree-site.js";
import type { SchedulingLoop } from "./internal/loop-interface.js";
import type { Coroutine } from "./coroutine.js";
import { DrivenFuture } from "./internal/driven-future.js";
import { NO_OPTIONS } from "./internal/no-options.js";
import { ownThen } from "./internal/accelerators/index.js";
import { abortScopeSignal, renewScopeSignal, scopeSignal } from "./internal/scope-signal.js";
import type { ReadyItem } from "./internal/ready-item.js";
import { TASK_BRAND } from "./internal/runtime-registry.js";

/** Options of `createTask`, `loop.createTask` and `TaskGroup.createTask`. */
export interface TaskOptions {
  /** The task's name (default `Task-<n>`). */
  readonly name?: string;
  /** The contextvars Context the task runs in (default: a copy of the current one). */
  readonly context?: Context;
  /**
   * Cancels the task when aborted, with the signal's `reason` as the cancel message (a signal
   * aborted already cancels it before its first step). The task stops listening when it ends.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Starts the task eagerly (Python 3.14's `eager_start`): its function runs at once, inside
   * the call that creates the task, up to its first suspension, with the new task as
   * `currentTask()`. If the loop is not running, the task starts as usual from the loop.
   * A function that returns without suspending makes the task done within the microtasks that
   * follow, before the loop runs another callback, not by the time the call returns.
   */
  readonly eagerStart?: boolean | undefined;
}

/** Options of the {@link Task} constructor. */
export interface TaskConstructorOptions extends TaskOptions {
  /** The loop to run on (default: the current event loop). */
  readonly loop?: SchedulingLoop;
}

let taskCounter = 0;

// Few tasks follow a signal: their listeners are kept beside them, not in a field of every task.
const signalListeners = new WeakMap<Task<unknown>, { signal: AbortSignal; listener: () => void }>();
let signalListenersInUse = false;

/**
 * Runs an async function on the loop, as `asyncio.Task`. A Task is a {@link Future} of the
 * function's result. `cancel()` makes the `await` the function is suspended at throw
 * `CancelledError`, exactly where Python would: the awaited Future or Task is cancelled
 * (so awaiting another task and being cancelled cancels that task too). If the function
 * awaits a foreign promise, the cancel is delivered at its next library `await`; if it returns
 * first, the task ends cancelled.
 *
 * @example
 * ```ts
 * const task = createTask(async () => {
 *   await sleep(10);
 * }, { name: "sleeper" });
 * await sleep(0.1);
 * task.cancel("enough");
 * try { await task; } catch (error) { CancelledError.isInstance(error); } // true
 * ```
 */
export class Task<T = unknown> extends DrivenFuture<T> implements ReadyItem {
  // Declared, and assigned in the constructor: class-field definitions cost more on this hot path.
  /** @internal */ declare readonly _coro: Coroutine<T>;
  /**
   * @internal the task's context, made on first use when no ContextVar had ever been set at the
   * task's creation: every context was empty then, so an empty one made later is the same copy,
   * and most tasks never need one
   */
  declare _ownContext: Context | undefined;
  /** @internal */ declare _name: string | number;
  /** @internal links of the loop's list of pending tasks */
  declare _previousTask: Task<unknown> | undefined;
  /** @internal */ declare _nextTask: Task<unknown> | undefined;
  /** @internal the task whose code created this one (cleared when this one ends), for `captureTaskTree` */
  declare _creator: Task<unknown> | undefined;
  /** @internal loop time at creation in whole milliseconds (a small integer, not a boxed double), for `captureTaskTree` */
  declare readonly _createdAt: number;

  constructor(coro: Coroutine<T>, options: TaskConstructorOptions = NO_OPTIONS) {
    if (typeof coro !== "function") {
      throw new TypeError(`a coroutine was expected, got ${describeCoroutine(coro)}`);
    }
    checkSignal(options.signal);
    const eagerStart = options.eagerStart;
    if (eagerStart !== undefined && typeof eagerStart !== "boolean") {
      throw new TypeError(`eagerStart must be a boolean, not ${describeCoroutine(eagerStart)}`);
    }
    super(options);
    this._loop._checkClosed();
    this._coro = coro;
    this._name = options.name !== undefined ? String(options.name) : ++taskCounter;
    // One frame lookup serves the context copy and the creator.
    const frame = taskStorage.getStore();
    this._creator = frame?._frameTask as Task<unknown> | undefined;
    this._ownContext =
      options.context ??
      (!contextVariablesInUse() ? undefined : frame !== undefined ? (frame._context as Context).copy() : copyContext());
    this._createdAt = this._loop._creationMilliseconds();
    if (this._loop.getDebug()) recordCreationStack(this, Task);
    this._previousTask = undefined;
    this._nextTask = undefined;
    // Python takes the eager step only while the loop runs; otherwise the task starts lazily.
    const eager = eagerStart === true && this._loop.isRunning();
    if (!eager) this._loop._enqueue(this);
    this._loop._tasks.add(this as Task<unknown>);
    if (options.signal !== undefined) followSignal(this as Task<unknown>, options.signal);
    if (eager) startEagerly(this as Task<unknown>);
  }

  /** @internal the stack at creation, recorded in debug mode only (Python's `_source_traceback`) */
  get _creationStack(): string | undefined {
    return creationStackOf(this);
  }

  /** @internal as its own frame */
  get _frameTask(): Task<unknown> {
    return this as Task<unknown>;
  }

  /** The task's name. */
  getName(): string {
    return typeof this._name === "number" ? `Task-${this._name}` : this._name;
  }

  /** Renames the task. */
  setName(name: unknown): void {
    this._name = String(name);
  }

  /** The function this task runs (Python's coroutine object). */
  getCoro(): Coroutine<T> {
    return this._coro;
  }

  /** The contextvars Context the task runs in. */
  getContext(): Context {
    return this._context;
  }

  /** @internal */
  get _context(): Context {
    return (this._ownContext ??= new Context());
  }

  /**
   * An `AbortSignal` of the cancel scope the calling code runs in, to pass into `fetch`, `fs`,
   * timers and anything else that takes one. Read in the task's own code, it is aborted when the
   * task is asked to cancel. Read inside the body of a `waitFor`, `timeout(...).with` or
   * `TaskGroup.with` (any library call that runs code of yours), it belongs to that body:
   * aborted when the body is cancelled (its deadline passed, its group or the task was
   * cancelled), and once that cancellation was absorbed (the `TimeoutError` raised, the group
   * done, or `uncancel()` withdrew the last request) the signal read next is a fresh one. The
   * abort's `reason` is a `CancelledError`; a foreign promise rejected by it counts as a
   * cancellation where the body or task ends (see `cancellationOf`). Made on first read: a task
   * that never reads it pays nothing.
   */
  get signal(): AbortSignal {
    const owner = taskStorage.getStore()?._frameOwner;
    const scope = owner as DrivenFuture<unknown> | undefined;
    return scopeSignal(scope !== undefined && scope._frameTask === this && scope._isPending ? scope : this);
  }

  /** Tasks are settled by their function: this throws `RuntimeError`, as in Python. */
  override setResult(_result: T): never {
    throw new RuntimeError("Task does not support set_result operation");
  }

  /** Tasks are settled by their function: this throws `RuntimeError`, as in Python. */
  override setException(_exception: unknown): never {
    throw new RuntimeError("Task does not support set_exception operation");
  }

  override toString(): string {
    const info = this._reprInfo();
    if (this._isPending && this._numCancelsRequested > 0) info[1] = "cancelling";
    info.splice(2, 0, `name=${JSON.stringify(this.getName())}`, `coro=<${this._coro.name || "anonymous"}()>`);
    // Debug mode: where the task was created, as Python's repr with a source traceback.
    const site = this._creationStack === undefined ? undefined : creationSite(this._creationStack);
    if (site !== undefined) info.push(`created at ${site}`);
    return `<${info.join(" ")}>`;
  }

  /** @internal its first step, or, as an awaited future's callback, the resumption of its compact await */
  override _run(): void {
    if (this._resume !== undefined) this._resumeAwait();
    else startTask(this as Task<unknown>);
  }

  /**
   * Withdraws one cancellation request and returns how many remain, as in Python 3.13. When
   * none remain, the task's {@link Task.signal} read next is a fresh one.
   */
  override uncancel(): number {
    const remaining = super.uncancel();
    if (remaining === 0) renewScopeSignal(this as Task<unknown>);
    return remaining;
  }

  /** @internal */
  override _onCancelRequested(message: unknown): void {
    super._onCancelRequested(message);
    abortScopeSignal(this as Task<unknown>, message);
  }

  /** @internal */
  override _finish(value: T): void {
    if (settlingTasks.length !== 0 && this._cancelRequests !== 0) withdrawLateCancels(this as Task<unknown>);
    super._finish(value);
  }

  /** @internal a foreign rejection caused by the abort of one of our signals ends the task cancelled */
  override _fail(error: unknown): void {
    if (settlingTasks.length !== 0 && this._cancelRequests !== 0) withdrawLateCancels(this as Task<unknown>);
    super._fail(cancellationOf(error) ?? error);
  }

  /** @internal */
  override _scheduleCallbacks(): void {
    this._loop._tasks.delete(this as Task<unknown>);
    this._creator = undefined;
    if (signalListenersInUse) unfollowSignal(this as Task<unknown>);
    super._scheduleCallbacks();
  }
}

ownThen(Task);
Object.defineProperty(Task.prototype, TASK_BRAND, { value: true });

function checkSignal(signal: AbortSignal | undefined): void {
  if (
    signal !== undefined &&
    (signal === null ||
      typeof signal !== "object" ||
      typeof signal.aborted !== "boolean" ||
      typeof signal.addEventListener !== "function")
  ) {
    throw new TypeError(`signal must be an AbortSignal, not ${describeCoroutine(signal)}`);
  }
}

function followSignal(task: Task<unknown>, signal: AbortSignal): void {
  if (signal.aborted) {
    task.cancel(cancelMessageOf(signal.reason));
    return;
  }
  // Held by the signal until the task ends: a long-lived signal must not keep finished tasks.
  const listener = (): void => {
    task.cancel(cancelMessageOf(signal.reason));
  };
  signal.addEventListener("abort", listener, { once: true });
  signalListeners.set(task, { signal, listener });
  signalListenersInUse = true;
}

function unfollowSignal(task: Task<unknown>): void {
  const following = signalListeners.get(task);
  if (following === undefined) return;
  signalListeners.delete(task);
  following.signal.removeEventListener("abort", following.listener);
}

/** A signal aborted by a cancel of ours has a CancelledError as its reason: its message carries on. */
function cancelMessageOf(reason: unknown): unknown {
  return isCancelledError(reason) ? (reason as CancelledError).message || undefined : reason;
}

function startTask(task: Task<unknown>): void {
  if (!task._isPending) return;
  if (task._mustCancel) {
    // Cancelled before its first step: Python throws into the unstarted coroutine.
    task._mustCancel = false;
    task._cancelWith(task._takeCancelledError(), task._cancelMessage);
    return;
  }
  // A task's first step runs from the loop's own turn.
  task._drive(task._coro, true, task._loop._frameScope);
}

/**
 * Eager tasks whose eager step has ended, with their cancel-request field as it was then, until
 * a microtask queued after that step runs (a marker). A function that returned within the step
 * settles before that marker (its promise's reaction was queued first); Python's task is done by
 * then, so a cancel requested in between must not reach it. One marker serves every step that
 * ended before it was queued; steps that end later get the next one. Lookups are rare (only a
 * task settling with a cancel request), so the index by task is built only when one is needed.
 */
const settlingTasks: Array<Task<unknown> | undefined> = [];
const settlingRequests: number[] = [];
let settlingStart = 0;
let settlingMarked = 0;
let settlingIndex: Map<Task<unknown>, number> | undefined;
const SETTLED = Promise.resolve();

/**
 * Python's `__eager_start`: the first step runs now, in the task's frame entered as the loop
 * enters it (so `currentTask()` is the new task and the caller's frame comes back after), and
 * with the task already registered. An error of the step becomes the task's.
 */
function startEagerly(task: Task<unknown>): void {
  startTask(task);
  if (!task._isPending) return;
  settlingIndex?.set(task, settlingTasks.length);
  settlingTasks.push(task);
  settlingRequests.push(task._cancelRequests);
  if (settlingMarked === settlingStart) {
    settlingMarked = settlingTasks.length;
    SETTLED.then(endEagerSettling);
  }
}

/** The marker: ends the settling of the steps that ended before it was queued. */
function endEagerSettling(): void {
  const end = settlingMarked;
  for (let index = settlingStart; index < end; index++) {
    if (settlingIndex !== undefined) settlingIndex.delete(settlingTasks[index] as Task<unknown>);
    settlingTasks[index] = undefined;
  }
  settlingStart = end;
  if (end === settlingTasks.length) {
    settlingTasks.length = 0;
    settlingRequests.length = 0;
    settlingStart = 0;
    settlingMarked = 0;
    settlingIndex = undefined;
  } else {
    settlingMarked = settlingTasks.length;
    SETTLED.then(endEagerSettling);
  }
}

/** A task settled from its eager step: cancels requested after that step came after Python's task was done. */
function withdrawLateCancels(task: Task<unknown>): void {
  if (settlingIndex === undefined) {
    settlingIndex = new Map();
    for (let index = settlingStart; index < settlingTasks.length; index++)
      settlingIndex.set(settlingTasks[index] as Task<unknown>, index);
  }
  const index = settlingIndex.get(task);
  if (index !== undefined) task._cancelRequests = settlingRequests[index] as number;
}

function describeCoroutine(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function") {
    return `${Object.prototype.toString.call(value)} (pass a function that returns the promise, e.g. () => work())`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
