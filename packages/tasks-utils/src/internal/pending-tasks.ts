import type { Task } from "@asyncio-ts/core";

// Below this many slots a list is never compacted: filtering a short list costs more than it saves.
const MINIMUM_COMPACTED_LENGTH = 32;

/**
 * A TaskGroup's tasks whose done callback has not run yet (CPython's `_tasks` set). An array in
 * creation order, with a count: adding is a push and finishing a decrement, where a Set would
 * hash each task twice and keep an entry per task. Finished tasks are dropped from the array once
 * they are half of it, so a long-lived group holds at most twice its pending tasks.
 */
export class PendingTasks {
  private readonly tasks: Task<unknown>[] = [];
  private pending = 0;

  /** How many tasks have not finished (their done callback has not run). */
  get size(): number {
    return this.pending;
  }

  add(task: Task<unknown>): void {
    this.tasks.push(task);
    this.pending++;
  }

  /** Called once per task, from its done callback. */
  finished(): void {
    this.pending--;
    if (this.pending === 0) this.tasks.length = 0;
    else if (this.tasks.length >= MINIMUM_COMPACTED_LENGTH && this.pending * 2 < this.tasks.length) this.compact();
  }

  /** Drops the finished tasks in place: a group of 100,000 visits each slot about twice in all. */
  private compact(): void {
    const tasks = this.tasks;
    let kept = 0;
    for (let index = 0; index < tasks.length; index++) {
      const task = tasks[index] as Task<unknown>;
      if (!task.done()) tasks[kept++] = task;
    }
    tasks.length = kept;
  }

  /** The tasks not done yet, in creation order. */
  *notDone(): IterableIterator<Task<unknown>> {
    for (const task of this.tasks) if (!task.done()) yield task;
  }
}
