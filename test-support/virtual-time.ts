// Running a test's main function on a VirtualTimeLoop: ordering by virtual deadlines, whatever
// the machine's speed or load.
import { Runner, VirtualTimeLoop, run, type Coroutine, type RunnerOptions } from "@asyncio-ts/core";

/** Options for `run`/`Runner` that make the loop a VirtualTimeLoop. */
export const virtualTime: RunnerOptions = { loopFactory: () => new VirtualTimeLoop() };

/** `run(main, options)` on a VirtualTimeLoop. */
export function runVirtual<T>(main: Coroutine<T>, options: Omit<RunnerOptions, "loopFactory"> = {}): Promise<T> {
  return run(main, { ...options, loopFactory: () => new VirtualTimeLoop() });
}

/** A Runner on a VirtualTimeLoop. */
export function virtualRunner(options: Omit<RunnerOptions, "loopFactory"> = {}): Runner {
  return new Runner({ ...options, loopFactory: () => new VirtualTimeLoop() });
}
