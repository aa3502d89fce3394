// Python's asyncio.subprocess.SubprocessStreamProtocol: turns the subprocess transport's pipes
// into a StreamWriter (stdin) and StreamReaders (stdout, stderr), and closes the transport
// once the child has exited and both output pipes are closed.
import {
  FlowControlMixin,
  StreamReader,
  StreamWriter,
  type EventLoop,
  type Future,
  type SubprocessTransport,
  type WriteTransport,
} from "@asyncio-ts/core";

/**
 * Python's `asyncio.subprocess.SubprocessStreamProtocol`: the protocol behind a
 * {@link Process}, a FlowControlMixin so that `proc.stdin.drain()` waits on the pipe.
 * @internal
 */
export class SubprocessStreamProtocol extends FlowControlMixin {
  stdin: StreamWriter | null = null;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  private readonly limit: number;
  private readonly loop: EventLoop;
  private transport: SubprocessTransport | null = null;
  private processHasExited = false;
  private readonly pipeFds: number[] = [];
  private readonly stdinClosed: Future<void>;
  /** Whoever waits for the end: woken when the transport is done (Python's exit waiters). */
  private exitWaiters: Array<Future<void>> | null = [];

  constructor(limit: number, loop: EventLoop) {
    super(loop);
    this.limit = limit;
    this.loop = loop;
    this.stdinClosed = loop.createFuture<void>();
  }

  override connectionMade(transport: SubprocessTransport): void {
    this.transport = transport;
    const loop = this.loop;
    const stdoutTransport = transport.getPipeTransport(1);
    if (stdoutTransport !== null) {
      this.stdout = new StreamReader(this.limit, loop);
      this.stdout.setTransport(stdoutTransport);
      this.pipeFds.push(1);
    }
    const stderrTransport = transport.getPipeTransport(2);
    if (stderrTransport !== null) {
      this.stderr = new StreamReader(this.limit, loop);
      this.stderr.setTransport(stderrTransport);
      this.pipeFds.push(2);
    }
    const stdinTransport = transport.getPipeTransport(0);
    if (stdinTransport !== null) this.stdin = new StreamWriter(stdinTransport as WriteTransport, this, null, loop);
  }

  pipeDataReceived(fd: number, data: Uint8Array): void {
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    reader?.feedData(data);
  }

  pipeConnectionLost(fd: number, exc: unknown): void {
    if (fd === 0) {
      this.stdin?.close();
      // Wake a drain() of stdin (FlowControlMixin's connectionLost, as Python calls it).
      super.connectionLost(exc);
      if (exc === null || exc === undefined) this.stdinClosed.setResult(undefined);
      else {
        this.stdinClosed.setException(exc);
        // Nobody has to await waitClosed(): do not report the error as never retrieved.
        this.stdinClosed.exception();
      }
      return;
    }
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    if (reader !== null) {
      if (exc === null || exc === undefined) reader.feedEof();
      else reader.setException(exc);
    }
    const index = this.pipeFds.indexOf(fd);
    if (index >= 0) this.pipeFds.splice(index, 1);
    this.maybeCloseTransport();
  }

  processExited(): void {
    this.processHasExited = true;
    this.maybeCloseTransport();
  }

  /** Called once by the transport when it is done: the child exited and every pipe closed. */
  override connectionLost(exc: unknown): void {
    super.connectionLost(exc);
    const waiters = this.exitWaiters ?? [];
    this.exitWaiters = null;
    for (const waiter of waiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  /** A future done once the transport is done (at once if it is). */
  waitFinished(): Future<void> {
    const waiter = this.loop.createFuture<void>();
    if (this.exitWaiters === null) waiter.setResult(undefined);
    else this.exitWaiters.push(waiter);
    return waiter;
  }

  private maybeCloseTransport(): void {
    if (this.pipeFds.length === 0 && this.processHasExited) {
      this.transport?.close();
      this.transport = null;
    }
  }

  override getCloseWaiter(stream: unknown): Future<void> {
    return stream === this.stdin ? this.stdinClosed : (undefined as unknown as Future<void>);
  }

  override toString(): string {
    const info = ["SubprocessStreamProtocol"];
    if (this.stdin !== null) info.push(`stdin=${String(this.stdin)}`);
    if (this.stdout !== null) info.push(`stdout=${String(this.stdout)}`);
    if (this.stderr !== null) info.push(`stderr=${String(this.stderr)}`);
    return `<${info.join(" ")}>`;
  }
}
