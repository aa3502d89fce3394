import {
  BrokenPipeError,
  callCoroutine,
  ConnectionResetError,
  type EventLoop,
  type Future,
  type StreamReader,
  type StreamWriter,
  type SubprocessTransport,
} from "@asyncio-ts/core";
import type { CreateSubprocessOptions } from "./create-subprocess-options.js";
import { gatherTasks } from "./internal/gather-tasks.js";
import type { SubprocessStreamProtocol } from "./internal/subprocess-stream-protocol.js";

/** What `options` says for `stream`: `undefined` when it says nothing. */
type StdioOption<Options, Stream extends "stdin" | "stdout" | "stderr"> = Stream extends keyof Options
  ? Options[Stream]
  : undefined;

/**
 * `Piped` when `option` is `PIPE` (-1), `null` when it cannot be, both when the type does not
 * tell (a `number`, the options' declared type, or `any`: a plain `Process`).
 */
type IfPiped<Option, Piped> = 0 extends 1 & Option
  ? Piped | null
  : [Option] extends [-1]
    ? Piped
    : -1 extends Option
      ? Piped | null
      : null;

/**
 * A child process started by {@link createSubprocessExec} or {@link createSubprocessShell}, as
 * Python's `asyncio.subprocess.Process`. Its pipes are asyncio streams: `stdin` a
 * `StreamWriter`, `stdout` and `stderr` `StreamReader`s (each `null` unless the option was
 * `PIPE`). `Options` is the options it was started with, as the type checker saw them: with
 * `{ stdout: PIPE }`, `stdout` is a `StreamReader` and `communicate()`'s first item a
 * `Uint8Array`, without `| null`.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessExec("cat", { stdin: PIPE, stdout: PIPE });
 * const [stdout] = await proc.communicate(Buffer.from("hello"));
 * console.log(stdout?.toString(), proc.returncode); // "hello" 0
 * ```
 */
// `any` as the default: a plain `Process` takes every process, whatever options it was started with.
export class Process<Options extends CreateSubprocessOptions = any> {
  /** @internal */ readonly _transport: SubprocessTransport;
  /** @internal */ readonly _protocol: SubprocessStreamProtocol;
  /** @internal */ readonly _loop: EventLoop;
  /** The child's stdin, a `StreamWriter`, when `stdin` was `PIPE`; else `null`. */
  readonly stdin: IfPiped<StdioOption<Options, "stdin">, StreamWriter>;
  /** The child's stdout, a `StreamReader`, when `stdout` was `PIPE`; else `null`. */
  readonly stdout: IfPiped<StdioOption<Options, "stdout">, StreamReader>;
  /** The child's stderr, a `StreamReader`, when `stderr` was `PIPE`; else `null`. */
  readonly stderr: IfPiped<StdioOption<Options, "stderr">, StreamReader>;

  /** @internal made by createSubprocessExec / createSubprocessShell */
  constructor(transport: SubprocessTransport, protocol: SubprocessStreamProtocol, loop: EventLoop) {
    this._transport = transport;
    this._protocol = protocol;
    this._loop = loop;
    this.stdin = protocol.stdin as IfPiped<StdioOption<Options, "stdin">, StreamWriter>;
    this.stdout = protocol.stdout as IfPiped<StdioOption<Options, "stdout">, StreamReader>;
    this.stderr = protocol.stderr as IfPiped<StdioOption<Options, "stderr">, StreamReader>;
  }

  /** The child's process id. */
  get pid(): number {
    return this._transport.getPid() as number;
  }

  /**
   * The child's exit status once it has exited, else `null`. A child killed by a signal has
   * minus the signal number (`-9` after `kill()`), as in Python.
   */
  get returncode(): number | null {
    return this._transport.getReturncode();
  }

  /**
   * Waits for the child to exit and resolves with its {@link returncode}, as Python's
   * `Process.wait()`.
   *
   * As in Python, this can deadlock when `stdout` or `stderr` is `PIPE` and the child writes
   * more than the pipe (and the reader's buffer, twice `limit`) can hold: the child then waits
   * for someone to read, and never exits. Read the pipes, or use {@link communicate}.
   *
   * Cancelling the wait leaves the child running and the Process usable.
   */
  wait(): Future<number> {
    return callCoroutine(async () => {
      const returncode = this.returncode;
      if (returncode !== null) return returncode;
      // Python: once the transport is done (the child exited and its pipes are closed).
      await this._protocol.waitFinished();
      return this.returncode as number;
    }, this._loop);
  }

  /**
   * Sends `input` (bytes, or `null`/`undefined` for none) to stdin and closes it, reads stdout
   * and stderr to their ends, waits for the child to exit, and resolves with
   * `[stdout, stderr]` (each `null` unless that option was `PIPE`), as Python's
   * `Process.communicate()`. Writing and reading go on at once, so any amount moves without
   * deadlock. A child that exits without reading all its input is not an error
   * (`BrokenPipeError` and `ConnectionResetError` on stdin are ignored).
   *
   * Cancelling it leaves the child running and the Process usable (what was read is lost).
   *
   * @example
   * ```ts
   * const proc = await createSubprocessExec("sort", { stdin: PIPE, stdout: PIPE });
   * const [sorted] = await proc.communicate(Buffer.from("b\na\n"));
   * ```
   */
  communicate(
    input?: Uint8Array | null,
  ): Future<
    [IfPiped<StdioOption<Options, "stdout">, Uint8Array>, IfPiped<StdioOption<Options, "stderr">, Uint8Array>]
  > {
    return callCoroutine(async () => {
      const loop = this._loop;
      const children: Array<Future<Uint8Array | null>> = [];
      if (this.stdin !== null) children.push(loop.createTask(() => this.feedStdin(input)));
      const stdoutTask = this.stdout !== null ? loop.createTask(() => this.readStream(1)) : null;
      if (stdoutTask !== null) children.push(stdoutTask);
      const stderrTask = this.stderr !== null ? loop.createTask(() => this.readStream(2)) : null;
      if (stderrTask !== null) children.push(stderrTask);
      await gatherTasks(children, loop);
      await this.wait();
      return [stdoutTask === null ? null : stdoutTask.result(), stderrTask === null ? null : stderrTask.result()] as [
        IfPiped<StdioOption<Options, "stdout">, Uint8Array>,
        IfPiped<StdioOption<Options, "stderr">, Uint8Array>,
      ];
    }, this._loop);
  }

  private async feedStdin(input: Uint8Array | null | undefined): Promise<null> {
    const stdin = this.stdin as StreamWriter;
    const debug = this._loop.getDebug();
    try {
      if (input !== null && input !== undefined) {
        stdin.write(input);
        if (debug) console.debug(`${this.toString()} communicate: feed stdin (${input.byteLength} bytes)`);
        await stdin.drain();
      }
    } catch (error) {
      // communicate() ignores BrokenPipeError and ConnectionResetError, which write() and
      // drain() raise when the child has gone.
      if (!(error instanceof BrokenPipeError || error instanceof ConnectionResetError)) throw error;
      if (debug) console.debug(`${this.toString()} communicate: stdin got ${String(error)}`);
    }
    if (debug) console.debug(`${this.toString()} communicate: close stdin`);
    stdin.close();
    return null;
  }

  private async readStream(fd: 1 | 2): Promise<Uint8Array> {
    const transport = this._transport.getPipeTransport(fd);
    const stream = (fd === 2 ? this.stderr : this.stdout) as StreamReader;
    const output = await stream.read();
    transport?.close();
    return output;
  }

  /**
   * Sends `signal` (a number, or a name such as `"SIGHUP"`) to the child, as Python's
   * `send_signal`. Throws `ProcessLookupError` once the child has exited and been waited for.
   */
  sendSignal(signal: number | NodeJS.Signals): void {
    this._transport.sendSignal(signal);
  }

  /** Asks the child to stop: SIGTERM (its return code is then `-15` unless it handles it). */
  terminate(): void {
    this._transport.terminate();
  }

  /** Kills the child: SIGKILL (its return code is then `-9`). */
  kill(): void {
    this._transport.kill();
  }

  toString(): string {
    return `<Process ${this.pid}>`;
  }
}
