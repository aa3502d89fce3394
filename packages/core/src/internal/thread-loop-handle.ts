/**
 * The loop's end of `loop.threadsafeHandle()`: a MessagePort through which other threads
 * schedule callbacks (`callSoonThreadsafe`) and coroutines (`runCoroutineThreadsafe`) on the
 * loop. `RemoteEventLoop` (remote-event-loop.ts) is the other end.
 *
 * Messages to the loop:
 * - `{ type: "call", name | source, args }`: `loop.callSoon(fn, ...args)`.
 * - `{ type: "run", id, name | source, args }`: a task running `fn(...args)`; answered with
 *   `{ type: "done", id, outcome }`, outcome `{ ok: true, value }`, `{ ok: false, error }` or
 *   `{ cancelled: true }`.
 * - `{ type: "cancel", id }`: cancels that task.
 * `name` picks a function registered with the handle; `source` is a self-contained function's
 * source text, rebuilt on the loop's thread.
 *
 * @module
 */
import type { MessagePort } from "node:worker_threads";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import type { Future } from "../future.js";
import { taskStorage } from "./task-frame.js";
import { compileFunction, serializeError, type SerializedThrown } from "./worker-helpers.js";
import { nodeWorkerThreads } from "./node-builtins.js";

/** Functions a handle lets other threads call by name: callbacks and coroutine functions. */
export type ThreadsafeFunctions = Readonly<Record<string, (...args: any[]) => unknown>>;

/** A call from another thread: a registered name or a function's source text, and arguments. */
export interface RemoteCall {
  readonly name?: string;
  readonly source?: string;
  readonly args: readonly unknown[];
}

export type ToLoopMessage =
  | ({ readonly type: "call" } & RemoteCall)
  | ({ readonly type: "run"; readonly id: number } & RemoteCall)
  | { readonly type: "cancel"; readonly id: number };

export type RemoteOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SerializedThrown }
  | { readonly cancelled: true };

export interface FromLoopMessage {
  readonly type: "done";
  readonly id: number;
  readonly outcome: RemoteOutcome;
}

// The loop's ends of its handles, closed with the loop (the other ends then see "close").
const openPorts = new WeakMap<AbstractEventLoop, Set<MessagePort>>();

/** A new handle to `loop` for another thread: the returned port is to be transferred there. */
export function openThreadsafeHandle(loop: AbstractEventLoop, functions: ThreadsafeFunctions = {}): MessagePort {
  if (functions === null || typeof functions !== "object") {
    throw new TypeError(`threadsafeHandle() expects an object of functions, got ${String(functions)}`);
  }
  const table = new Map<string, (...args: any[]) => unknown>();
  for (const [name, fn] of Object.entries(functions)) {
    if (typeof fn !== "function") throw new TypeError(`threadsafeHandle(): ${JSON.stringify(name)} is not a function`);
    table.set(name, fn);
  }
  loop._checkClosed();
  // Outside any task's store: messages must not be handled as part of the calling task.
  const { port1: port, port2: remotePort } = taskStorage.exit(() => new (nodeWorkerThreads().MessageChannel)());
  const tasks = new Map<number, Future<unknown>>();
  let ports = openPorts.get(loop);
  if (ports === undefined) openPorts.set(loop, (ports = new Set()));
  ports.add(port);

  const reply = (id: number, outcome: RemoteOutcome): void => {
    try {
      port.postMessage({ type: "done", id, outcome } satisfies FromLoopMessage);
    } catch (error) {
      const message = `the result could not be sent back to the calling thread: ${error instanceof Error ? error.message : String(error)}`;
      port.postMessage({
        type: "done",
        id,
        outcome: { ok: false, error: serializeError(new DOMException(message, "DataCloneError")) },
      });
    }
  };

  const resolve = (call: RemoteCall, method: string): ((...args: unknown[]) => unknown) => {
    if (call.name !== undefined) {
      const fn = table.get(call.name);
      if (fn === undefined) {
        throw new TypeError(
          `${method}(): no function named ${JSON.stringify(call.name)} was registered with loop.threadsafeHandle()`,
        );
      }
      return fn;
    }
    return compileFunction(String(call.source));
  };

  const startTask = (message: { readonly id: number } & RemoteCall): void => {
    let task: Future<unknown>;
    try {
      const fn = resolve(message, "runCoroutineThreadsafe");
      task = loop.createTask(() => fn(...message.args) as PromiseLike<unknown>);
    } catch (error) {
      reply(message.id, { ok: false, error: serializeError(error, message.source !== undefined) });
      throw error; // to the exception handler, as Python's callback re-raises
    }
    tasks.set(message.id, task);
    task.addDoneCallback(() => {
      tasks.delete(message.id);
      if (task.cancelled()) return reply(message.id, { cancelled: true });
      const error = task.exception();
      if (error === undefined) reply(message.id, { ok: true, value: task.result() });
      else reply(message.id, { ok: false, error: serializeError(error, message.source !== undefined) });
    });
  };

  const cancelTask = (id: number): void => {
    tasks.get(id)?.cancel();
  };

  const receive = (message: ToLoopMessage): void => {
    if (message.type === "cancel") {
      if (!loop.isClosed()) loop.callSoon(cancelTask, message.id);
      return;
    }
    if (message.type === "run") {
      if (loop.isClosed())
        reply(message.id, { ok: false, error: serializeError(new RuntimeError("Event loop is closed")) });
      else loop.callSoon(startTask, message);
      return;
    }
    if (message.type === "call" && !loop.isClosed()) {
      loop.callSoon(resolve(message, "callSoonThreadsafe"), ...message.args);
    }
  };

  port.on("message", (message: ToLoopMessage) => {
    try {
      receive(message);
    } catch (error) {
      loop.callExceptionHandler({ message: "Error in a call from another thread", exception: error });
    }
  });
  port.on("close", () => ports.delete(port));
  // Like every other source of callbacks, a handle does not keep the process alive by itself.
  port.unref();
  return remotePort;
}

/** Closes the loop's ends of its handles (the loop is closing). */
export function closeThreadsafeHandles(loop: AbstractEventLoop): void {
  const ports = openPorts.get(loop);
  if (ports === undefined) return;
  openPorts.delete(loop);
  for (const port of ports) port.close();
}
