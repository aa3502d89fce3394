// Starting the child with node:child_process, as Python's Popen does for asyncio: maps the
// stdin/stdout/stderr options to Node's stdio, reports spawn failures as Python's OSError
// subclasses, and hands back the parent's ends of the pipes.
import type { ChildProcess, SpawnOptions, StdioOptions } from "node:child_process";
import { accessSync, constants as fsConstants, statSync } from "node:fs";
import type { Socket } from "node:net";
import type { Readable, Stream, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { ValueError } from "../exceptions/value-error.js";
import type { Future } from "../future.js";
import { typeName } from "./net-bytes.js";
import { DEVNULL, PIPE, STDOUT } from "./subprocess-constants.js";
import { osErrorWithFilename, spawnError } from "./subprocess-errors.js";
import type { SubprocessOptions, SubprocessStdio } from "./subprocess-options.js";
import { connectedSocketPair } from "./subprocess-socket-pair.js";
import { nodeChildProcess, nodeStream } from "./node-builtins.js";

/** Python's `/bin/sh` for `shell=True`. */
const UNIX_SHELL = "/bin/sh";

type NodeStdio = "pipe" | "ignore" | "inherit" | number | Stream;

/** A started child and the parent's ends of its pipes (null where the option was not PIPE). */
export interface SpawnedChild {
  readonly child: ChildProcess;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
}

/** Python's `os.fspath` for an argument: a string, or a `file:` URL. */
export function fspath(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (value instanceof URL) text = fileURLToPath(value);
  else throw new TypeError(`expected str, bytes or os.PathLike object, not ${typeName(value)}`);
  if (text.includes("\0")) throw new ValueError("embedded null byte");
  return text;
}

function stdioOf(value: SubprocessStdio, name: string): NodeStdio {
  if (value === null || value === undefined) return "inherit";
  if (typeof value === "number") {
    if (value === PIPE) return "pipe";
    if (value === DEVNULL) return "ignore";
    if (!Number.isInteger(value))
      throw new TypeError(`${name} must be PIPE, DEVNULL, STDOUT, a file descriptor or a stream, not ${value}`);
    // STDOUT for stdin or stdout, or a negative number: Python's dup2() fails the same way.
    if (value < 0) throw osErrorWithFilename("EBADF", null);
    return value;
  }
  if (typeof value === "object") {
    const fd = (value as { fd?: unknown }).fd;
    if (typeof fd === "number" && Number.isInteger(fd) && fd >= 0) return fd;
    if (value instanceof nodeStream().Stream) return value;
  }
  throw new TypeError(`${name} must be PIPE, DEVNULL, STDOUT, a file descriptor or a stream, not ${typeName(value)}`);
}

/** Python's argument checks of `subprocess_exec` / `subprocess_shell`. */
export function checkTextOptions(options: SubprocessOptions, shell: boolean): void {
  if (options.universalNewlines) throw new ValueError("universal_newlines must be False");
  if (shell && options.shell === false) throw new ValueError("shell must be True");
  if (!shell && options.shell) throw new ValueError("shell must be False");
  if (options.bufsize !== undefined && options.bufsize !== null && options.bufsize !== 0)
    throw new ValueError("bufsize must be 0");
  if (options.text) throw new ValueError("text must be False");
  if (options.encoding !== undefined && options.encoding !== null) throw new ValueError("encoding must be None");
  if (options.errors !== undefined && options.errors !== null) throw new ValueError("errors must be None");
}

/** Waits in the loop for a Node promise; if the wait is cancelled, `onLate` gets the value. */
function waitFor<T>(loop: AbstractEventLoop, promise: Promise<T>, onLate: (value: T) => void): Future<T> {
  const future = loop.createFuture<T>();
  promise.then(
    (value) => {
      if (future.done() || loop.isClosed()) onLate(value);
      else loop.callSoon(() => (future.done() ? onLate(value) : future.setResult(value)));
    },
    (error: unknown) => {
      if (!future.done() && !loop.isClosed()) loop.callSoon(() => future.done() || future.setException(error));
    },
  );
  return future;
}

/** Which path Python would name in the error: the working directory if that is what failed. */
function failedPath(code: string | undefined, cwd: string | undefined, program: string): string {
  if (cwd === undefined || (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EACCES")) return program;
  try {
    if (!statSync(cwd).isDirectory()) return cwd;
    accessSync(cwd, fsConstants.X_OK);
    return program;
  } catch {
    return cwd;
  }
}

function destroyStdio(child: ChildProcess | undefined, extra: Socket | undefined): void {
  child?.stdin?.destroy();
  child?.stdout?.destroy();
  child?.stderr?.destroy();
  extra?.destroy();
}

/**
 * Starts the child: `args` is `[program, ...arguments]`, or the command line when `shell`.
 * Resolves once it runs; fails with Python's OSError subclass (`FileNotFoundError`,
 * `PermissionError`, ...) when it cannot be started.
 */
export async function spawnChild(
  loop: AbstractEventLoop,
  args: readonly string[] | string,
  shell: boolean,
  options: SubprocessOptions,
): Promise<SpawnedChild> {
  const argv = shell ? [UNIX_SHELL, "-c", args as string] : [...(args as readonly string[])];
  const executable =
    options.executable === null || options.executable === undefined ? undefined : fspath(options.executable);
  const program = executable ?? (argv[0] as string);
  const cwd = options.cwd === null || options.cwd === undefined ? undefined : fspath(options.cwd);

  const stdin = stdioOf(options.stdin, "stdin");
  const stdout = stdioOf(options.stdout, "stdout");
  const mergeStderr = options.stderr === STDOUT;
  const stderr = mergeStderr ? stdout : stdioOf(options.stderr, "stderr");
  const stdio: Array<NodeStdio | Socket> = [stdin, stdout, stderr];
  // Python's pass_fds: the same numbers in the child (every other descriptor is closed).
  for (const fd of options.passFds ?? []) {
    if (!Number.isInteger(fd) || fd < 3) throw new ValueError("bad value(s) in fds_to_keep");
    while (stdio.length < fd) stdio.push("ignore");
    stdio[fd] = fd;
  }

  // stderr=STDOUT with stdout=PIPE: one socket pair, the child's end as both fd 1 and fd 2.
  let ours: Socket | undefined;
  let theirs: Socket | undefined;
  if (mergeStderr && stdout === "pipe") {
    [ours, theirs] = await waitFor(loop, connectedSocketPair(), ([late, lateTheirs]) => {
      late.destroy();
      lateTheirs.destroy();
    });
    stdio[1] = theirs;
    stdio[2] = theirs;
  }

  const spawnOptions: SpawnOptions = {
    stdio: stdio as StdioOptions,
    argv0: argv[0] as string,
    detached: options.startNewSession === true,
  };
  if (cwd !== undefined) spawnOptions.cwd = cwd;
  if (options.env !== null && options.env !== undefined) spawnOptions.env = options.env as NodeJS.ProcessEnv;
  if (options.uid !== null && options.uid !== undefined) spawnOptions.uid = options.uid;
  if (options.gid !== null && options.gid !== undefined) spawnOptions.gid = options.gid;

  let child: ChildProcess;
  try {
    child = nodeChildProcess().spawn(program, argv.slice(1), spawnOptions);
  } catch (error) {
    destroyStdio(undefined, ours);
    const code = (error as { code?: string }).code;
    throw spawnError(error, failedPath(code, cwd, program));
  } finally {
    // The child has its own copy now (or nobody needs it).
    theirs?.destroy();
  }

  if (child.pid === undefined) {
    // Node reports ENOENT, EACCES, EAGAIN... on the next tick.
    const failure = loop.createFuture<never>();
    child.once("error", (error: Error) => {
      destroyStdio(child, ours);
      const converted = spawnError(error, failedPath((error as { code?: string }).code, cwd, program));
      if (!loop.isClosed()) loop.callSoon(() => failure.done() || failure.setException(converted));
    });
    await failure;
  }

  return {
    child,
    stdin: child.stdin,
    stdout: ours ?? child.stdout,
    stderr: child.stderr,
  };
}
