import { peekLoop } from "./internal/abstract-event-loop.js";
import { currentTask } from "./current-task.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { type Future, isFuture } from "./future.js";
import type { Task } from "./task.js";
import { isTaskOfAnyCopy } from "./internal/any-copy.js";
import { addAwaitedBy, discardAwaitedBy } from "./internal/call-graph-awaited-by.js";
import {
  describeWaiter,
  directAwaiters,
  idOf,
  isLibraryFrame,
  parseStack,
  quote,
  stateOf,
  waitChain,
  type IntrospectedState,
} from "./internal/call-graph-walk.js";
import { creationSite } from "./internal/task-tree-site.js";

/** A future's state in the call graph and the task tree. */
export type FutureStateName = IntrospectedState;

/** One frame of a call stack (Python's `FrameCallGraphEntry`, with the frame's place spelled out). */
export interface FrameCallGraphEntry {
  /** The function's name as V8 reports it (`main`, `Worker.run`), empty for an anonymous one. */
  readonly functionName: string;
  readonly fileName: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
  /** An `async` frame: a suspended caller found through V8's async stack trace. */
  readonly isAsync: boolean;
}

/**
 * The call graph of a future (Python 3.14's `FutureCallGraph`): the future, where it is (for
 * the current task, its call stack), and the graphs of whatever awaits it.
 */
export interface FutureCallGraph {
  /** The future or task itself. */
  readonly future: Future<unknown>;
  /** A small number standing for the future in printed graphs (Python prints `id()`). */
  readonly id: number;
  /** The task's name; undefined for a future that is not a task. */
  readonly name: string | undefined;
  readonly state: FutureStateName;
  /**
   * Innermost first. For the current task, its call stack at the capture, through V8's async
   * stack trace; empty for a suspended task (JavaScript cannot see where another function waits: see
   * `awaiting`).
   */
  readonly callStack: readonly FrameCallGraphEntry[];
  /**
   * What a task or library call waits on now, outermost first: the library calls it is inside
   * (named in debug mode: `Lock.acquire()`) down to the future it is suspended on.
   */
  readonly awaiting: readonly string[];
  /** Where the task was created (`file:line`), in debug mode only. */
  readonly createdAt: string | undefined;
  /** The graphs of the tasks and futures awaiting this one. */
  readonly awaitedBy: readonly FutureCallGraph[];
}

/** Options of {@link captureCallGraph}, {@link formatCallGraph} and {@link printCallGraph}. */
export interface CallGraphOptions {
  /**
   * Keeps at most this many call stack entries: the innermost `limit` when positive, the
   * outermost `-limit` when negative (Python's `limit`).
   */
  readonly limit?: number;
}

/** Where {@link printCallGraph} and `printTaskTree` write (Python's `file`); default `process.stdout`. */
export interface TextOutput {
  write(text: string): unknown;
}

/** Options of {@link printCallGraph}. */
export interface PrintCallGraphOptions extends CallGraphOptions {
  /** Where to write (default `process.stdout`). */
  readonly file?: TextOutput;
}

/**
 * Captures the call graph of `future` (default: the current task), as Python 3.14's
 * `asyncio.capture_call_graph`: the future, and recursively whatever awaits it, through
 * `await`, `gather`, `TaskGroup`, `shield` and `waitFor`. With no future, it is the current
 * task's graph: `undefined` outside a task, `RuntimeError` outside a running loop (as Python).
 *
 * @example
 * ```ts
 * const child = createTask(async () => {
 *   const graph = captureCallGraph();
 *   console.log(graph?.awaitedBy.map((node) => node.name)); // ["main"]
 * }, { name: "child" });
 * await child;
 * ```
 */
export function captureCallGraph(
  future?: Future<unknown>,
  options: CallGraphOptions = {},
): FutureCallGraph | undefined {
  return capture(future, options, captureCallGraph);
}

/**
 * The call graph of `future` (default: the current task) as text, as Python 3.14's
 * `asyncio.format_call_graph`; an empty string outside a task (`RuntimeError` outside a running
 * loop when no future is given).
 *
 * @example
 * ```ts
 * await gather([createTask(async () => console.log(formatCallGraph()), { name: "leaf" })]);
 * // * Task(name='leaf', id=0x3, state=pending)
 * //   + Call stack:
 * //   |   File '/app/main.ts', line 1, in <anonymous>()
 * //   + Awaited by:
 * //      * Future(id=0x4, state=pending, GatheringFuture)
 * //         + Awaited by:
 * //            * Task(name='Task-1', id=0x1, state=pending)
 * ```
 */
export function formatCallGraph(future?: Future<unknown>, options: CallGraphOptions = {}): string {
  const graph = capture(future, options, formatCallGraph);
  return graph === undefined ? "" : renderCallGraph(graph);
}

/**
 * Prints the call graph of `future` (default: the current task) to `options.file` (default
 * standard output), as Python 3.14's `asyncio.print_call_graph`.
 *
 * @example
 * ```ts
 * printCallGraph(slowTask);                          // who waits on slowTask, to stdout
 * printCallGraph(undefined, { file: process.stderr }); // the current task's, to stderr
 * ```
 */
export function printCallGraph(future?: Future<unknown>, options: PrintCallGraphOptions = {}): void {
  const graph = capture(future, options, printCallGraph);
  if (graph !== undefined) (options.file ?? process.stdout).write(`${renderCallGraph(graph)}\n`);
}

/**
 * Records that `waiter` awaits `future` without a library `await` of it, so that the call
 * graph and the task tree can follow the edge (Python 3.14's `future_add_to_awaited_by`, used by
 * `gather`, `TaskGroup` and `shield`). Does nothing unless both are Futures of this library.
 * Returns true when the edge is new (Python returns None): a combinator can use the mark to
 * find a future it was given twice.
 *
 * @example
 * ```ts
 * // A combinator whose `outer` future waits on `inner` through a done callback:
 * inner.addDoneCallback(relay);
 * futureAddToAwaitedBy(inner, outer);
 * ```
 */
export function futureAddToAwaitedBy(future: unknown, waiter: unknown): boolean {
  return addAwaitedBy(future, waiter);
}

/**
 * Forgets an edge recorded by {@link futureAddToAwaitedBy} (Python 3.14's `future_discard_from_awaited_by`).
 *
 * @example
 * ```ts
 * futureDiscardFromAwaitedBy(inner, outer); // outer no longer waits on inner
 * ```
 */
export function futureDiscardFromAwaitedBy(future: unknown, waiter: unknown): void {
  discardAwaitedBy(future, waiter);
}

function capture(
  future: Future<unknown> | undefined,
  options: CallGraphOptions,
  above: Function,
): FutureCallGraph | undefined {
  if (future !== undefined && !isFuture(future)) {
    throw new TypeError(`a Future was expected, got ${String(future)}`);
  }
  const loop = peekLoop();
  if (future === undefined && loop === undefined) {
    throw new RuntimeError(
      "captureCallGraph() is called outside of a running event loop and no future to introspect was provided",
    );
  }
  const current = loop === undefined ? undefined : currentTask(loop);
  const target = future ?? current;
  if (target === undefined) return undefined;
  let stack: FrameCallGraphEntry[] = [];
  if (current !== undefined) {
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 64;
    try {
      Error.captureStackTrace(holder, above);
    } finally {
      Error.stackTraceLimit = limit;
    }
    stack = parseStack(holder.stack ?? "").filter((frame) => !isLibraryFrame(frame));
    stack = truncate(stack, options.limit);
  }
  return build(target, current, stack, new Set());
}

function truncate<T>(entries: T[], limit: number | undefined): T[] {
  if (limit === undefined) return entries;
  if (limit >= 0) return entries.slice(0, limit);
  return entries.slice(limit);
}

/** The current task, wherever it appears in the graph, gets the call stack of the capture. */
function build(
  future: Future<unknown>,
  current: Task<unknown> | undefined,
  currentStack: FrameCallGraphEntry[],
  seen: Set<Future<unknown>>,
): FutureCallGraph {
  seen.add(future);
  const awaitedBy: FutureCallGraph[] = [];
  for (const waiter of directAwaiters(future)) {
    if (!seen.has(waiter)) awaitedBy.push(build(waiter, current, currentStack, seen));
  }
  const callStack = future === current ? currentStack : [];
  const task = isTaskOfAnyCopy(future) ? future : undefined;
  return {
    future,
    id: idOf(future),
    name: task?.getName(),
    state: stateOf(future),
    callStack,
    awaiting: waitChain(future).map(describeWaiter),
    createdAt: task?._creationStack === undefined ? undefined : creationSite(task._creationStack),
    awaitedBy,
  };
}

/** Python's `format_call_graph` layout, plus each node's state and what it waits on. */
function renderCallGraph(graph: FutureCallGraph): string {
  const lines: string[] = [];
  const renderLevel = (node: FutureCallGraph, level: number): void => {
    const indent = "    ".repeat(level);
    const add = (line: string): void => {
      lines.push(indent + line);
    };
    const id = `0x${node.id.toString(16)}`;
    if (node.name !== undefined) add(`* Task(name=${quote(node.name)}, id=${id}, state=${node.state})`);
    else add(`* Future(id=${id}, state=${node.state}, ${node.future.constructor.name})`);
    if (node.createdAt !== undefined) add(`  + Created at ${node.createdAt}`);
    if (node.callStack.length > 0) {
      add("  + Call stack:");
      for (const frame of node.callStack) {
        const name = frame.functionName === "" ? "<anonymous>" : frame.functionName;
        add(
          `  |   File ${quote(frame.fileName)}, line ${frame.lineNumber}, in ${frame.isAsync ? "async " : ""}${name}()`,
        );
      }
    }
    if (node.awaiting.length > 0) add(`  + Awaiting: ${node.awaiting.join(" -> ")}`);
    if (node.awaitedBy.length > 0) {
      add("  + Awaited by:");
      for (const waiter of node.awaitedBy) renderLevel(waiter, level + 1);
    }
  };
  renderLevel(graph, 0);
  return lines.join("\n");
}
