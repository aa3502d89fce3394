import { CancelledError } from "./exceptions/cancelled-error.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { Context, contextVariablesInUse, copyContext } from "./context.js";
import { taskStorage } from "./internal/task-frame.js";
import { creationSite, creationStackOf, recordCreationStack } from "./internal/task-tree-site.js";
import type { EventLoop } from "./event-loop.js";
import type { Coroutine } from "./coroutine.js";
import { DrivenFuture } from "./internal/driven-future.js";
import { NO_OPTIONS } from "./internal/no-options.js";
import { ownThen } from "./internal/accelerators/index.js";
import type { ReadyItem } from "./internal/ready-item.js";

/** Options of `createTask`, `loop.createTask` and `TaskGroup.createTask`. */
export interface TaskOptions {
  /** The task's name (default `Task-<n>`). */
  readonly name?: string;
  /** The contextvars Context the task runs in (default: a copy of the current one). */
  readonly context?: Context;
}

/** Options of the {@link Task} constructor. */
export interface TaskConstructorOptions extends TaskOptions {
  /** The loop to run on (default: the current event loop). */
  readonly loop?: EventLoop;
}

let taskCounter = 0;

// Few tasks ever hand out a signal: their controllers are kept beside them, not in a field of every task.
const abortControllers = new WeakMap<Task<unknown>, AbortController>();

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
    super(options);
    this._loop._checkClosed();
    this._coro = coro;
    this._name = options.name !== undefined ? String(options.name) : ++taskCounter;
    // One frame lookup serves the context copy and the creator.
    const frame = taskStorage.getStore();
    this._creator = frame?._frameTask;
    this._ownContext =
      options.context ??
      (!contextVariablesInUse() ? undefined : frame !== undefined ? frame._context.copy() : copyContext());
    this._createdAt = this._loop._creationMilliseconds();
    if (this._loop.getDebug()) recordCreationStack(this, Task);
    this._previousTask = undefined;
    this._nextTask = undefined;
    this._loop._enqueue(this);
    this._loop._tasks.add(this as Task<unknown>);
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
   * An `AbortSignal` aborted when the task is asked to cancel, to pass into `fetch`, `fs`,
   * timers and anything else that takes one. Created on first use.
   */
  get signal(): AbortSignal {
    let controller = abortControllers.get(this);
    if (controller === undefined) {
      controller = new AbortController();
      abortControllers.set(this, controller);
      if (this._numCancelsRequested > 0) controller.abort(this._takeCancelledError());
    }
    return controller.signal;
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

  /** @internal */
  override _onCancelRequested(message: unknown): void {
    super._onCancelRequested(message);
    const controller = abortControllers.get(this);
    if (controller !== undefined && !controller.signal.aborted) {
      controller.abort(new CancelledError(message === undefined ? undefined : String(message)));
    }
  }

  /** @internal */
  override _scheduleCallbacks(): void {
    this._loop._tasks.delete(this as Task<unknown>);
    this._creator = undefined;
    super._scheduleCallbacks();
  }
}

ownThen(Task);

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

function describeCoroutine(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function") {
    return `${Object.prototype.toString.call(value)} (pass a function that returns the promise, e.g. () => work())`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
