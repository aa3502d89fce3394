import { getRunningLoop, type Future, type WorkerModuleFunction } from "@asyncio-ts/core";

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
export function toThread(
  fn: ((...args: unknown[]) => unknown) | WorkerModuleFunction,
  ...args: unknown[]
): Future<unknown> {
  const loop = getRunningLoop();
  return loop.runInExecutor(null, fn as WorkerModuleFunction, ...args);
}
