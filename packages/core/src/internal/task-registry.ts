import type { SchedulingLoop } from "./loop-interface.js";
import type { Task } from "../task.js";

/** The loop as its registry sees it: the loop that holds it. */
type RegistryLoop = SchedulingLoop & { readonly _tasks: TaskRegistry };

interface WeakEntry {
  readonly reference: WeakRef<Task<unknown>>;
  readonly description: string;
  readonly loop: RegistryLoop;
}

const destroyedWhilePending = new FinalizationRegistry<WeakEntry>((entry) => {
  const registry = entry.loop._tasks;
  registry.weak?.delete(entry.reference);
  if (entry.loop.isClosed()) return;
  entry.loop.callExceptionHandler({
    message: "Task was destroyed but it is pending!",
    taskDescription: entry.description,
  });
});

/**
 * The loop's pending tasks, for `allTasks()`. By default they are held strongly: in
 * JavaScript nothing else may hold a task that waits on a timer, and dropping it would lose
 * work. In debug mode they are held weakly, so that a pending task nobody can reach any more
 * is collected and reported as Python reports it ("Task was destroyed but it is pending!").
 */
export class TaskRegistry {
  /** Strongly held tasks, as an intrusive doubly linked list: no allocation per task. */
  private head: Task<unknown> | undefined = undefined;
  /** @internal */ weak: Set<WeakRef<Task<unknown>>> | undefined;
  private readonly weakReferences = new WeakMap<Task<unknown>, WeakRef<Task<unknown>>>();
  private weakMode = false;
  private loop: RegistryLoop | undefined;

  setWeak(weak: boolean, loop: RegistryLoop): void {
    this.weakMode = weak;
    this.loop = loop;
    if (weak) this.weak ??= new Set();
  }

  add(task: Task<unknown>): void {
    if (!this.weakMode) {
      const head = this.head;
      task._nextTask = head;
      task._previousTask = undefined;
      if (head !== undefined) head._previousTask = task;
      this.head = task;
      return;
    }
    const reference = new WeakRef(task);
    this.weak?.add(reference);
    this.weakReferences.set(task, reference);
    destroyedWhilePending.register(
      task,
      { reference, description: task.toString(), loop: this.loop as RegistryLoop },
      reference,
    );
  }

  delete(task: Task<unknown>): void {
    // Listed when linked: it has a predecessor, or it is the head.
    if (task._previousTask !== undefined || this.head === task) {
      const previous = task._previousTask;
      const next = task._nextTask;
      if (previous === undefined) this.head = next;
      else previous._nextTask = next;
      if (next !== undefined) next._previousTask = previous;
      task._previousTask = task._nextTask = undefined;
      return;
    }
    const reference = this.weakReferences.get(task);
    if (reference === undefined) return;
    this.weak?.delete(reference);
    this.weakReferences.delete(task);
    destroyedWhilePending.unregister(reference);
  }

  /** The tasks in the order they were added (the strong list is kept newest first). */
  oldestFirst(): Task<unknown>[] {
    const tasks: Task<unknown>[] = [];
    for (let task = this.head; task !== undefined; task = task._nextTask) tasks.push(task);
    tasks.reverse();
    if (this.weak !== undefined) {
      for (const reference of this.weak) {
        const task = reference.deref();
        if (task !== undefined) tasks.push(task);
      }
    }
    return tasks;
  }

  *[Symbol.iterator](): IterableIterator<Task<unknown>> {
    for (let task = this.head; task !== undefined; task = task._nextTask) yield task;
    if (this.weak === undefined) return;
    for (const reference of this.weak) {
      const task = reference.deref();
      if (task !== undefined) yield task;
    }
  }
}
