import { type AbstractEventLoop, runningLoop } from "./internal/abstract-event-loop.js";
import type { Task } from "./task.js";
import {
  awaitingTasks,
  describeWaiter,
  idOf,
  quote,
  setDescription,
  stateOf,
  waitChain,
} from "./internal/call-graph-walk.js";
import type { Future } from "./future.js";
import type { FutureStateName, TextOutput } from "./call-graph.js";
import { creationSite } from "./internal/task-tree-site.js";

/** One live task in a {@link TaskTree}: plain data, ready for `JSON.stringify`. */
export interface TaskTreeNode {
  /** A small number standing for the task (the same as in call graphs). */
  readonly id: number;
  readonly name: string;
  readonly state: FutureStateName;
  /** Seconds of loop time since the task was created. */
  readonly age: number;
  /** What the task waits on now, outermost first (`["Lock.acquire()", "Future"]`); empty while it runs or is scheduled. */
  readonly awaiting: readonly string[];
  /** Ids of the tasks awaiting this one (through `await`, `gather`, `TaskGroup`, `shield`, `waitFor`). */
  readonly awaitedBy: readonly number[];
  /** Id of the task whose code created this one, while that task is still pending. */
  readonly createdBy: number | undefined;
  /** Where the task was created (`file:line`), in debug mode only. */
  readonly createdAt: string | undefined;
  /** The tasks under this one: awaited by it, or else created by it. */
  readonly children: readonly TaskTreeNode[];
}

/** Every live task of a loop, as a forest (the shape of Python's `python -m asyncio pstree`). */
export interface TaskTree {
  /** The loop's time when the tree was taken. */
  readonly time: number;
  /** How many tasks the tree holds. */
  readonly taskCount: number;
  /** Tasks nobody pending awaits or created, each with its subtree. */
  readonly roots: readonly TaskTreeNode[];
}

/** Options of {@link formatTaskTree} and {@link printTaskTree}. */
export interface FormatTaskTreeOptions {
  /** Show each task's age (default true; off for output compared in tests). */
  readonly ages?: boolean;
}

/** Options of {@link printTaskTree}. */
export interface PrintTaskTreeOptions extends FormatTaskTreeOptions {
  /** Where to write (default `process.stdout`). */
  readonly file?: TextOutput;
}

/**
 * Captures every live task of `loop` (default: the running loop) as a tree: a task sits under
 * the task that awaits it (directly, or through `gather`, a `TaskGroup`, `shield` or `waitFor`),
 * or, when nobody awaits it, under the pending task that created it. Each node has the task's
 * name, state, age and what it waits on. Python 3.14 shows this from outside a process
 * (`python -m asyncio pstree`); here it is a function returning plain data.
 *
 * @example
 * ```ts
 * const tree = captureTaskTree();
 * console.log(JSON.stringify(tree, null, 2)); // for tools
 * console.log(formatTaskTree(tree));          // for people
 * ```
 */
export function captureTaskTree(loop?: AbstractEventLoop): TaskTree {
  const target = loop ?? runningLoop();
  const now = target.time();
  // Oldest first: creation order is the order a reader expects siblings in (the sort is
  // stable, and creation times are whole milliseconds).
  const tasks = target._tasks.oldestFirst().filter((task) => !task.done());
  tasks.sort((a, b) => a._createdAt - b._createdAt);
  const live = new Set(tasks);
  const parentOf = new Map<Task<unknown>, Task<unknown>>();
  const awaitersOf = new Map<Task<unknown>, Task<unknown>[]>();
  for (const task of tasks) {
    const awaiters = awaitingTasks(task).filter((awaiter) => live.has(awaiter));
    awaitersOf.set(task, awaiters);
    const creator = task._creator !== undefined && live.has(task._creator) ? task._creator : undefined;
    const parent = awaiters[0] ?? creator;
    if (parent !== undefined && parent !== task) parentOf.set(task, parent);
  }
  // A cycle (tasks awaiting each other) would leave its tasks out: cut it at its first task.
  for (const task of tasks) {
    const path = new Set<Task<unknown>>();
    for (let step: Task<unknown> | undefined = task; step !== undefined; step = parentOf.get(step)) {
      if (path.has(step)) {
        parentOf.delete(step);
        break;
      }
      path.add(step);
    }
  }
  const childrenOf = new Map<Task<unknown>, Task<unknown>[]>();
  const roots: Task<unknown>[] = [];
  for (const task of tasks) {
    const parent = parentOf.get(task);
    if (parent === undefined) roots.push(task);
    else {
      const siblings = childrenOf.get(parent);
      if (siblings === undefined) childrenOf.set(parent, [task]);
      else siblings.push(task);
    }
  }
  const node = (task: Task<unknown>): TaskTreeNode => ({
    id: idOf(task),
    name: task.getName(),
    state: stateOf(task),
    age: Math.max(0, now - task._createdAt / 1000),
    awaiting: waitChain(task).map(describeWaiter),
    awaitedBy: (awaitersOf.get(task) ?? []).map(idOf),
    createdBy: task._creator !== undefined && live.has(task._creator) ? idOf(task._creator) : undefined,
    createdAt: task._creationStack === undefined ? undefined : creationSite(task._creationStack),
    children: (childrenOf.get(task) ?? []).map(node),
  });
  return { time: now, taskCount: tasks.length, roots: roots.map(node) };
}

/**
 * The task tree as text, one task a line, drawn as `pstree` draws:
 *
 * ```text
 * └── (T) 'main' [pending, 0.105s] awaiting GatheringFuture
 *     ├── (T) 'worker-1' [pending, 0.104s] awaiting Lock.acquire() -> Future
 *     └── (T) 'worker-2' [pending, 0.104s] awaiting Queue.get() -> Future
 * ```
 *
 * A task awaited by several tasks appears under the first, marked `(also awaited by #id)`.
 *
 * @example
 * ```ts
 * console.log(formatTaskTree(captureTaskTree(), { ages: false }));
 * ```
 */
export function formatTaskTree(tree: TaskTree = captureTaskTree(), options: FormatTaskTreeOptions = {}): string {
  const ages = options.ages ?? true;
  const lines: string[] = [];
  const render = (node: TaskTreeNode, prefix: string, last: boolean): void => {
    const facts: string[] = [node.state];
    if (ages) facts.push(`${node.age.toFixed(3)}s`);
    let line = `${prefix}${last ? "└── " : "├── "}(T) ${quote(node.name)} #${node.id} [${facts.join(", ")}]`;
    if (node.awaiting.length > 0) line += ` awaiting ${node.awaiting.join(" -> ")}`;
    const others = node.awaitedBy.slice(1);
    if (others.length > 0) line += ` (also awaited by ${others.map((id) => `#${id}`).join(", ")})`;
    if (node.createdAt !== undefined) line += ` created at ${node.createdAt}`;
    lines.push(line);
    const childPrefix = prefix + (last ? "    " : "│   ");
    for (const [index, child] of node.children.entries())
      render(child, childPrefix, index === node.children.length - 1);
  };
  for (const [index, root] of tree.roots.entries()) render(root, "", index === tree.roots.length - 1);
  return lines.join("\n");
}

/**
 * Prints {@link formatTaskTree} of `loop`'s tasks (default: the running loop) to `options.file`
 * (default standard output).
 *
 * @example
 * ```ts
 * process.on("SIGUSR2", () => printTaskTree(loop)); // a snapshot on demand
 * ```
 */
export function printTaskTree(loop?: AbstractEventLoop, options: PrintTaskTreeOptions = {}): void {
  (options.file ?? process.stdout).write(`${formatTaskTree(captureTaskTree(loop), options)}\n`);
}

/**
 * Names what a waiter future stands for in the task tree and call graph (`"lock"`,
 * `"socket read"`), for a primitive that waits on a plain Future it made; without it the
 * future is described by its class name. Returns the future, so a primitive can describe the
 * call it returns: `return setWaitDescription(callCoroutine(...), "Queue.get()")`. No Python
 * counterpart (Python reads coroutine frames).
 *
 * @example
 * ```ts
 * const waiter = loop.createFuture<void>();
 * setWaitDescription(waiter, "MyResource.acquire");
 * await waiter;
 * ```
 */
export function setWaitDescription<F extends Future<unknown>>(future: F, description: string): F {
  setDescription(future, String(description));
  return future;
}
