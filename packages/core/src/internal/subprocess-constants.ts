// Python's subprocess.PIPE, STDOUT and DEVNULL, with Python's values, so that a file
// descriptor number (never negative) cannot be taken for one of them.

/**
 * Connect the child's stdin, stdout or stderr to a new pipe, as Python's `subprocess.PIPE`:
 * the `stdin`, `stdout` and `stderr` options of `createSubprocessExec`,
 * `createSubprocessShell`, `loop.subprocessExec` and `loop.subprocessShell`.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessExec("ls", "-l", { stdout: PIPE });
 * const [stdout] = await proc.communicate();
 * ```
 */
export const PIPE = -1;

/**
 * Send the child's stderr where its stdout goes (one pipe for both, in the order the child
 * wrote), as Python's `subprocess.STDOUT`. Only for the `stderr` option.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessShell("echo out; echo err >&2", { stdout: PIPE, stderr: STDOUT });
 * const [both] = await proc.communicate(); // "out\nerr\n"
 * ```
 */
export const STDOUT = -2;

/**
 * Connect the child's stdin, stdout or stderr to the null device (`/dev/null`), as Python's
 * `subprocess.DEVNULL`.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessExec("cat", { stdin: DEVNULL, stdout: PIPE });
 * ```
 */
export const DEVNULL = -3;
