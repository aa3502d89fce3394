import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { ValueError } from "./exceptions/value-error.js";
import { ReadyQueue } from "./internal/ready-queue.js";
import { taskStorage } from "./internal/task-frame.js";
import { rebuildThrown } from "./internal/thread-errors.js";
import { ConcurrentFuture } from "./concurrent-future.js";
import type { SerializedThrown } from "./internal/worker-helpers.js";
import { WORKER_SCRIPT } from "./internal/worker-script.js";
import {
  toWorkerTarget,
  transferablePorts,
  type WorkerModuleFunction,
  type WorkerTarget,
} from "./internal/worker-target.js";
import { nodeWorkerThreads } from "./internal/node-builtins.js";

export type { WorkerModuleFunction };

/**
 * What can run on a worker thread: a self-contained function (sent as its source text) or a
 * {@link WorkerModuleFunction}. See {@link ThreadPoolExecutor} for what crosses threads.
 */
export type WorkerFunction<Args extends unknown[] = any[], Result = unknown> =
  | ((...args: Args) => Result)
  | WorkerModuleFunction;

/**
 * Something `runInExecutor` can hand work to, as Python's `concurrent.futures.Executor`:
 * `submit` returns a `ConcurrentFuture` (or any promise, with `cancel()` if it can cancel);
 * the loop shuts its default one down. {@link ThreadPoolExecutor} is the one asyncio-ts ships.
 */
export interface Executor {
  submit(fn: WorkerFunction, ...args: any[]): PromiseLike<unknown> & { cancel?(): unknown };
  shutdown(wait?: boolean): Promise<void> | void;
}

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions {
  /** At most this many worker threads (default `min(32, availableParallelism() + 4)`, as Python's). */
  readonly maxWorkers?: number;
  /** Worker threads are named `<prefix>_<n>` (default `ThreadPoolExecutor-<k>`). */
  readonly threadNamePrefix?: string;
  /** Run in each worker thread when it starts, before any work: a function or module export, as `submit` takes. */
  readonly initializer?: WorkerFunction;
  /** The arguments of `initializer` (structured-cloned into each worker). */
  readonly initargs?: readonly unknown[];
}

/** Options of {@link ThreadPoolExecutor.shutdown}. */
export interface ShutdownOptions {
  /** Cancel the work that has not started yet (Python's `cancel_futures`). */
  readonly cancelFutures?: boolean;
}

interface WorkItem {
  readonly future: ConcurrentFuture<unknown>;
  readonly target: WorkerTarget;
  readonly args: readonly unknown[];
}

interface PoolWorker {
  readonly worker: Worker;
  job: WorkItem | undefined;
  /** What the worker's `error` event reported, if it died of an uncaught error. */
  failure: unknown;
}

type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerializedThrown }
  | { readonly broken: SerializedThrown };

const BROKEN_MESSAGE = "A thread initializer failed, the thread pool is not usable anymore";

let executorCounter = 0;
let jobCounter = 0;

/**
 * A pool of worker threads (node:worker_threads), as Python's
 * `concurrent.futures.ThreadPoolExecutor`: `submit(fn, ...args)` runs `fn(...args)` on another OS
 * thread and returns a {@link ConcurrentFuture} of its result. It is the event loop's default
 * executor (`loop.runInExecutor(null, ...)`, `toThread`).
 *
 * Workers are started lazily, one per call while fewer than `maxWorkers` run and none is idle,
 * and reused; an idle worker does not keep the process alive, a busy one does. Each worker runs
 * one call at a time; an async function keeps its worker until its promise settles.
 *
 * What crosses threads, since a JavaScript function cannot take its closure along:
 * - `fn` is sent as its source text (`fn.toString()`) and rebuilt in the worker at global scope.
 *   It must be self-contained: it may use its parameters, globals, `process.getBuiltinModule()`
 *   (Node >= 20.16) and `await import(...)`, but no variable of the scope it was written in (that
 *   fails with a `ReferenceError` saying so). Built-in and bound functions have no source text:
 *   wrap them (`(x) => Math.sqrt(x)`). A method written in shorthand is accepted.
 * - Or `{ module, export }` ({@link WorkerModuleFunction}): the worker imports the module and
 *   calls the export, for real code with imports.
 * - Arguments and the result travel by structured clone (primitives, plain objects, arrays,
 *   `Map`, `Set`, `Date`, `RegExp`, typed arrays, errors...; not functions or class instances'
 *   prototypes). A `SharedArrayBuffer` is shared, not copied. A `MessagePort` given as an argument
 *   is transferred (as `loop.threadsafeHandle()` returns: the worker can then call back the loop).
 * - An error comes back with its class name, `message`, `stack` (the worker's), `cause` and
 *   cloneable own fields; JavaScript's error classes and asyncio-ts's are rebuilt as themselves,
 *   any other as an `Error` whose `name` is the original class name.
 *
 * Cancelling a future only works before its call starts (the call then never runs); a running
 * call cannot be stopped, as in Python.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from "@asyncio-ts/core";
 *
 * const executor = new ThreadPoolExecutor({ maxWorkers: 4 });
 * const square = executor.submit((n: number) => n * n, 12);
 * const crunched = executor.submit({ module: new URL("./work.js", import.meta.url), export: "crunch" }, [1, 2, 3]);
 * console.log(await square, await crunched);
 * await executor.shutdown();
 * ```
 */
export class ThreadPoolExecutor implements Executor {
  private readonly maxWorkers: number;
  private readonly threadNamePrefix: string;
  private readonly initializer: WorkerTarget | undefined;
  private readonly initargs: readonly unknown[];
  private readonly queue = new ReadyQueue<WorkItem>();
  /** Workers that are starting, busy or idle (not those being terminated). */
  private readonly workers = new Set<PoolWorker>();
  private readonly idle: PoolWorker[] = [];
  private readonly exiting = new Set<PoolWorker>();
  private spawnedCount = 0;
  private shutdownCalled = false;
  private brokenCause: { readonly error: unknown } | undefined;
  private exitWaiters: (() => void)[] = [];

  constructor(options: ThreadPoolExecutorOptions = {}) {
    const { maxWorkers, threadNamePrefix, initializer, initargs = [] } = options;
    if (maxWorkers === undefined || maxWorkers === null) {
      this.maxWorkers = Math.min(32, availableParallelism() + 4);
    } else {
      if (typeof maxWorkers !== "number" || !Number.isInteger(maxWorkers)) {
        throw new TypeError(`max_workers must be an integer, got ${String(maxWorkers)}`);
      }
      if (maxWorkers <= 0) throw new ValueError("max_workers must be greater than 0");
      this.maxWorkers = maxWorkers;
    }
    if (initializer !== undefined && initializer !== null) {
      if (typeof initializer !== "function" && typeof initializer !== "object")
        throw new TypeError("initializer must be a callable");
      this.initializer = toWorkerTarget(initializer, "ThreadPoolExecutor");
    }
    if (!Array.isArray(initargs)) throw new TypeError("initargs must be an array");
    this.initargs = initargs;
    this.threadNamePrefix = threadNamePrefix ?? `ThreadPoolExecutor-${executorCounter++}`;
  }

  /**
   * Runs `fn(...args)` on a worker thread; returns a {@link ConcurrentFuture} of its (awaited)
   * result. Throws `RuntimeError` after `shutdown()` or once an initializer failed, and
   * `TypeError` when `fn` cannot be sent (see the class description).
   */
  submit<Args extends unknown[], Result>(
    fn: (...args: Args) => Result,
    ...args: Args
  ): ConcurrentFuture<Awaited<Result>>;
  submit<Result = unknown>(fn: WorkerModuleFunction, ...args: unknown[]): ConcurrentFuture<Result>;
  submit(fn: WorkerFunction, ...args: unknown[]): ConcurrentFuture<unknown> {
    if (this.brokenCause !== undefined) throw this.brokenError();
    if (this.shutdownCalled) throw new RuntimeError("cannot schedule new futures after shutdown");
    const target = toWorkerTarget(fn, "submit");
    const future = new ConcurrentFuture<unknown>();
    this.queue.push({ future, target, args });
    this.dispatch();
    return future;
  }

  /**
   * Stops taking work. Calls already submitted still run (unless `cancelFutures` cancels those
   * not started); idle workers end now, busy ones when the queue is empty. With `wait` (the
   * default) the promise resolves once every worker has ended. Calling it again is harmless.
   */
  shutdown(wait = true, options: ShutdownOptions = {}): Promise<void> {
    this.shutdownCalled = true;
    if (options.cancelFutures === true) {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) item.future.cancel();
    }
    for (const pooled of this.idle.splice(0)) this.retire(pooled);
    if (!wait || this.finished()) return Promise.resolve();
    return new Promise<void>((resolve) => this.exitWaiters.push(resolve));
  }

  /** Python's `with ThreadPoolExecutor() as executor:`: runs `body`, then `shutdown(true)`. */
  async with<R>(body: (executor: this) => PromiseLike<R> | R): Promise<R> {
    try {
      return await body(this);
    } finally {
      await this.shutdown(true);
    }
  }

  /** `await using executor = new ThreadPoolExecutor()` shuts it down (waiting) at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown(true);
  }

  toString(): string {
    const busy = this.workers.size - this.idle.length;
    return `<ThreadPoolExecutor maxWorkers=${this.maxWorkers} workers=${this.workers.size} busy=${busy} queued=${this.queue.length}${this.shutdownCalled ? " shutdown" : ""}>`;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      if (this.idle.length === 0 && this.workers.size >= this.maxWorkers) return;
      const item = this.queue.shift() as WorkItem;
      if (!item.future.setRunningOrNotifyCancel()) continue;
      let pooled = this.idle.pop();
      if (pooled === undefined) {
        try {
          pooled = this.spawn();
        } catch (error) {
          item.future.setException(error);
          continue;
        }
      }
      pooled.job = item;
      pooled.worker.ref();
      try {
        pooled.worker.postMessage(
          { id: ++jobCounter, target: item.target, args: item.args },
          transferablePorts(item.args),
        );
      } catch (error) {
        pooled.job = undefined;
        this.idle.push(pooled);
        pooled.worker.unref();
        const reason = error instanceof Error ? error.message : String(error);
        item.future.setException(
          new DOMException(`the arguments could not be sent to a worker thread: ${reason}`, "DataCloneError"),
        );
      }
    }
  }

  private spawn(): PoolWorker {
    const name = `${this.threadNamePrefix}_${this.spawnedCount++}`;
    const workerData = { initializer: this.initializer, initargs: this.initargs };
    // Created outside any task's store: the worker's events must not run as part of the task
    // that happened to start it.
    const worker = taskStorage.exit(
      () => new (nodeWorkerThreads().Worker)(WORKER_SCRIPT, { eval: true, name, workerData }),
    );
    const pooled: PoolWorker = { worker, job: undefined, failure: undefined };
    worker.on("message", (reply: WorkerReply) => this.onReply(pooled, reply));
    worker.on("error", (error: unknown) => {
      pooled.failure = error;
    });
    worker.on("exit", (code: number) => this.onExit(pooled, code));
    this.workers.add(pooled);
    return pooled;
  }

  private onReply(pooled: PoolWorker, reply: WorkerReply): void {
    if ("broken" in reply) {
      this.markBroken(rebuildThrown(reply.broken));
      return;
    }
    const item = pooled.job;
    if (item === undefined) return;
    pooled.job = undefined;
    // Back to the pool first: done callbacks that submit more work find this worker idle.
    this.release(pooled);
    if (item.future.done()) return;
    if (reply.ok) item.future.setResult(reply.value);
    else item.future.setException(rebuildThrown(reply.error));
  }

  private release(pooled: PoolWorker): void {
    if (!this.workers.has(pooled)) return;
    if (this.shutdownCalled && this.queue.length === 0) {
      this.retire(pooled);
      return;
    }
    this.idle.push(pooled);
    pooled.worker.unref();
    this.dispatch();
  }

  /** Ends a worker. It is ref'd meanwhile, so that whoever awaits `shutdown` sees it end. */
  private retire(pooled: PoolWorker): void {
    this.workers.delete(pooled);
    const index = this.idle.indexOf(pooled);
    if (index >= 0) this.idle.splice(index, 1);
    this.exiting.add(pooled);
    pooled.worker.ref();
    pooled.worker.terminate().catch(() => undefined);
  }

  private onExit(pooled: PoolWorker, code: number): void {
    this.workers.delete(pooled);
    this.exiting.delete(pooled);
    const index = this.idle.indexOf(pooled);
    if (index >= 0) this.idle.splice(index, 1);
    const item = pooled.job;
    pooled.job = undefined;
    if (item !== undefined && !item.future.done()) {
      const failure =
        this.brokenCause !== undefined
          ? this.brokenError()
          : (pooled.failure ?? new RuntimeError(`the worker thread running the function exited with code ${code}`));
      item.future.setException(failure);
    }
    if (this.queue.length > 0 && this.brokenCause === undefined) this.dispatch();
    if (this.shutdownCalled && this.finished()) {
      for (const resolve of this.exitWaiters.splice(0)) resolve();
    }
  }

  private markBroken(cause: unknown): void {
    if (this.brokenCause !== undefined) return;
    this.brokenCause = { error: cause };
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      if (!item.future.done()) item.future.setException(this.brokenError());
    }
    for (const pooled of [...this.workers]) {
      const item = pooled.job;
      pooled.job = undefined;
      if (item !== undefined && !item.future.done()) item.future.setException(this.brokenError());
      this.retire(pooled);
    }
  }

  private brokenError(): RuntimeError {
    return new RuntimeError(BROKEN_MESSAGE, { cause: this.brokenCause?.error });
  }

  private finished(): boolean {
    return this.workers.size === 0 && this.exiting.size === 0 && this.queue.length === 0;
  }
}
