import {
  callCoroutine,
  cancellationOf,
  setWaitDescription,
  currentTask,
  ExceptionGroup,
  futureAddToAwaitedBy,
  getRunningLoop,
  isCancelledError,
  RuntimeError,
  type Coroutine,
  type CoroutineCall,
  type EventLoop,
  type Future,
  type Task,
  type TaskOptions,
} from "@asyncio-ts/core";
import { PendingTasks } from "./internal/pending-tasks.js";

/**
 * Structured concurrency, as Python's `asyncio.TaskGroup`:
 * `await new TaskGroup().with(async (tg) => { tg.createTask(...); })` is
 * `async with asyncio.TaskGroup() as tg: tg.create_task(...)`.
 *
 * `with` waits for every task of the group before it resolves. The first task that fails
 * (with anything but `CancelledError`) cancels the other tasks and the body; all the errors
 * then come out together as `ExceptionGroup("unhandled errors in a TaskGroup", [...])`, an error
 * of the body included. If the code around the group is cancelled, the tasks are cancelled
 * too, and `CancelledError` comes out (unless a task failed: the ExceptionGroup wins, and the
 * cancellation is delivered at the caller's next `await`). {@link TaskGroup.cancel} ends the
 * group early without any error.
 *
 * The body runs in a library call of the calling task: when the group cancels "its parent"
 * it cancels that call, not the whole task, and it counts requests on the call
 * (`cancelling`/`uncancel`) to tell its own cancellation from one that came from outside. Its
 * request is counted on the task too, so `currentTask().cancelling()` reads as in Python.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const [user, posts] = await new TaskGroup().with(async (tg) => {
 *     const user = tg.createTask(() => fetchUser(1));
 *     const posts = tg.createTask(() => fetchPosts(1), { name: "posts" });
 *     return [user, posts] as const;
 *   });
 *   console.log(user.result(), posts.result()); // both done here
 * });
 * ```
 */
export class TaskGroup {
  private entered = false;
  private exiting = false;
  private aborting = false;
  private loop: EventLoop | undefined = undefined;
  /** The call running the body: what "the parent task" is in CPython. */
  private parent: CoroutineCall<unknown> | undefined = undefined;
  private parentCancelRequested = false;
  private readonly tasks = new PendingTasks();
  private errors: unknown[] = [];
  private onCompleted: Future<void> | undefined = undefined;
  private cancelOnEnter = false;

  /**
   * Enters the group, runs `body(group)`, then waits for every task of the group, as
   * `async with TaskGroup() as group: ...`; resolves with the body's result. Rejects with an
   * `ExceptionGroup` when a task or the body failed, with `CancelledError` when cancelled from
   * outside. After {@link TaskGroup.cancel} it resolves normally (with `undefined` if the body
   * did not get to return). A TaskGroup can be entered once, inside a task.
   */
  with<T>(body: (group: TaskGroup) => T | PromiseLike<T>): Future<T> {
    if (typeof body !== "function") throw new TypeError(`body must be a function, not ${typeof body}`);
    return setWaitDescription(
      callCoroutine<T>(async (call) => {
        this.enter(call as CoroutineCall<unknown>);
        let result: T | undefined;
        let failed = false;
        let error: unknown;
        try {
          result = await body(this);
        } catch (caught) {
          failed = true;
          // A foreign promise rejected by the abort of the body's signal counts as a cancel.
          error = cancellationOf(caught) ?? caught;
        }
        await this.exit(failed, error);
        return result as T;
      }),
      "TaskGroup.with()",
    );
  }

  /**
   * Starts `coro` in a new Task of the group, as `TaskGroup.create_task`. Throws
   * `RuntimeError` before the group is entered, after it finished, and while it shuts down
   * (after a failure or {@link TaskGroup.cancel}). With an eager start (the `eagerStart` option,
   * or an eager task factory on the loop) the function runs at once, inside this call; a task
   * that ends there is handled by the group before the loop runs another callback, so a failure
   * cancels the body at its next `await`, as in Python.
   */
  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T> {
    if (!this.entered) throw new RuntimeError(`TaskGroup ${this.toString()} has not been entered`);
    if (this.exiting && this.tasks.size === 0) throw new RuntimeError(`TaskGroup ${this.toString()} is finished`);
    if (this.aborting) throw new RuntimeError(`TaskGroup ${this.toString()} is shutting down`);
    const loop = this.loop as EventLoop;
    const task = loop.createTask(coro, options);
    this.tasks.add(task as Task<unknown>);
    // A task that ended in its eager step synchronously is handled at once, as CPython does.
    if (task.done() || (options?.eagerStart !== true && loop.getTaskFactory() === undefined)) {
      this.watch(task);
    } else {
      // A function that returned or failed in its eager step settles its task in the microtasks
      // queued during that step, before this one: CPython would have seen that task done here.
      queueMicrotask(() => {
        try {
          this.watch(task);
        } catch (error) {
          // Out of the loop's callbacks: reported as the loop reports a failing callback.
          loop.callExceptionHandler({ message: "Exception in callback TaskGroup._on_task_done()", exception: error });
        }
      });
    }
    return task;
  }

  /** Hears of the task's end, or handles it now if it ended already. */
  private watch(task: Task<unknown>): void {
    if (task.done()) {
      this.onTaskDone(task);
      return;
    }
    task.addDoneCallback(this.onTaskDone);
    // For the call graph: the group's body (in its parent task) awaits the task.
    futureAddToAwaitedBy(task, this.parent);
  }

  /**
   * Ends the group early and quietly (CPython 3.15's `TaskGroup.cancel`): every task of the
   * group that is not done, and the body, are cancelled, and `with` resolves without
   * `CancelledError`. Called before the group is entered, it cancels the group on entry;
   * called after the group ended, it does nothing.
   *
   * @example
   * ```ts
   * await new TaskGroup().with(async (tg) => {
   *   tg.createTask(() => serveForever());
   *   tg.createTask(async () => { await shutdownRequested.wait(); tg.cancel(); });
   * }); // resolves once shutdown was requested
   * ```
   */
  cancel(): void {
    if (!this.entered) {
      this.cancelOnEnter = true;
      return;
    }
    if (this.exiting && this.tasks.size === 0) return;
    if (this.aborting) return;
    this.abort();
    if (this.parent !== undefined && !this.parentCancelRequested) {
      this.parentCancelRequested = true;
      this.parent.cancelForTask();
    }
  }

  /** A description as Python's repr: `<TaskGroup tasks=2 errors=1 cancelling>`. */
  toString(): string {
    const info = [""];
    if (this.tasks.size > 0) info.push(`tasks=${this.tasks.size}`);
    if (this.errors.length > 0) info.push(`errors=${this.errors.length}`);
    if (this.aborting) info.push("cancelling");
    else if (this.entered) info.push("entered");
    return `<TaskGroup${info.join(" ")}>`;
  }

  private enter(call: CoroutineCall<unknown>): void {
    if (this.entered) throw new RuntimeError(`TaskGroup ${this.toString()} has already been entered`);
    this.loop ??= getRunningLoop();
    if (currentTask(this.loop) === undefined) {
      throw new RuntimeError(`TaskGroup ${this.toString()} cannot determine the parent task`);
    }
    this.parent = call;
    this.entered = true;
    if (this.cancelOnEnter) this.cancel();
  }

  /** CPython's `__aexit__`: waits for the tasks, then throws what must come out, if anything. */
  private async exit(failed: boolean, error: unknown): Promise<void> {
    const parent = this.parent as CoroutineCall<unknown>;
    const loop = this.loop as EventLoop;
    this.exiting = true;
    try {
      let propagateCancellation: unknown = failed && isCancelledError(error) ? error : undefined;
      if (failed && !this.aborting) {
        // The body failed or was cancelled from outside: stop the tasks.
        this.abort();
      }
      // A loop, since the wait may be cancelled again and again from outside.
      let pendingCancellation: unknown;
      while (this.tasks.size > 0) {
        this.onCompleted ??= loop.createFuture<void>();
        try {
          await this.onCompleted;
        } catch (caught) {
          if (!isCancelledError(caught)) throw caught;
          pendingCancellation = caught;
          if (!this.aborting) {
            // Cancelled from outside while waiting for the tasks.
            propagateCancellation = caught;
            this.abort();
          }
        }
        this.onCompleted = undefined;
      }

      if (this.parentCancelRequested) {
        // We cancelled the parent call: take our request back.
        if (parent.uncancelForTask() === 0) propagateCancellation = undefined;
        // A cancellation left over is not ours (CPython gh-155433): keep it.
        else propagateCancellation ??= pendingCancellation;
      }
      // CancelledError comes out unless tasks failed: their errors win.
      if (propagateCancellation !== undefined && this.errors.length === 0) throw propagateCancellation;

      if (failed && !isCancelledError(error)) this.errors.push(error);
      if (this.errors.length > 0) {
        // Cancelled from outside as well: keep that request pending, so the cancellation
        // reaches the caller's next await after the ExceptionGroup.
        if (parent.cancelling() > 0) {
          parent.uncancel();
          parent.cancel();
        }
        throw new ExceptionGroup("unhandled errors in a TaskGroup", this.errors.map(asError));
      }
      // Anything else (our own cancellation of the body) is suppressed.
    } finally {
      this.parent = undefined;
      this.errors = [];
    }
  }

  private abort(): void {
    this.aborting = true;
    for (const task of this.tasks.notDone()) task.cancel();
  }

  private readonly onTaskDone = (task: Future<unknown>): void => {
    this.tasks.finished();
    if (this.onCompleted !== undefined && this.tasks.size === 0 && !this.onCompleted.done()) {
      this.onCompleted.setResult(undefined);
    }
    if (task.cancelled()) return;
    let error: unknown;
    try {
      task.result();
      return;
    } catch (caught) {
      error = caught;
    }
    this.errors.push(error);
    const parent = this.parent;
    if (parent === undefined || parent.done()) {
      (this.loop as EventLoop).callExceptionHandler({
        message: `Task ${task.toString()} has errored out but its parent task ${String(parent)} is already completed`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      // Stop whatever the body awaits, and mark the request as ours to take back on exit.
      this.abort();
      this.parentCancelRequested = true;
      parent.cancelForTask();
    }
  };
}

/** ExceptionGroup takes Errors only; JavaScript can throw anything. */
function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(`non-error value thrown: ${String(value)}`, { cause: value });
}
