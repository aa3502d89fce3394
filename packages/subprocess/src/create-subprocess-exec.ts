import { callCoroutine, getRunningLoop, type Future } from "@asyncio-ts/core";
import type { CreateSubprocessOptions } from "./create-subprocess-options.js";
import { checkedLimit, loopOptions, splitOptions } from "./internal/options.js";
import { SubprocessStreamProtocol } from "./internal/subprocess-stream-protocol.js";
import { Process } from "./process.js";

/**
 * Runs `program` with `args` in a child process, as Python's
 * `asyncio.create_subprocess_exec`, and resolves with its {@link Process}. A trailing object
 * is the options (`stdin`, `stdout`, `stderr`, `limit`, `cwd`, `env`, ...). No shell is
 * involved: each argument reaches the program as it is.
 *
 * A program that cannot be started fails as in Python: `FileNotFoundError` (`errno` 2, `code`
 * `"ENOENT"`, `filename` the program, message `"[Errno 2] No such file or directory: 'nope'"`),
 * `PermissionError`, ...
 *
 * @example
 * ```ts
 * import { run, createSubprocessExec, PIPE } from "asyncio-ts";
 *
 * await run(async () => {
 *   const proc = await createSubprocessExec("ls", "-l", "/", { stdout: PIPE });
 *   const [stdout] = await proc.communicate();
 *   console.log(proc.returncode, stdout?.toString());
 * });
 * ```
 */
export function createSubprocessExec<const Options extends CreateSubprocessOptions>(
  program: string | URL,
  ...args: [...Array<string | URL>, Options]
): Future<Process<Options>>;
export function createSubprocessExec(program: string | URL, ...args: Array<string | URL>): Future<Process<{}>>;
export function createSubprocessExec(
  program: string | URL,
  ...args: Array<string | URL | CreateSubprocessOptions>
): Future<Process> {
  const loop = getRunningLoop();
  const [rest, options] = splitOptions(args);
  return callCoroutine(async () => {
    const limit = checkedLimit(options);
    const [transport, protocol] = await loop.subprocessExec(
      () => new SubprocessStreamProtocol(limit, loop),
      program,
      ...(rest as Array<string | URL>),
      loopOptions(options),
    );
    return new Process(transport, protocol, loop);
  }, loop);
}
