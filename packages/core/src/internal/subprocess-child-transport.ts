// Python's base_subprocess.BaseSubprocessTransport (with unix_events' child watching) over a
// Node ChildProcess. The pipes are the loop's pipe transports; what they report reaches the
// SubprocessProtocol through loop.callSoon, in CPython's order: connectionMade first (anything
// that arrived earlier waits for it), then pipeDataReceived / pipeConnectionLost /
// processExited as they happen, and connectionLost last, once the child has exited AND every
// pipe is closed. Waiters of `_wait()` are woken right after connectionLost.
import type { ChildProcess } from "node:child_process";
import { constants as osConstants } from "node:os";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { ProcessLookupError } from "../exceptions/process-lookup-error.js";
import type { Future } from "../future.js";
import { BaseProtocol } from "../protocols/base-protocol.js";
import type { SubprocessProtocol } from "../protocols/subprocess-protocol.js";
import type { BaseTransport } from "../transports/base-transport.js";
import { SubprocessTransport } from "../transports/subprocess-transport.js";
import { ReadPipeTransport, WritePipeTransport } from "./pipe-transports.js";
import { osErrorWithFilename } from "./subprocess-errors.js";
import type { SpawnedChild } from "./subprocess-spawn.js";

const SIGNAL_NUMBERS = osConstants.signals as Record<string, number>;
const KNOWN_SIGNAL_NUMBERS = new Set(Object.values(SIGNAL_NUMBERS));

/** Python's `returncode`: the exit status, or minus the signal number that killed the child. */
function returncodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal === null ? undefined : SIGNAL_NUMBERS[signal];
  return number === undefined ? -1 : -number;
}

/** Python's WriteSubprocessPipeProto: the protocol of the stdin pipe. */
class WriteSubprocessPipeProtocol extends BaseProtocol {
  pipe: BaseTransport | null = null;
  disconnected = false;

  constructor(
    readonly owner: ChildProcessTransport,
    readonly fd: number,
  ) {
    super();
  }

  override connectionMade(transport: BaseTransport): void {
    this.pipe = transport;
  }

  override connectionLost(exc: unknown): void {
    this.disconnected = true;
    this.owner._pipeConnectionLost(this.fd, exc);
  }

  override pauseWriting(): void {
    this.owner._protocol.pauseWriting();
  }

  override resumeWriting(): void {
    this.owner._protocol.resumeWriting();
  }

  override toString(): string {
    return `<${this.constructor.name} fd=${this.fd} pipe=${String(this.pipe)}>`;
  }
}

/** Python's ReadSubprocessPipeProto: the protocol of the stdout and stderr pipes. */
class ReadSubprocessPipeProtocol extends WriteSubprocessPipeProtocol {
  dataReceived(data: Uint8Array): void {
    this.owner._pipeDataReceived(this.fd, data);
  }

  eofReceived(): boolean | void {
    return undefined;
  }
}

/**
 * The loop's subprocess transport, over a Node `ChildProcess` (`getExtraInfo("subprocess")`).
 */
export class ChildProcessTransport extends SubprocessTransport {
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ _protocol: SubprocessProtocol;
  /** @internal cleared once the transport has finished (Python's `_proc = None`) */
  _child: ChildProcess | undefined;
  /** @internal */ readonly _pid: number | undefined;
  /** @internal */ _returncode: number | null = null;
  /** @internal */ _closed = false;
  /** @internal */ _finished = false;
  /** @internal what happened before connectionMade, delivered after it */
  _pendingCalls: Array<() => void> | null = [];
  /** @internal */ readonly _pipes = new Map<number, WriteSubprocessPipeProtocol>();
  /** @internal */ _exitWaiters: Array<Future<number>> | null = [];
  /** @internal the last error Node reported for a kill() */
  _signalError: Error | undefined = undefined;

  constructor(
    loop: AbstractEventLoop,
    protocol: SubprocessProtocol,
    spawned: SpawnedChild,
    waiter: Future<void> | undefined,
  ) {
    super({ subprocess: spawned.child });
    this._loop = loop;
    this._protocol = protocol;
    const child = spawned.child;
    this._child = child;
    this._pid = child.pid;
    child.on("error", this._onNodeError);
    child.once("exit", this._onNodeExit);
    loop._operationStarted();
    // Python's _connect_pipes: stdin, stdout, stderr, each pipe transport telling its own
    // protocol first; then the subprocess protocol's connectionMade, then what came before it.
    if (spawned.stdin !== null) {
      const pipeProtocol = new WriteSubprocessPipeProtocol(this, 0);
      this._pipes.set(0, pipeProtocol);
      pipeProtocol.pipe = new WritePipeTransport(loop, spawned.stdin, pipeProtocol, undefined);
    }
    for (const [fd, stream] of [
      [1, spawned.stdout],
      [2, spawned.stderr],
    ] as const) {
      if (stream === null) continue;
      const pipeProtocol = new ReadSubprocessPipeProtocol(this, fd);
      this._pipes.set(fd, pipeProtocol);
      pipeProtocol.pipe = new ReadPipeTransport(loop, stream, pipeProtocol, undefined);
    }
    loop.callSoon(this._connected, waiter);
  }

  /** @internal */ private readonly _connected = (waiter: Future<void> | undefined): void => {
    const loop = this._loop;
    const protocol = this._protocol;
    loop.callSoon(() => protocol.connectionMade(this));
    for (const callback of this._pendingCalls ?? []) loop.callSoon(callback);
    this._pendingCalls = null;
    if (waiter !== undefined && !waiter.done()) waiter.setResult(undefined);
  };

  /** @internal */ private readonly _onNodeError = (error: Error): void => {
    // After a successful spawn, Node reports only kill() failures here (synchronously).
    this._signalError = error;
  };

  /** @internal */ private readonly _onNodeExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    const returncode = returncodeOf(code, signal);
    if (!this._loop.isClosed()) this._loop.callSoon(() => this._processExited(returncode));
    this._loop._operationFinished();
  };

  /** @internal Python's `_call`: through the loop, after connectionMade. */
  _call(callback: () => void): void {
    if (this._pendingCalls !== null) this._pendingCalls.push(callback);
    else if (!this._loop.isClosed()) this._loop.callSoon(callback);
  }

  /** @internal */
  _pipeDataReceived(fd: number, data: Uint8Array): void {
    const protocol = this._protocol;
    this._call(() => protocol.pipeDataReceived(fd, data));
  }

  /** @internal */
  _pipeConnectionLost(fd: number, exc: unknown): void {
    const protocol = this._protocol;
    this._call(() => protocol.pipeConnectionLost(fd, exc));
    this._tryFinish();
  }

  /** @internal */
  _processExited(returncode: number): void {
    if (this._returncode !== null) return;
    if (this._loop.getDebug()) console.info(`${this.toString()} exited with return code ${returncode}`);
    this._returncode = returncode;
    const protocol = this._protocol;
    this._call(() => protocol.processExited());
    this._tryFinish();
  }

  /** @internal finished once the child has exited and every pipe is closed. */
  _tryFinish(): void {
    if (this._finished || this._returncode === null) return;
    for (const pipe of this._pipes.values()) if (!pipe.disconnected) return;
    this._finished = true;
    this._call(() => this._callConnectionLost(null));
  }

  /** @internal */
  _callConnectionLost(exc: unknown): void {
    try {
      this._protocol.connectionLost(exc);
    } finally {
      // Wake up whoever waits for the exit.
      const returncode = this._returncode as number;
      for (const waiter of this._exitWaiters ?? []) if (!waiter.done()) waiter.setResult(returncode);
      this._exitWaiters = null;
      this._child = undefined;
    }
  }

  /**
   * @internal Python's `_wait()`: the return code, once the child has exited (at once if it
   * has; otherwise once the transport has finished, every pipe closed).
   */
  _wait(): Future<number> {
    const waiter = this._loop.createFuture<number>();
    if (this._returncode !== null || this._exitWaiters === null) waiter.setResult(this._returncode as number);
    else this._exitWaiters.push(waiter);
    return waiter;
  }

  override getProtocol(): SubprocessProtocol {
    return this._protocol;
  }

  override setProtocol(protocol: BaseProtocol): void {
    this._protocol = protocol as SubprocessProtocol;
  }

  override isClosing(): boolean {
    return this._closed;
  }

  /**
   * Closes the pipes and, if the child still runs, kills it (SIGKILL), as Python's `close()`.
   */
  override close(): void {
    if (this._closed) return;
    this._closed = true;
    for (const pipe of this._pipes.values()) (pipe.pipe as BaseTransport | null)?.close();
    const child = this._child;
    // Not if it has exited, even when the loop has not heard of it yet.
    if (child !== undefined && this._returncode === null && child.exitCode === null && child.signalCode === null) {
      if (this._loop.getDebug()) console.warn(`Close running child process: kill ${this.toString()}`);
      try {
        child.kill("SIGKILL");
      } catch {
        // gone already
      }
    }
  }

  override getPid(): number | undefined {
    return this._pid;
  }

  override getReturncode(): number | null {
    return this._returncode;
  }

  override getPipeTransport(fd: number): BaseTransport | null {
    return this._pipes.get(fd)?.pipe ?? null;
  }

  /**
   * Sends `signal` to the child (Python 3.12: nothing happens if it has just exited). Throws
   * `ProcessLookupError` once the transport has finished.
   */
  override sendSignal(signal: number | NodeJS.Signals): void {
    const child = this._child;
    if (child === undefined) throw new ProcessLookupError();
    if (typeof signal === "number" && signal !== 0 && !KNOWN_SIGNAL_NUMBERS.has(signal)) {
      throw osErrorWithFilename("EINVAL", null);
    }
    this._signalError = undefined;
    child.kill(signal);
    const error = this._signalError as (Error & { code?: string }) | undefined;
    this._signalError = undefined;
    if (error !== undefined && error.code !== "ESRCH") {
      throw typeof error.code === "string" ? osErrorWithFilename(error.code, null, error) : error;
    }
  }

  override terminate(): void {
    this.sendSignal("SIGTERM");
  }

  override kill(): void {
    this.sendSignal("SIGKILL");
  }

  override toString(): string {
    const info: string[] = [this.constructor.name];
    if (this._closed) info.push("closed");
    if (this._pid !== undefined) info.push(`pid=${this._pid}`);
    if (this._returncode !== null) info.push(`returncode=${this._returncode}`);
    else if (this._pid !== undefined) info.push("running");
    else info.push("not started");
    const stdin = this._pipes.get(0);
    const stdout = this._pipes.get(1);
    const stderr = this._pipes.get(2);
    if (stdin !== undefined) info.push(`stdin=${String(stdin.pipe)}`);
    if (stdout !== undefined) info.push(`stdout=${String(stdout.pipe)}`);
    if (stderr !== undefined) info.push(`stderr=${String(stderr.pipe)}`);
    return `<${info.join(" ")}>`;
  }
}
