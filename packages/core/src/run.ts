import type { Coroutine } from "./coroutine.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { peekRunningLoop } from "./internal/loop-state.js";
import { Runner, type RunnerOptions } from "./runner.js";

/** Options of {@link run}: the {@link Runner}'s, and the main task's `signal`. */
export interface RunOptions extends RunnerOptions {
  /** Cancels the main task when aborted, with the signal's reason as the cancel message: `run` then rejects with `CancelledError`. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `main` on a new event loop and closes it, as `asyncio.run`: resolves with main's result
 * or rejects with its error. Leftover tasks are cancelled and awaited, the default executor is
 * shut down, and the loop is closed. Ctrl-C cancels `main`, and `run` then rejects with
 * `KeyboardInterrupt`; left uncaught, it ends the process by SIGINT (status 130), as in Python.
 * Until main ends, the process stays alive (a main waiting for a signal gets it), as Python's
 * `asyncio.run` blocks.
 *
 * @example
 * ```ts
 * import { run, sleep } from "@asyncio-ts/core";
 *
 * const answer = await run(async () => {
 *   await sleep(0.1);
 *   return 42;
 * });
 * ```
 */
export async function run<T>(main: Coroutine<T>, options: RunOptions = {}): Promise<T> {
  if (peekRunningLoop() !== undefined) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  const runner = new Runner(options);
  try {
    return await runner.run(main, { signal: options.signal });
  } finally {
    await runner.close();
  }
}
