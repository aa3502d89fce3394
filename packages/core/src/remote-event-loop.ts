import type { MessagePort } from "node:worker_threads";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { taskStorage } from "./internal/task-frame.js";
import { rebuildThrown } from "./internal/thread-errors.js";
import { ConcurrentFuture } from "./concurrent-future.js";
import type { FromLoopMessage, RemoteCall, ToLoopMessage } from "./internal/thread-loop-handle.js";
import { functionSource, transferablePorts } from "./internal/worker-target.js";
import { nodeWorkerThreads } from "./internal/node-builtins.js";

const connections = new WeakMap<MessagePort, RemoteEventLoop>();
let callCounter = 0;

/**
 * An event loop running on another thread, seen through the `MessagePort` that its
 * `loop.threadsafeHandle()` returned: what a worker thread holds instead of the loop itself.
 * Through it the worker schedules callbacks on the loop (`callSoonThreadsafe`) and runs
 * coroutines there (`runCoroutine`, which `runCoroutineThreadsafe` of @asyncio-ts/tasks-utils
 * calls).
 *
 * Functions cannot cross threads with their closures, so a callback or coroutine is either the
 * name of a function registered with `loop.threadsafeHandle({ name: fn })` (a real closure on
 * the loop's side: the way to reach futures, queues and other objects of the loop), or a
 * self-contained function sent as its source text and rebuilt on the loop's thread (no captured
 * variables; globals and `import()` only). Arguments and results travel by structured clone.
 *
 * The port keeps the worker alive only while a coroutine's outcome is awaited.
 *
 * @example
 * ```ts
 * // main thread
 * const loop = getRunningLoop();
 * const done = loop.createFuture<number>();
 * const port = loop.threadsafeHandle({ finish: (value: number) => done.setResult(value) });
 * new Worker(new URL("./worker.js", import.meta.url), { workerData: { port }, transferList: [port] });
 * console.log(await done);
 *
 * // worker.js
 * import { workerData } from "node:worker_threads";
 * import { RemoteEventLoop } from "@asyncio-ts/core";
 * const loop = RemoteEventLoop.connect(workerData.port);
 * loop.callSoonThreadsafe("finish", 42);
 * ```
 */
export class RemoteEventLoop {
  private readonly port: MessagePort;
  private readonly pending = new Map<number, ConcurrentFuture<unknown>>();
  private closed = false;

  /** The remote loop behind `port` (one per port: connecting twice gives the same object). */
  static connect(port: MessagePort): RemoteEventLoop {
    if (!(port instanceof nodeWorkerThreads().MessagePort)) {
      throw new TypeError(
        `RemoteEventLoop.connect() expects the MessagePort of loop.threadsafeHandle(), got ${String(port)}`,
      );
    }
    let remote = connections.get(port);
    if (remote === undefined) {
      remote = taskStorage.exit(() => new RemoteEventLoop(port));
      connections.set(port, remote);
    }
    return remote;
  }

  private constructor(port: MessagePort) {
    this.port = port;
    port.on("message", (message: FromLoopMessage) => this.receive(message));
    port.on("close", () => this.markClosed());
    port.unref();
  }

  /**
   * Schedules `callback(...args)` on the loop's thread, as `loop.callSoonThreadsafe`:
   * `callback` is the name of a function registered with the handle, or a self-contained
   * function (sent as source text). Errors it throws go to the loop's exception handler.
   * Returns nothing: a `Handle` cannot cross threads. Throws `RuntimeError` once the loop (or
   * this handle) is closed.
   */
  callSoonThreadsafe<Args extends unknown[]>(callback: string | ((...args: Args) => unknown), ...args: Args): void {
    this.checkClosed();
    this.post({ type: "call", ...this.describeCall(callback, args, "callSoonThreadsafe") });
  }

  /**
   * Runs `coro(...args)` in a new task on the loop's thread and returns a {@link ConcurrentFuture}
   * of its outcome; cancelling the future cancels the task. `coro` is a registered name or a
   * self-contained async function. Prefer `runCoroutineThreadsafe(coro, loop, ...args)`.
   */
  runCoroutine<Result = unknown, Args extends unknown[] = unknown[]>(
    coro: string | ((...args: Args) => PromiseLike<Result> | Result),
    ...args: Args
  ): ConcurrentFuture<Result> {
    this.checkClosed();
    if (typeof coro !== "string" && typeof coro !== "function") throw new TypeError("A coroutine object is required");
    const id = ++callCounter;
    this.post({ type: "run", id, ...this.describeCall(coro, args, "runCoroutineThreadsafe") });
    const future = new ConcurrentFuture<Result>();
    this.pending.set(id, future as ConcurrentFuture<unknown>);
    this.port.ref();
    future.addDoneCallback(() => {
      if (this.pending.get(id) !== (future as ConcurrentFuture<unknown>)) return;
      // Cancelled here: the task on the loop is cancelled too (its outcome is then dropped).
      this.forget(id);
      if (!this.closed) this.port.postMessage({ type: "cancel", id } satisfies ToLoopMessage);
    });
    return future;
  }

  /** True once the loop closed its end, or `close()` was called. */
  isClosed(): boolean {
    return this.closed;
  }

  /** Disconnects from the loop; futures still pending fail with `RuntimeError`. */
  close(): void {
    if (this.closed) return;
    this.markClosed();
    this.port.close();
  }

  toString(): string {
    return `<RemoteEventLoop${this.closed ? " closed" : ""} pending=${this.pending.size}>`;
  }

  private describeCall(fn: unknown, args: readonly unknown[], method: string): RemoteCall {
    if (typeof fn === "string") return { name: fn, args };
    if (typeof fn === "function") return { source: functionSource(fn, method), args };
    throw new TypeError(`a callable object or a registered name was expected by ${method}(), got ${String(fn)}`);
  }

  private post(message: ToLoopMessage): void {
    const args = message.type === "cancel" ? [] : message.args;
    this.port.postMessage(message, transferablePorts(args));
  }

  private receive(message: FromLoopMessage): void {
    if (message.type !== "done") return;
    const future = this.pending.get(message.id);
    if (future === undefined) return;
    this.forget(message.id);
    const outcome = message.outcome;
    if ("cancelled" in outcome) {
      future.cancel();
      return;
    }
    if (!future.setRunningOrNotifyCancel()) return;
    if (outcome.ok) future.setResult(outcome.value);
    else future.setException(rebuildThrown(outcome.error));
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.port.unref();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    connections.delete(this.port);
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.port.unref();
    for (const future of pending) {
      if (future.setRunningOrNotifyCancel()) future.setException(new RuntimeError("Event loop is closed"));
    }
  }

  private checkClosed(): void {
    if (this.closed) throw new RuntimeError("Event loop is closed");
  }
}
