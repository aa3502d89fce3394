import { performance } from "node:perf_hooks";
import type { MessagePort } from "node:worker_threads";
import { captureContext, type Context } from "./context.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { ValueError } from "./exceptions/value-error.js";
import { Future, isFuture } from "./future.js";
import { Handle, TimerHandle } from "./handle.js";
import { ensureFuture } from "./ensure-future.js";
import { loopClosed, peekRunningLoop, registerLoopFactory, setRunningLoop } from "./internal/loop-state.js";
import { NO_OPTIONS } from "./internal/no-options.js";
import { maybeServeTaskTree } from "./internal/task-tree-server.js";
import type { AbstractEventLoop } from "./internal/abstract-event-loop.js";
import type { ReadyItem } from "./internal/ready-item.js";
import { ReadyQueue } from "./internal/ready-queue.js";
import { TimerHeap } from "./internal/timer-heap.js";
import { TaskRegistry } from "./internal/task-registry.js";
import { createLoopFrameScope } from "./internal/accelerators/index.js";
import { taskStorage, type LoopFrameScope } from "./internal/task-frame.js";
import { unretrievedExceptions } from "./internal/unretrieved-exceptions.js";
import { Task, type TaskConstructorOptions, type TaskOptions } from "./task.js";
import { checkDefaultExecutor, runInExecutor, shutdownExecutor } from "./internal/thread-default-executor.js";
import {
  closeThreadsafeHandles,
  openThreadsafeHandle,
  type ThreadsafeFunctions,
} from "./internal/thread-loop-handle.js";
import type { Executor, WorkerFunction, WorkerModuleFunction } from "./thread-pool-executor.js";
import type { Coroutine } from "./coroutine.js";
import * as io from "./internal/net-loop-methods.js";
import * as subprocessIo from "./internal/subprocess-loop-methods.js";
import type { BaseProtocol } from "./protocols/base-protocol.js";
import type { DatagramProtocol } from "./protocols/datagram-protocol.js";
import type { Server } from "./server.js";
import type { AddressInfo } from "./transports/address-family.js";
import type { DatagramTransport } from "./transports/datagram-transport.js";
import type { ReadTransport } from "./transports/read-transport.js";
import type { Transport } from "./transports/transport.js";
import type { WriteTransport } from "./transports/write-transport.js";

export type { Executor } from "./thread-pool-executor.js";

/** What the loop hands its exception handler, as Python's context dict. */
export interface ExceptionContext {
  /** What happened. */
  readonly message: string;
  /** The error, when there is one. */
  readonly exception?: unknown;
  /** The future or task concerned, when there is one. */
  readonly future?: Future<unknown>;
  readonly task?: Future<unknown>;
  /** The callback handle concerned, when there is one. */
  readonly handle?: Handle;
  readonly [key: string]: unknown;
}

/** A custom exception handler: `(loop, context) => void`, as Python's. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** Makes the tasks of `loop.createTask`: `factory(loop, coro, options)`. */
export type TaskFactory = <T>(loop: EventLoop, coro: Coroutine<T>, options: TaskOptions) => Task<T>;

// How long the loop keeps Node's own loop waiting while callbacks are ready, before it
// yields so that I/O is polled (CPython polls with a zero timeout every iteration).
const SLICE_MILLISECONDS = 4;
// How many microtask turns a woken task may take to reach its next suspension before the
// loop stops waiting for it (it is then awaiting something foreign).
const MAXIMUM_STEP_TURNS = 32;
const MAXIMUM_NODE_TIMER_MILLISECONDS = 2 ** 31 - 1;
// What the loop chains its microtask turns on.
const SETTLED = Promise.resolve();
const MINIMUM_SCHEDULED_TIMER_HANDLES = 100;
const MINIMUM_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

const AsyncFunction = (async () => {}).constructor;

/**
 * The event loop, as `asyncio`'s: a scheduler of callbacks, timers and tasks that rides on
 * Node's own loop. Callbacks run in FIFO order, one batch per iteration; timers in deadline
 * order (ties in scheduling order), all behind a single Node timer. `runForever()` and
 * `runUntilComplete()` return promises, since JavaScript cannot block.
 *
 * @example
 * ```ts
 * const loop = newEventLoop();
 * loop.callLater(0.05, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 * ```
 */
export class EventLoop implements AbstractEventLoop {
  /** Callbacks taking longer than this (seconds) are logged in debug mode. */
  slowCallbackDuration = 0.1;

  /**
   * In debug mode, a lock or semaphore held longer than this (seconds) is logged, naming the
   * holding task (see `watchHold`). No Python counterpart.
   */
  longHoldDuration = 1;

  /** @internal */ readonly _ready = new ReadyQueue<ReadyItem>();
  /** @internal */ readonly _scheduled = new TimerHeap<TimerHandle>();
  /** @internal */ _timerCancelledCount = 0;
  /** @internal */ _timerSequence = 0;
  /** @internal */ readonly _tasks = new TaskRegistry();
  /** @internal tasks woken and not yet suspended again, counted in the current epoch */
  _steppingCount = 0;
  /** @internal */ _steppingEpoch = 0;
  /** @internal library awaits registered on this loop's futures and not yet resumed */
  _pendingAwaits = 0;
  /**
   * @internal I/O, worker and subprocess operations of this loop under way (open connections
   * and pipes included): a `VirtualTimeLoop` does not jump its clock while there are any
   */
  _outstandingOperations = 0;
  /** @internal tasks suspended at an await of something foreign (their step outlived the loop's turns) */
  _foreignSteps = 0;
  /** @internal */ _defaultExecutor: Executor | undefined = undefined;
  /** @internal */ _executorShutdownCalled = false;
  /** @internal */ _running = false;
  /** @internal */ _stopping = false;
  /** @internal */ _closed = false;
  /** @internal */ readonly _clockResolution = 0.001;
  /** @internal in debug mode, loop time since the loop waits with nothing scheduled; -1 otherwise */
  _idleSince = -1;
  private debug = false;
  private exceptionHandler: ExceptionHandler | undefined;
  private taskFactory: TaskFactory | undefined;
  /** @internal how the loop enters task frames: made by `runForever`, used only while running */
  _frameScope!: LoopFrameScope;
  /** What `createTask` passes a Task that has no name or context of its own. */
  private readonly ownTaskOptions: TaskConstructorOptions = Object.freeze({ loop: this });
  /** True while the loop waits for work (Node's loop runs, and an enqueue must wake it). */
  private waiting = false;
  /** Settles what `runForever` returns. */
  private runnerSettled: { resolve(): void; reject(error: unknown): void } | undefined;
  /** Items of the current iteration not yet run (CPython's `ntodo`). */
  private remaining = 0;
  /** When the loop last let Node's loop poll I/O. */
  private sliceStart = 0;
  /** Loop time in whole milliseconds, read once in the current iteration by its first task creation; -1 until then. */
  private iterationMilliseconds = -1;
  /** Microtask turns a woken task has taken so far, and what debug mode times for it. */
  private stepTurns = 0;
  private steppingSubject: { toString(): string } | undefined;
  private steppingStarted = 0;
  private nodeTimer: ReturnType<typeof setTimeout> | undefined;
  private nodeImmediate: ReturnType<typeof setImmediate> | undefined;
  private wakeUpScheduled = false;

  /** The loop's monotonic clock, in seconds. */
  time(): number {
    return performance.now() / 1000;
  }

  /**
   * Schedules `callback(...args)` for the next iteration; callbacks run in the order they were
   * scheduled. Returns a {@link Handle} that can cancel it.
   */
  callSoon<Args extends unknown[]>(callback: (...args: Args) => unknown, ...args: Args): Handle {
    this._checkClosed();
    checkCallback(callback, "callSoon");
    const handle = new Handle(
      callback as (...args: unknown[]) => unknown,
      args.length === 0 ? undefined : args,
      this,
      this._captureContext(),
    );
    this._enqueue(handle);
    return handle;
  }

  /**
   * Like `callSoon`; safe to call from outside the loop's turn (same thread). From a worker
   * thread, use the `RemoteEventLoop` of a {@link EventLoop.threadsafeHandle} instead.
   */
  callSoonThreadsafe<Args extends unknown[]>(callback: (...args: Args) => unknown, ...args: Args): Handle {
    return this.callSoon(callback, ...args);
  }

  /**
   * A handle to this loop for another thread, as a `MessagePort` to transfer to it
   * (`new Worker(url, { workerData: { port }, transferList: [port] })`, or an argument of
   * `runInExecutor`/`toThread`, which transfer ports). There, `RemoteEventLoop.connect(port)`
   * offers `callSoonThreadsafe` and `runCoroutineThreadsafe` accepts it. Callbacks and
   * coroutines cross as a name from `functions` (closures living on this side) or as a
   * self-contained function's source text; arguments and results by structured clone.
   * The handle does not keep the process alive; it closes with the loop.
   */
  threadsafeHandle(functions: ThreadsafeFunctions = {}): MessagePort {
    return openThreadsafeHandle(this, functions);
  }

  /**
   * Runs `fn(...args)` in `executor` (`null`: the loop's default {@link ThreadPoolExecutor},
   * created on first use), as Python's `run_in_executor`, and returns a Future of the result.
   * With a ThreadPoolExecutor `fn` runs on a worker thread: it is sent as its source text (no
   * captured variables; `process.getBuiltinModule` and `import()` are fine) or given as
   * `{ module, export }`; arguments and result are structured-cloned; an error comes back with
   * its name, message and stack. Cancelling the Future cancels the call if it has not started;
   * a running call finishes and its result is dropped.
   *
   * @example
   * ```ts
   * const loop = getRunningLoop();
   * const sum = await loop.runInExecutor(null, (a: number, b: number) => a + b, 40, 2); // 42
   * ```
   */
  runInExecutor<Args extends unknown[], Result>(
    executor: Executor | null | undefined,
    fn: (...args: Args) => Result,
    ...args: Args
  ): Future<Awaited<Result>>;
  runInExecutor<Result = unknown>(
    executor: Executor | null | undefined,
    fn: WorkerModuleFunction,
    ...args: unknown[]
  ): Future<Result>;
  runInExecutor(executor: Executor | null | undefined, fn: WorkerFunction, ...args: unknown[]): Future<unknown> {
    return runInExecutor(this, executor, fn, args);
  }

  /**
   * Schedules `callback(...args)` after `delay` seconds (a negative delay is treated as 0, as
   * in Python). Returns a {@link TimerHandle}.
   */
  callLater<Args extends unknown[]>(delay: number, callback: (...args: Args) => unknown, ...args: Args): TimerHandle {
    if (delay === null || delay === undefined) throw new TypeError("delay must not be None");
    if (typeof delay !== "number") throw new TypeError(`delay must be a number, got ${typeof delay}`);
    if (Number.isNaN(delay)) throw new ValueError("delay must not be NaN");
    return this.callAt(this.time() + delay, callback, ...args);
  }

  /** Schedules `callback(...args)` at loop time `when` (seconds, as `loop.time()`). */
  callAt<Args extends unknown[]>(when: number, callback: (...args: Args) => unknown, ...args: Args): TimerHandle {
    if (when === null || when === undefined) throw new TypeError("when cannot be None");
    if (typeof when !== "number") throw new TypeError(`when must be a number, got ${typeof when}`);
    if (Number.isNaN(when)) throw new ValueError("when must not be NaN");
    this._checkClosed();
    checkCallback(callback, "callAt");
    const timer = new TimerHandle(
      when,
      this._timerSequence++,
      callback as (...args: unknown[]) => unknown,
      args.length === 0 ? undefined : args,
      this,
      this._captureContext(),
    );
    this._scheduled.push(timer);
    if (this.waiting && this._scheduled.peek() === timer) this.wakeUpAfterMicrotasks();
    return timer;
  }

  /** A new pending {@link Future} bound to this loop. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Wraps `coro` (a function of no arguments returning a promise) in a {@link Task} scheduled on
   * this loop, through the task factory if one is set.
   */
  createTask<T>(coro: Coroutine<T>, options: TaskOptions = NO_OPTIONS): Task<T> {
    this._checkClosed();
    if (this.taskFactory !== undefined) {
      const task = this.taskFactory(this, coro, options);
      if (options.name !== undefined) task.setName(options.name);
      return task;
    }
    // Without a name or context the options are only this loop: one object, not a copy per task.
    return new Task(
      coro,
      options.name === undefined &&
        options.context === undefined &&
        options.signal === undefined &&
        options.eagerStart === undefined
        ? this.ownTaskOptions
        : { ...options, loop: this },
    );
  }

  /** Sets the factory `loop.createTask` uses, or `null` for the default. */
  setTaskFactory(factory: TaskFactory | null | undefined): void {
    if (factory !== null && factory !== undefined && typeof factory !== "function") {
      throw new TypeError("task factory must be a callable or None");
    }
    this.taskFactory = factory ?? undefined;
  }

  /** The task factory, or `undefined` when the default is used. */
  getTaskFactory(): TaskFactory | undefined {
    return this.taskFactory;
  }

  /** Runs the loop until `stop()` is called. Resolves when it has stopped. */
  runForever(): Promise<void> {
    try {
      this._checkClosed();
      this._checkRunning();
    } catch (error) {
      return Promise.reject(error);
    }
    this._running = true;
    setRunningLoop(this);
    maybeServeTaskTree();
    // The loop's own turns must not run inside the store of whatever task called us.
    return taskStorage
      .exit(() => {
        this._frameScope = createLoopFrameScope();
        return this._runLoop();
      })
      .finally(() => {
        this._stopping = false;
        this._running = false;
        setRunningLoop(undefined);
      });
  }

  /**
   * Runs the loop until `future` is done and resolves with its result (rejects with its
   * error). A function is wrapped in a Task first; any other awaitable in a Future.
   */
  async runUntilComplete<T>(future: Coroutine<T> | PromiseLike<T>): Promise<T> {
    this._checkClosed();
    this._checkRunning();
    const isNew = !isFuture(future);
    const target = ensureFuture(future, { loop: this }) as Future<T>;
    const stopWhenDone = (): void => this.stop();
    target.addDoneCallback(stopWhenDone);
    try {
      await this.runForever();
    } catch (error) {
      if (isNew && target.done() && !target.cancelled()) target.exception();
      throw error;
    } finally {
      target.removeDoneCallback(stopWhenDone);
    }
    if (!target.done()) throw new RuntimeError("Event loop stopped before Future completed.");
    return target.result();
  }

  /** Stops the loop after the current iteration. */
  stop(): void {
    this._stopping = true;
    if (this.waiting) this.wakeUpAfterMicrotasks();
  }

  /** True while the loop runs. */
  isRunning(): boolean {
    return this._running;
  }

  /** True once the loop was closed. */
  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Closes the loop: pending callbacks are dropped and the default executor is shut down
   * without waiting. Throws `RuntimeError` while it runs; closing twice does nothing.
   */
  close(): void {
    if (this._running) throw new RuntimeError("Cannot close a running event loop");
    if (this._closed) return;
    if (this.debug) console.debug(`Close ${this.toString()}`);
    unretrievedExceptions.reportAtClose(this);
    this._closed = true;
    this._ready.clear();
    this._scheduled.clear();
    this._timerCancelledCount = 0;
    this.clearNodeTimer();
    const executor = this._defaultExecutor;
    this._defaultExecutor = undefined;
    if (executor !== undefined) void Promise.resolve(executor.shutdown(false)).catch(() => undefined);
    closeThreadsafeHandles(this);
    io.releaseLoopResources(this);
    loopClosed(this);
  }

  /** Sets the executor `runInExecutor(null, ...)` uses: a `ThreadPoolExecutor` (`TypeError` otherwise, as Python). */
  setDefaultExecutor(executor: Executor): void {
    checkDefaultExecutor(executor);
    this._defaultExecutor = executor;
  }

  /**
   * Shuts the default executor down and waits for it (at most `timeout` seconds, then warns);
   * afterwards `runInExecutor(null, ...)` throws `RuntimeError`, as in Python.
   */
  async shutdownDefaultExecutor(timeout: number | null = null): Promise<void> {
    this._executorShutdownCalled = true;
    const executor = this._defaultExecutor;
    this._defaultExecutor = undefined;
    if (executor !== undefined) await shutdownExecutor(executor, timeout);
  }

  /** Sets the handler of errors nobody else handles (`null` restores the default). */
  setExceptionHandler(handler: ExceptionHandler | null | undefined): void {
    if (handler !== null && handler !== undefined && typeof handler !== "function") {
      throw new TypeError(`A callable object or None is expected, got ${String(handler)}`);
    }
    this.exceptionHandler = handler ?? undefined;
  }

  /** The custom exception handler, or `undefined`. */
  getExceptionHandler(): ExceptionHandler | undefined {
    return this.exceptionHandler;
  }

  /** Logs `context` to the console, as Python's default handler logs it. */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || "Unhandled exception in event loop"];
    for (const [key, value] of Object.entries(context)) {
      if (key === "message" || key === "exception") continue;
      lines.push(`${key}: ${describeValue(value)}`);
    }
    if ("exception" in context) {
      const error = context.exception;
      lines.push(error instanceof Error && error.stack ? error.stack : String(error));
    }
    console.error(lines.join("\n"));
  }

  /** Hands `context` to the custom exception handler, or to the default one. */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.exceptionHandler;
    if (handler === undefined) {
      try {
        this.defaultExceptionHandler(context);
      } catch (error) {
        console.error("Exception in default exception handler", error);
      }
      return;
    }
    try {
      handler(this, context);
    } catch (error) {
      try {
        this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception: error, context });
      } catch (inner) {
        console.error(
          "Exception in default exception handler while handling an unexpected error in custom exception handler",
          inner,
        );
      }
    }
  }

  /** Turns debug mode on or off (slow callbacks are logged, pending tasks destroyed are reported). */
  setDebug(enabled: boolean): void {
    this.debug = Boolean(enabled);
    this._tasks.setWeak(this.debug, this);
  }

  /** True in debug mode. */
  getDebug(): boolean {
    return this.debug;
  }

  /**
   * Resolves `host` and `port`, as Python's `loop.getaddrinfo`: a Future of
   * `[family, type, proto, canonname, sockaddr]` tuples. An unknown host fails with
   * `GaiError` (Python's `socket.gaierror`).
   */
  getaddrinfo(
    host: string | null | undefined,
    port: number | string | null | undefined,
    options?: io.GetaddrinfoOptions,
  ): Future<AddressInfo[]> {
    return io.getaddrinfo(this, host, port, options);
  }

  /**
   * Opens a TCP connection (TLS with `ssl`), as Python's `loop.create_connection`: resolves
   * `host`, tries each address (staggered with `happyEyeballsDelay`), and resolves with
   * `[transport, protocol]` once `protocol.connectionMade(transport)` was called.
   *
   * @example
   * ```ts
   * const [transport, protocol] = await loop.createConnection(() => new MyProtocol(), "127.0.0.1", 8888);
   * ```
   */
  createConnection<P extends BaseProtocol>(
    protocolFactory: () => P,
    host?: string | null,
    port?: number | string | null,
    options?: io.CreateConnectionOptions,
  ): Future<[Transport, P]> {
    return io.createConnection(this, protocolFactory, host, port, options);
  }

  /**
   * Listens on `host` (a name, a list, or `null`/`""` for every interface) and `port` (0 for
   * an ephemeral one), as Python's `loop.create_server`; each connection gets a protocol from
   * `protocolFactory`. Resolves with the {@link Server}.
   */
  createServer(
    protocolFactory: () => BaseProtocol,
    host?: string | readonly string[] | null,
    port?: number | string | null,
    options?: io.CreateServerOptions,
  ): Future<Server> {
    return io.createServer(this, protocolFactory, host, port, options);
  }

  /** Opens a Unix socket connection to `path`, as Python's `loop.create_unix_connection`. */
  createUnixConnection<P extends BaseProtocol>(
    protocolFactory: () => P,
    path?: string | null,
    options?: io.CreateUnixConnectionOptions,
  ): Future<[Transport, P]> {
    return io.createUnixConnection(this, protocolFactory, path, options);
  }

  /** Listens on the Unix socket `path`, as Python's `loop.create_unix_server`. */
  createUnixServer(
    protocolFactory: () => BaseProtocol,
    path?: string | null,
    options?: io.CreateUnixServerOptions,
  ): Future<Server> {
    return io.createUnixServer(this, protocolFactory, path, options);
  }

  /**
   * Opens a UDP endpoint, as Python's `loop.create_datagram_endpoint(factory, local_addr,
   * remote_addr, ...)`: call it as `(factory, localAddr, remoteAddr, options)` or
   * `(factory, { localAddr, remoteAddr, ... })`.
   */
  createDatagramEndpoint<P extends DatagramProtocol>(
    protocolFactory: () => P,
    localAddr?: readonly [string | null, number | string | null] | io.CreateDatagramEndpointOptions | null,
    remoteAddr?: readonly [string | null, number | string | null] | null,
    options: io.CreateDatagramEndpointOptions = {},
  ): Future<[DatagramTransport, P]> {
    if (localAddr !== null && localAddr !== undefined && !Array.isArray(localAddr)) {
      return io.createDatagramEndpoint(this, protocolFactory, localAddr as io.CreateDatagramEndpointOptions);
    }
    return io.createDatagramEndpoint(this, protocolFactory, {
      ...options,
      localAddr:
        (localAddr as readonly [string | null, number | string | null] | null | undefined) ?? options.localAddr,
      remoteAddr: remoteAddr ?? options.remoteAddr,
    });
  }

  /** Reads `pipe` (a Node Readable or a file descriptor) through a protocol, as Python's `loop.connect_read_pipe`. */
  connectReadPipe<P extends BaseProtocol>(protocolFactory: () => P, pipe: io.ReadPipe): Future<[ReadTransport, P]> {
    return io.connectReadPipe(this, protocolFactory, pipe);
  }

  /** Writes to `pipe` (a Node Writable or a file descriptor) through a transport, as Python's `loop.connect_write_pipe`. */
  connectWritePipe<P extends BaseProtocol>(protocolFactory: () => P, pipe: io.WritePipe): Future<[WriteTransport, P]> {
    return io.connectWritePipe(this, protocolFactory, pipe);
  }

  /**
   * Upgrades `transport` to TLS, as Python's `loop.start_tls`; resolves with the new transport
   * (the old one must not be used any more). `protocol` keeps receiving the data.
   */
  startTls(
    transport: Transport,
    protocol: BaseProtocol,
    sslcontext: io.SSLOption,
    options?: io.StartTlsOptions,
  ): Future<Transport> {
    return io.startTls(this, transport, protocol, sslcontext, options);
  }

  /**
   * Runs `callback(...args)` in the loop whenever the process gets `sig` (a number such as
   * `os.constants.signals.SIGTERM`, or a name such as `"SIGTERM"`), as Python's
   * `loop.add_signal_handler`. Replaces this loop's previous handler of `sig`.
   */
  addSignalHandler<Args extends unknown[]>(
    sig: number | NodeJS.Signals,
    callback: (...args: Args) => unknown,
    ...args: Args
  ): void {
    io.addSignalHandler(this, sig, callback, args);
  }

  /** Removes the handler of `sig`; returns whether there was one. */
  removeSignalHandler(sig: number | NodeJS.Signals): boolean {
    return io.removeSignalHandler(this, sig);
  }

  /**
   * Runs `program` with `args` in a child process, as Python's `loop.subprocess_exec`, and
   * resolves with `[transport, protocol]` once `protocol.connectionMade(transport)` was called.
   * A trailing object is the options (`stdin`, `stdout`, `stderr`: each `PIPE` by default;
   * `cwd`, `env`, ...). A program that cannot be started fails with Python's error
   * (`FileNotFoundError: [Errno 2] No such file or directory: 'nope'`).
   *
   * @example
   * ```ts
   * const [transport, protocol] = await loop.subprocessExec(() => new MyProtocol(), "ls", "-l", { stdin: DEVNULL });
   * ```
   */
  subprocessExec<P extends subprocessIo.SubprocessProtocol>(
    protocolFactory: () => P,
    program: string | URL,
    ...args: Array<string | URL | subprocessIo.SubprocessOptions>
  ): Future<[subprocessIo.SubprocessTransport, P]> {
    const [rest, options] = subprocessIo.splitArguments(args);
    return subprocessIo.subprocessExec(this, protocolFactory, program, rest, options);
  }

  /**
   * Runs the command line `cmd` with `/bin/sh -c`, as Python's `loop.subprocess_shell`; as
   * {@link subprocessExec} otherwise.
   */
  subprocessShell<P extends subprocessIo.SubprocessProtocol>(
    protocolFactory: () => P,
    cmd: string,
    options: subprocessIo.SubprocessOptions = {},
  ): Future<[subprocessIo.SubprocessTransport, P]> {
    return subprocessIo.subprocessShell(this, protocolFactory, cmd, options);
  }

  toString(): string {
    return `<EventLoop running=${this._running} closed=${this._closed} debug=${this.debug}>`;
  }

  /** @internal the context a user callback captures: none until a ContextVar is used. */
  _captureContext(): Context | undefined {
    return captureContext();
  }

  /**
   * @internal loop time in whole milliseconds, for a task's creation: inside an iteration, one
   * clock read shared by every task the iteration creates (and none in an iteration that creates
   * none); outside, now
   */
  _creationMilliseconds(): number {
    if (!this._running || this.waiting) return Math.floor(this.time() * 1000);
    if (this.iterationMilliseconds < 0) this.iterationMilliseconds = Math.floor(this.time() * 1000);
    return this.iterationMilliseconds;
  }

  /** @internal an I/O, worker or subprocess operation of this loop began */
  _operationStarted(): void {
    this._outstandingOperations++;
  }

  /** @internal the operation ended */
  _operationFinished(): void {
    if (--this._outstandingOperations === 0) this._reconsiderWait();
  }

  /**
   * @internal nothing outstanding any more (no operation, no task in a foreign await): a loop
   * whose clock depends on that (VirtualTimeLoop) wakes to choose its wait again
   */
  _reconsiderWait(): void {}

  /** @internal wakes the loop if it waits, so that it starts its wait anew */
  _wakeIfWaiting(): void {
    if (this.waiting) this.wakeUpAfterMicrotasks();
  }

  /**
   * @internal how many real milliseconds the loop waits for its next timer, due in `timeout`
   * seconds of its clock; 0 waits for one turn of Node's loop (VirtualTimeLoop's jump)
   */
  _waitMilliseconds(timeout: number): number {
    return Math.ceil(timeout * 1000);
  }

  /** @internal the loop stops waiting, before it collects what is due: VirtualTimeLoop moves its clock here */
  _waitEnded(): void {}

  /** @internal */
  _timerHandleCancelled(): void {
    this._timerCancelledCount++;
  }

  /** @internal */
  _checkClosed(): void {
    if (this._closed) throw new RuntimeError("Event loop is closed");
  }

  /** @internal */ private _checkRunning(): void {
    if (this._running) throw new RuntimeError("This event loop is already running");
    if (peekRunningLoop() !== undefined) {
      throw new RuntimeError("Cannot run the event loop while another loop is running");
    }
  }

  /** @internal schedules an item for the next iteration. */
  _enqueue(item: ReadyItem): void {
    this._ready.push(item);
    if (this.waiting) this.wakeUpAfterMicrotasks();
  }

  /**
   * @internal Runs iterations until `stop()`. The loop is a state machine, not an async function: its
   * waits for a woken task's microtask turns are `then` callbacks on one settled promise, which
   * cost V8 less memory and time than an `await` would, and a task step takes two or three of
   * them.
   */
  private _runLoop(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.runnerSettled = { resolve, reject };
      this.sliceStart = performance.now();
      this.remaining = 0;
      if (this.beginIteration()) this.drive();
    });
  }

  /**
   * Runs the rest of the current iteration, then the next ones, until the loop must wait: for
   * work, for Node's I/O, or for a task's step. Every way in starts an iteration first.
   */
  private drive(): void {
    try {
      for (;;) {
        while (this.remaining > 0) {
          this.remaining--;
          const handle = this._ready.shift() as ReadyItem;
          if (handle._cancelled) continue;
          // Debug mode times the task steps this item starts too: they run in the turns below.
          const subject = this.debug ? (handle._stepSubject?.() ?? handle) : undefined;
          const started = subject !== undefined ? this.time() : 0;
          handle._run();
          if (this._steppingCount > 0) {
            // Let the tasks this callback woke run to their next suspension before the next
            // callback, so task steps and callbacks interleave as in CPython.
            this.stepTurns = 0;
            this.steppingSubject = subject;
            this.steppingStarted = started;
            SETTLED.then(this.onStepTurn);
            return;
          }
          if (subject !== undefined) this.reportIfSlow(subject, started);
        }
        if (this._stopping) {
          this.settleRunner(false, undefined);
          return;
        }
        if (!this.beginIteration()) return;
      }
    } catch (error) {
      this.settleRunner(true, error);
    }
  }

  private settleRunner(failed: boolean, error: unknown): void {
    const settled = this.runnerSettled;
    this.runnerSettled = undefined;
    if (failed) settled?.reject(error);
    else settled?.resolve();
  }

  /** Starts an iteration; false when the loop waits first (and resumes by itself). */
  private beginIteration(): boolean {
    if (this._scheduled.size > 0) this.pruneCancelledTimers();
    if (this._ready.length === 0 && !this._stopping) {
      const timeout = this.nextTimeout();
      if (timeout > 0) {
        this.waitForWork(timeout);
        return false;
      }
    } else if (performance.now() - this.sliceStart > SLICE_MILLISECONDS) {
      setImmediate(this.onSliceImmediate);
      return false;
    }
    this.collectReady();
    return true;
  }

  /** The rest of an iteration's start, also after a wait: what is due now is this iteration's work. */
  private collectReady(): void {
    this.iterationMilliseconds = -1;
    this.collectDueTimers();
    this.remaining = this._ready.length;
  }

  private readonly onStepTurn = (): void => {
    if (this._steppingCount > 0 && ++this.stepTurns < MAXIMUM_STEP_TURNS) {
      SETTLED.then(this.onStepTurn);
      return;
    }
    if (this._steppingCount > 0) {
      // The tasks still stepping await something foreign; each leaves that count at its next step.
      this._foreignSteps += this._steppingCount;
      this._steppingEpoch++;
      this._steppingCount = 0;
    }
    const subject = this.steppingSubject;
    if (subject !== undefined) {
      this.steppingSubject = undefined;
      try {
        this.reportIfSlow(subject, this.steppingStarted);
      } catch (error) {
        this.settleRunner(true, error);
        return;
      }
    }
    this.drive();
  };

  private readonly onSliceImmediate = (): void => {
    this.sliceStart = performance.now();
    this.collectReady();
    this.drive();
  };

  /** Python's slow-callback warning; a task step names the task (with its creation site). */
  private reportIfSlow(subject: { toString(): string }, started: number): void {
    const duration = this.time() - started;
    if (duration >= this.slowCallbackDuration) {
      console.warn(`Executing ${subject.toString()} took ${duration.toFixed(3)} seconds`);
    }
  }

  private pruneCancelledTimers(): void {
    const heap = this._scheduled;
    if (
      heap.size > MINIMUM_SCHEDULED_TIMER_HANDLES &&
      this._timerCancelledCount / heap.size > MINIMUM_CANCELLED_TIMER_HANDLES_FRACTION
    ) {
      heap.retain((timer) => {
        if (!timer._cancelled) return true;
        timer._scheduled = false;
        return false;
      });
      this._timerCancelledCount = 0;
    }
    for (let top = heap.peek(); top?._cancelled; top = heap.peek()) {
      heap.pop();
      top._scheduled = false;
      this._timerCancelledCount--;
    }
  }

  /** Seconds until the earliest live timer (the heap's head is live); Infinity when there is none. */
  private nextTimeout(): number {
    const next = this._scheduled.peek();
    if (next === undefined) return Infinity;
    return Math.max(0, next.deadline - this.time());
  }

  private collectDueTimers(): void {
    const heap = this._scheduled;
    if (heap.size === 0) return;
    const endTime = this.time() + this._clockResolution;
    for (let top = heap.peek(); top !== undefined && top.deadline < endTime; top = heap.peek()) {
      heap.pop();
      top._scheduled = false;
      if (top._cancelled) this._timerCancelledCount--;
      else this._ready.push(top);
    }
  }

  private waitForWork(timeout: number): void {
    this.waiting = true;
    this._ready.releaseSpare();
    if (this.debug && timeout === Infinity) this._idleSince = this.time();
    if (timeout !== Infinity) {
      const milliseconds = Math.min(MAXIMUM_NODE_TIMER_MILLISECONDS, this._waitMilliseconds(timeout));
      if (milliseconds > 0) this.nodeTimer = setTimeout(this.onNodeTimer, milliseconds);
      else this.nodeImmediate = setImmediate(this.onNodeTimer);
    }
  }

  private readonly onNodeTimer = (): void => {
    this.nodeTimer = undefined;
    this.nodeImmediate = undefined;
    this.wakeUp();
  };

  /**
   * Work arrived from outside the loop's turn (an I/O callback, a task resuming from a foreign
   * promise). Resume only once the microtasks queued now have run: a task in the middle of a
   * step (about to register its next await) finishes that step first, as in CPython, where a
   * step is never interleaved with the loop.
   */
  private wakeUpAfterMicrotasks(): void {
    if (this.wakeUpScheduled) return;
    this.wakeUpScheduled = true;
    setImmediate(this.onWakeUpImmediate);
  }

  // The immediate may have been set from inside a task (an I/O callback in its frame): the
  // loop's own turn must run outside every frame, as after an await in the loop's scope.
  private readonly onWakeUpImmediate = (): void => {
    this.wakeUpScheduled = false;
    if (this.waiting) this._frameScope.resume(this.wakeUp);
  };

  private readonly wakeUp = (): void => {
    if (!this.waiting) return;
    this.waiting = false;
    this._idleSince = -1;
    this.clearNodeTimer();
    this._waitEnded();
    this.sliceStart = performance.now();
    this.collectReady();
    this.drive();
  };

  private clearNodeTimer(): void {
    if (this.nodeTimer !== undefined) {
      clearTimeout(this.nodeTimer);
      this.nodeTimer = undefined;
    }
    if (this.nodeImmediate !== undefined) {
      clearImmediate(this.nodeImmediate);
      this.nodeImmediate = undefined;
    }
  }
}

function checkCallback(callback: unknown, method: string): void {
  if (typeof callback !== "function") {
    throw new TypeError(`a callable object was expected by ${method}(), got ${describeValue(callback)}`);
  }
  if (callback instanceof AsyncFunction) {
    throw new TypeError(`coroutines cannot be used with ${method}()`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null && typeof (value as object).toString === "function") {
    return String(value);
  }
  return String(value);
}

registerLoopFactory(() => new EventLoop());
