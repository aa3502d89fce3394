import type { SubprocessOptions } from "@asyncio-ts/core";

/**
 * The options of {@link createSubprocessExec} and {@link createSubprocessShell}: where the
 * child's `stdin`, `stdout` and `stderr` go (`PIPE`, `DEVNULL`, `STDOUT` for stderr, a file
 * descriptor, a stream, or `null`/left out to inherit the parent's, as Python's `None`), the
 * buffer `limit` of the `StreamReader`s, and `cwd`, `env` and the other `Popen` options.
 */
export interface CreateSubprocessOptions extends SubprocessOptions {
  /** The buffer limit of the stdout and stderr `StreamReader`s, in bytes (default 64 KiB). */
  readonly limit?: number;
}
