import { type AbstractEventLoop, peekLoop } from "./internal/abstract-event-loop.js";
import type { TimerHandle } from "./handle.js";
import { taskStorage } from "./internal/task-frame.js";
import { captureStack, creationSite } from "./internal/task-tree-site.js";
import type { Task } from "./task.js";

/**
 * One hold of a lock or semaphore watched in debug mode: made by {@link watchHold}, ended by
 * the release.
 */
export interface HoldWatch {
  /** The hold ended: no report any more. */
  end(): void;
  /** True when the calling code runs in the task that took the hold (a semaphore release ends that task's hold first). */
  heldByCurrentTask(): boolean;
}

/**
 * Watches one hold of `resource` (a lock, a semaphore permit) taken by the calling code. In
 * debug mode, if the hold lasts longer than the loop's `longHoldDuration`, a warning names
 * the resource, the task holding it (with its creation site) and where it was acquired, while
 * the hold goes on: a lock that is never released is reported too. Outside debug mode, or with
 * no running loop, this does nothing and returns `undefined`. No Python counterpart.
 *
 * @example
 * ```ts
 * import { watchHold, type HoldWatch } from "asyncio-ts";
 *
 * class Permit {
 *   private hold: HoldWatch | undefined;
 *   take(): void {
 *     this.hold = watchHold(this);
 *   }
 *   give(): void {
 *     this.hold?.end();
 *     this.hold = undefined;
 *   }
 * }
 * ```
 */
export function watchHold(resource: object): HoldWatch | undefined {
  const loop = peekLoop();
  if (loop === undefined || !loop.getDebug()) return undefined;
  const stack = captureStack(watchHold);
  return new DebugHold(loop, resource, taskStorage.getStore()?._frameTask as Task<unknown> | undefined, stack);
}

/**
 * {@link watchHold} for a hold taken on behalf of `task`, acquired where `stack` was
 * recorded: a waiter ends its wait from the loop, outside the task that waited.
 */
export function watchHoldFor(
  resource: object,
  task: Task<unknown> | undefined,
  stack: string | undefined,
): HoldWatch | undefined {
  const loop = peekLoop();
  if (loop === undefined || !loop.getDebug()) return undefined;
  return new DebugHold(loop, resource, task, stack);
}

class DebugHold implements HoldWatch {
  private readonly task: WeakRef<Task<unknown>> | undefined;
  private readonly acquiredAt: string | undefined;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly loop: AbstractEventLoop,
    private readonly resource: object,
    task: Task<unknown> | undefined,
    stack: string | undefined,
  ) {
    // Weakly: debug mode reports a pending task nobody can reach, and a hold must not hide it.
    this.task = task === undefined ? undefined : new WeakRef(task);
    this.acquiredAt = stack === undefined ? undefined : creationSite(stack);
    this.timer = loop.callLater(loop.longHoldDuration, () => this.report());
  }

  end(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  heldByCurrentTask(): boolean {
    const task = this.task?.deref();
    return task !== undefined && taskStorage.getStore()?._frameTask === task;
  }

  private report(): void {
    this.timer = undefined;
    const task = this.task?.deref();
    const holder =
      task === undefined
        ? this.task === undefined
          ? "code outside a task"
          : "a task since collected"
        : task.toString();
    const site = this.acquiredAt === undefined ? "" : `, acquired at ${this.acquiredAt}`;
    console.warn(
      `${String(this.resource)} held for more than ${this.loop.longHoldDuration.toFixed(3)} seconds by ${holder}${site}`,
    );
  }
}
