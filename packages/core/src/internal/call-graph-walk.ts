import { AwaitEntry } from "./await-entry.js";
import { DrivenFuture } from "./driven-future.js";
import { CANCELLED, FULFILLED, PENDING, REJECTED } from "./future-state.js";
import { markedAwaiters } from "./call-graph-awaited-by.js";
import { isLibraryFrame, parseStack } from "./task-tree-site.js";
import { CoroutineCall } from "../coroutine-call.js";
import type { Future } from "../future.js";
import type { Task } from "../task.js";
import { isDrivenOfAnyCopy, isTaskOfAnyCopy } from "./any-copy.js";
import { Waiter } from "../waiter.js";

/** A future's state as the introspection reports it. */
export type IntrospectedState = "pending" | "cancelling" | "finished" | "failed" | "cancelled";

/** Stable small numbers standing in for Python's `id()`, given out on first sight. */
const ids = new WeakMap<object, number>();
let nextId = 1;

export function idOf(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = nextId++;
    ids.set(value, id);
  }
  return id;
}

export function stateOf(future: Future<unknown>): IntrospectedState {
  switch (future._state) {
    case PENDING:
      return future instanceof DrivenFuture && future._numCancelsRequested > 0 ? "cancelling" : "pending";
    case FULFILLED:
      return "finished";
    case REJECTED:
      return "failed";
    case CANCELLED:
      return "cancelled";
    default:
      return "pending";
  }
}

/**
 * Who awaits `future`, one step up: the owners of its `await`s (a library call stands for the
 * task it runs in, as a Python coroutine does) and the futures marked as its awaiters.
 */
export function directAwaiters(future: Future<unknown>): Future<unknown>[] {
  const found: Future<unknown>[] = [];
  const add = (waiter: Future<unknown> | undefined): void => {
    if (waiter === undefined || waiter === future || found.includes(waiter)) return;
    found.push(waiter);
  };
  const visit = (item: unknown): void => {
    // An await is an AwaitEntry, or in its compact form the awaiting owner itself.
    const owner =
      item instanceof DrivenFuture
        ? item
        : item instanceof AwaitEntry
          ? (item as unknown as { owner: DrivenFuture<unknown> | undefined }).owner
          : undefined;
    add(owner instanceof CoroutineCall ? (owner._frameTask ?? owner) : owner);
  };
  for (const item of future._peekCallbacks()) visit(item);
  for (const marked of markedAwaiters(future))
    add(marked instanceof CoroutineCall ? (marked._frameTask ?? marked) : marked);
  return found;
}

/** The tasks awaiting `task`, through futures that are not tasks (a gather's future, a shield's). */
export function awaitingTasks(future: Future<unknown>): Task<unknown>[] {
  const tasks: Task<unknown>[] = [];
  const seen = new Set<Future<unknown>>([future]);
  const pending = directAwaiters(future);
  while (pending.length > 0) {
    const next = pending.shift() as Future<unknown>;
    if (seen.has(next)) continue;
    seen.add(next);
    if (isTaskOfAnyCopy(next)) {
      if (!tasks.includes(next)) tasks.push(next);
    } else {
      pending.push(...directAwaiters(next));
    }
  }
  return tasks;
}

/**
 * What `driven` waits on now, outermost first: the library calls it is inside, down to the
 * future it is suspended on (a task awaited is the end of the chain: it has its own).
 */
export function waitChain(driven: Future<unknown>): Future<unknown>[] {
  const chain: Future<unknown>[] = [];
  let current: Future<unknown> = driven;
  while (isDrivenOfAnyCopy(current) && chain.length < 64) {
    const waiter: Future<unknown> | undefined = current._firstWaiter();
    if (waiter === undefined) break;
    chain.push(waiter);
    // A library call goes on to what it waits on; a task awaited has a chain of its own.
    if (!isDrivenOfAnyCopy(waiter) || isTaskOfAnyCopy(waiter)) break;
    current = waiter;
  }
  return chain;
}

const descriptions = new WeakMap<Future<unknown>, string>();

/** Sets what a waiter future stands for in the task tree ("lock", "socket read"). */
export function setDescription(future: Future<unknown>, description: string): void {
  // A field on calls: primitives describe every wait, and a WeakMap entry costs more.
  if (future instanceof CoroutineCall) future._description = description;
  else descriptions.set(future, description);
}

/** A short description of something a task waits on. */
export function describeWaiter(future: Future<unknown>): string {
  const given = descriptions.get(future);
  if (given !== undefined) return given;
  if (isTaskOfAnyCopy(future)) return `Task(name=${quote(future.getName())})`;
  if (future instanceof Waiter) return future.waitDescription;
  if (future instanceof CoroutineCall) {
    if (future._description !== undefined) return future._description;
    const primitive = future._creationStack === undefined ? undefined : callerName(future._creationStack);
    return primitive === undefined ? "CoroutineCall" : `${primitive}()`;
  }
  if (future.constructor.name === "PendingRead") {
    // A StreamReader read waiting for data, without a coroutine (internal/net-stream-read.ts).
    const read = future as unknown as { _size: number; _exactly: boolean };
    return `StreamReader.${read._exactly ? "readexactly" : "read"}(${read._size}): waiting for data`;
  }
  const timer = (future as { _timer?: unknown })._timer;
  if (future.constructor.name === "SleepFuture") {
    return timer === undefined ? "sleep(0)" : "sleep timer";
  }
  return future.constructor.name;
}

/** The function that called `callCoroutine` (`Lock.acquire`), from a call's creation stack. */
function callerName(stack: string): string | undefined {
  for (const frame of parseStack(stack)) {
    const name = frame.functionName.replace(/^new /, "");
    if (name === "" || name === "callCoroutine" || name.endsWith(".callCoroutine")) continue;
    if (/^(?:Object\.|Function\.)?<anonymous>$/.test(name)) continue;
    return name;
  }
  return undefined;
}

/** Python's `repr` of a string. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export { isLibraryFrame, parseStack };
