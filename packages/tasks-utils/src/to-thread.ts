import { getRunningLoop, isCancelledError, type Future, type WorkerModuleFunction } from "@asyncio-ts/core";

/**
 * The options form of {@link toThread}: `toThread({ target, args, signal })`, named as Python's
 * `threading.Thread(target=..., args=...)`.
 */
export interface ToThreadOptions<Args extends unknown[] = unknown[], Result = unknown> {
  /** What runs on the worker thread: a self-contained function, or `{ module, export }`. */
  readonly target: ((...args: Args) => Result) | WorkerModuleFunction;
  /** Its arguments (default none), sent by structured clone. */
  readonly args?: Args;
  /**
   * Cancels the returned Future when aborted, with the signal's reason as the cancel message
   * (a signal aborted already cancels it at once): a call not started yet never runs.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `fn(...args)` on a worker thread of the running loop's default executor (a
 * `ThreadPoolExecutor`) and returns a Future of its result, as Python's `asyncio.to_thread`.
 * Throws `RuntimeError` when no loop is running.
 *
 * What can be sent, since a JavaScript function cannot take its closure to another thread:
 * - `fn` travels as its source text and is rebuilt in the worker: it must be self-contained
 *   (its parameters, globals, `process.getBuiltinModule()` and `await import(...)`; no
 *   variable of the scope it was written in, which fails with a `ReferenceError` saying so).
 *   It may be async: the worker awaits it. A bare `import("pkg")` there resolves from the
 *   current working directory: pass `import.meta.resolve("pkg")` as an argument to be
 *   independent of it. Built-in and bound functions have no source text
 *   (`TypeError`): wrap them. For real code with imports, pass `{ module, export }` instead:
 *   the worker imports that module (a URL such as `new URL("./work.js", import.meta.url)`, an
 *   absolute path, or a package name) and calls the export.
 * - Arguments and the result are structured-cloned (no functions; class instances arrive as
 *   plain objects); a `SharedArrayBuffer` is shared; a `MessagePort` argument is transferred
 *   (pass `loop.threadsafeHandle()` to call back into the loop).
 * - An error comes back with its class name, `message`, `stack` (the worker's) and `cause`.
 * - Python also runs `fn` in a copy of the current contextvars Context. A Context cannot cross
 *   threads, so `ContextVar` values are not visible in the worker: pass what `fn` needs as
 *   arguments.
 *
 * Cancelling the awaiting task throws `CancelledError` at its `await` at once; a call that has
 * not started yet never runs, a running one finishes on its thread and its result is dropped.
 * The options form, `toThread({ target, args, signal })`, takes an `AbortSignal` whose abort
 * cancels the returned Future in the same way.
 *
 * @example
 * ```ts
 * import { run, toThread } from "asyncio-ts";
 *
 * await run(async () => {
 *   const digest = await toThread(async (text: string) => {
 *     const { createHash } = await import("node:crypto");
 *     return createHash("sha256").update(text).digest("hex");
 *   }, "hello");
 *   console.log(digest);
 * });
 * ```
 */
export function toThread<Args extends unknown[], Result>(
  fn: (...args: Args) => Result,
  ...args: Args
): Future<Awaited<Result>>;
export function toThread<Result = unknown>(fn: WorkerModuleFunction, ...args: unknown[]): Future<Result>;
export function toThread<Args extends unknown[], Result>(
  options: ToThreadOptions<Args, Result> & { readonly target: (...args: Args) => Result },
): Future<Awaited<Result>>;
export function toThread<Result = unknown>(options: ToThreadOptions<unknown[], Result>): Future<Result>;
export function toThread(
  fn: ((...args: unknown[]) => unknown) | WorkerModuleFunction | ToThreadOptions,
  ...args: unknown[]
): Future<unknown> {
  const loop = getRunningLoop();
  if (fn === null || typeof fn !== "object" || !("target" in fn)) {
    return loop.runInExecutor(null, fn as WorkerModuleFunction, ...args);
  }
  const { target, args: targetArgs = [], signal } = fn;
  if (!Array.isArray(targetArgs)) throw new TypeError(`args must be an array, not ${typeof targetArgs}`);
  checkSignal(signal);
  const future = loop.runInExecutor(null, target as WorkerModuleFunction, ...targetArgs);
  if (signal === undefined) return future;
  if (signal.aborted) {
    future.cancel(cancelMessageOf(signal.reason));
    return future;
  }
  const onAbort = (): void => {
    future.cancel(cancelMessageOf(signal.reason));
  };
  signal.addEventListener("abort", onAbort, { once: true });
  // Done (or cancelled): the signal must not keep the future.
  future.addDoneCallback(() => signal.removeEventListener("abort", onAbort));
  return future;
}

function checkSignal(signal: unknown): asserts signal is AbortSignal | undefined {
  if (signal === undefined) return;
  if (
    signal === null ||
    typeof signal !== "object" ||
    typeof (signal as AbortSignal).aborted !== "boolean" ||
    typeof (signal as AbortSignal).addEventListener !== "function"
  ) {
    throw new TypeError(`signal must be an AbortSignal, not ${signal === null ? "null" : typeof signal}`);
  }
}

/** A signal aborted by a cancel of the library has a CancelledError as reason: its message carries on. */
function cancelMessageOf(reason: unknown): unknown {
  return isCancelledError(reason) ? (reason as Error).message || undefined : reason;
}
