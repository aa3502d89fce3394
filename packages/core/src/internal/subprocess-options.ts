// The options of loop.subprocessExec / loop.subprocessShell (Python's Popen keywords that
// make sense on Node), shared with the subprocess package.
import type { Stream } from "node:stream";

/**
 * Where one of the child's standard streams goes: `PIPE` (a new pipe), `DEVNULL`, `STDOUT`
 * (stderr only: where stdout goes), a file descriptor number, an object with a numeric `fd`
 * (an opened `fs.WriteStream`, a `FileHandle`), a Node stream backed by a socket, pipe or
 * terminal (`process.stdout`, a `net.Socket`), or `null`/`undefined` to inherit the parent's,
 * as Python's `None`.
 */
export type SubprocessStdio = number | Stream | { readonly fd: number } | null | undefined;

/**
 * The options of `loop.subprocessExec` and `loop.subprocessShell`: Python's keyword
 * arguments of `subprocess_exec` (and the `Popen` ones Node supports), in camelCase.
 */
export interface SubprocessOptions {
  /** The child's stdin (default `PIPE` for the loop methods, inherited for `createSubprocess*`). */
  readonly stdin?: SubprocessStdio;
  /** The child's stdout (default `PIPE` for the loop methods, inherited for `createSubprocess*`). */
  readonly stdout?: SubprocessStdio;
  /** The child's stderr, or `STDOUT` (default `PIPE` for the loop methods, inherited for `createSubprocess*`). */
  readonly stderr?: SubprocessStdio;
  /** The working directory of the child (a path or a `file:` URL). */
  readonly cwd?: string | URL | null;
  /** The child's whole environment (default: the parent's, `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | null;
  /**
   * The program to run instead of the first argument, which then only names it (`argv[0]`),
   * as Python's `executable`. With a shell: the shell to use instead of `/bin/sh`.
   */
  readonly executable?: string | null;
  /** Runs the child in a new session (`setsid`), as Python's `start_new_session`. */
  readonly startNewSession?: boolean;
  /** The user id the child runs as. */
  readonly uid?: number | null;
  /** The group id the child runs as. */
  readonly gid?: number | null;
  /**
   * File descriptors (3 and up) the child inherits under the same numbers, as Python's
   * `pass_fds`. Every other descriptor is closed in the child, as Python's `close_fds=True`.
   */
  readonly passFds?: readonly number[];
  /** Accepted for Python's sake: must be false (bytes only). */
  readonly universalNewlines?: boolean;
  /** Accepted for Python's sake: must be false (`subprocessShell` runs a shell). */
  readonly shell?: boolean;
  /** Accepted for Python's sake: must be 0 (unbuffered). */
  readonly bufsize?: number;
  /** Accepted for Python's sake: must be false (bytes only). */
  readonly text?: boolean;
  /** Accepted for Python's sake: must be null (bytes only). */
  readonly encoding?: string | null;
  /** Accepted for Python's sake: must be null (bytes only). */
  readonly errors?: string | null;
}
