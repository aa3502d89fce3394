import { copyContext, type Context } from "./context.js";
import type { Coroutine } from "./coroutine.js";
import type { EventLoop } from "./event-loop.js";
import { isCancelledError } from "./exceptions/cancelled-error.js";
import { KeyboardInterrupt } from "./exceptions/keyboard-interrupt.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { ValueError } from "./exceptions/value-error.js";
import { peekRunningLoop } from "./internal/loop-state.js";
import { exitBySigintWhenUncaught, holdProcess } from "./internal/process-hold.js";
import { waitAll } from "./internal/wait-all.js";
import { allTasks } from "./all-tasks.js";
import { newEventLoop, setEventLoop } from "./running-loop.js";
import type { Task } from "./task.js";
import { nodeWorkerThreads } from "./internal/node-builtins.js";

/** Options of {@link Runner} and `run`. */
export interface RunnerOptions {
  /** Run the loop in debug mode (`true`/`false`); by default it is left as the loop has it. */
  readonly debug?: boolean;
  /** Makes the loop (default `newEventLoop`). */
  readonly loopFactory?: () => EventLoop;
}

/** Options of {@link Runner.run}. */
export interface RunnerRunOptions {
  /** The contextvars Context the task runs in (default: the runner's). */
  readonly context?: Context | undefined;
  /** Cancels the task when aborted, with the signal's reason as the cancel message: `run` then rejects with `CancelledError`. */
  readonly signal?: AbortSignal | undefined;
}

const THREAD_JOIN_TIMEOUT_SECONDS = 300;

const enum RunnerState {
  Created,
  Initialized,
  Closed,
}

/**
 * Runs async functions on one event loop it owns, as `asyncio.Runner`: every `run` shares the
 * loop and the contextvars Context. `close()` cancels leftover tasks and waits for them,
 * shuts the default executor down and closes the loop. While a `run` is under way, Ctrl-C
 * (SIGINT) cancels the main task, and `run` then rejects with `KeyboardInterrupt`.
 *
 * @example
 * ```ts
 * await new Runner().with(async (runner) => {
 *   await runner.run(async () => console.log("first"));
 *   await runner.run(async () => console.log("second, same loop"));
 * });
 * ```
 */
export class Runner {
  private state = RunnerState.Created;
  private loop: EventLoop | undefined;
  private context: Context | undefined;
  private interruptCount = 0;
  private setAsCurrentLoop = false;
  private readonly debug: boolean | undefined;
  private readonly loopFactory: (() => EventLoop) | undefined;

  constructor(options: RunnerOptions = {}) {
    this.debug = options.debug;
    this.loopFactory = options.loopFactory;
  }

  /**
   * Runs `coro` to completion on the runner's loop and resolves with its result (rejects with
   * its error). Rejects with `RuntimeError` when called while a loop runs.
   */
  async run<T>(coro: Coroutine<T>, options: RunnerRunOptions = {}): Promise<T> {
    if (typeof coro !== "function") throw new ValueError(`a coroutine was expected, got ${describe(coro)}`);
    if (peekRunningLoop() !== undefined) {
      throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    }
    const loop = this.lazyInit();
    const task = loop.createTask(coro, { context: options.context ?? this.context, signal: options.signal });
    const removeInterruptHandler = this.installInterruptHandler(task);
    const release = holdProcess(loop, task);
    try {
      return await loop.runUntilComplete(task);
    } catch (error) {
      if (isCancelledError(error) && this.interruptCount > 0 && task.uncancel() === 0) {
        exitBySigintWhenUncaught();
        throw new KeyboardInterrupt();
      }
      throw error;
    } finally {
      release();
      removeInterruptHandler();
    }
  }

  /**
   * Cancels the loop's remaining tasks and waits for them (their errors go to the exception
   * handler), shuts the default executor down, and closes the loop.
   */
  async close(): Promise<void> {
    if (this.state !== RunnerState.Initialized) return;
    const loop = this.loop as EventLoop;
    // The clean-up waits as Python's blocks: leftover tasks may await outside events.
    const release = holdProcess(loop, undefined);
    try {
      await cancelAllTasks(loop);
      // Python 3.12 waits at most THREAD_JOIN_TIMEOUT (300 s) for the executor's threads.
      await loop.runUntilComplete(() => loop.shutdownDefaultExecutor(THREAD_JOIN_TIMEOUT_SECONDS));
    } finally {
      release();
      if (this.setAsCurrentLoop) setEventLoop(null);
      loop.close();
      this.loop = undefined;
      this.state = RunnerState.Closed;
    }
  }

  /** The runner's loop, created on first use. */
  getLoop(): EventLoop {
    return this.lazyInit();
  }

  /** Python's `with Runner() as runner:`: runs `body`, then closes the runner whatever happened. */
  async with<R>(body: (runner: Runner) => PromiseLike<R> | R): Promise<R> {
    this.lazyInit();
    try {
      return await body(this);
    } finally {
      await this.close();
    }
  }

  /** `await using runner = new Runner()` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private lazyInit(): EventLoop {
    if (this.state === RunnerState.Closed) throw new RuntimeError("Runner is closed");
    if (this.state === RunnerState.Initialized) return this.loop as EventLoop;
    const loop = this.loopFactory === undefined ? newEventLoop() : this.loopFactory();
    if (this.loopFactory === undefined) {
      setEventLoop(loop);
      this.setAsCurrentLoop = true;
    }
    if (this.debug !== undefined) loop.setDebug(this.debug);
    this.loop = loop;
    this.context = copyContext();
    this.state = RunnerState.Initialized;
    return loop;
  }

  private installInterruptHandler(task: Task<unknown>): () => void {
    if (!nodeWorkerThreads().isMainThread || process.listenerCount("SIGINT") > 0) return () => {};
    this.interruptCount = 0;
    const onInterrupt = (): void => {
      this.interruptCount++;
      if (this.interruptCount === 1 && !task.done()) {
        task.cancel();
        return;
      }
      // A second Ctrl-C: stop waiting for a clean exit, as Python raises KeyboardInterrupt.
      process.removeListener("SIGINT", onInterrupt);
      process.kill(process.pid, "SIGINT");
    };
    process.on("SIGINT", onInterrupt);
    return () => process.removeListener("SIGINT", onInterrupt);
  }
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(waitAll(loop, toCancel));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const error = task.exception();
    if (error !== undefined) {
      loop.callExceptionHandler({
        message: "unhandled exception during asyncio.run() shutdown",
        exception: error,
        task,
      });
    }
  }
}

function describe(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function") {
    return "a promise (pass a function that returns it, e.g. () => main())";
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
