import { callCoroutine, getRunningLoop, type Future } from "@asyncio-ts/core";
import type { CreateSubprocessOptions } from "./create-subprocess-options.js";
import { checkedLimit, loopOptions } from "./internal/options.js";
import { SubprocessStreamProtocol } from "./internal/subprocess-stream-protocol.js";
import { Process } from "./process.js";

/**
 * Runs the command line `cmd` with the shell (`/bin/sh -c cmd`), as Python's
 * `asyncio.create_subprocess_shell`, and resolves with its {@link Process}. The options are
 * those of {@link createSubprocessExec}. Quote what goes into `cmd` yourself: the shell
 * interprets it.
 *
 * @example
 * ```ts
 * import { run, createSubprocessShell, PIPE } from "asyncio-ts";
 *
 * await run(async () => {
 *   const proc = await createSubprocessShell("printf 'b\\na\\n' | sort", { stdout: PIPE });
 *   const [stdout] = await proc.communicate();
 *   console.log(stdout?.toString()); // "a\nb\n"
 * });
 * ```
 */
export function createSubprocessShell<const Options extends CreateSubprocessOptions = {}>(
  cmd: string,
  options?: Options,
): Future<Process<Options>>;
export function createSubprocessShell(cmd: string, options: CreateSubprocessOptions = {}): Future<Process> {
  const loop = getRunningLoop();
  return callCoroutine(async () => {
    const limit = checkedLimit(options);
    const [transport, protocol] = await loop.subprocessShell(
      () => new SubprocessStreamProtocol(limit, loop),
      cmd,
      loopOptions(options),
    );
    return new Process(transport, protocol, loop);
  }, loop);
}
