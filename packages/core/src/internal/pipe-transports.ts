// loop.connectReadPipe / loop.connectWritePipe (Python's _UnixReadPipeTransport and
// _UnixWritePipeTransport) over Node streams: a child's stdout/stdin, process.stdin, a FIFO...
import type { Readable, Writable } from "node:stream";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { callCoroutine } from "../coroutine-call.js";
import { BrokenPipeError } from "../exceptions/connection-error.js";
import { OSError } from "../exceptions/os-error.js";
import { ValueError } from "../exceptions/value-error.js";
import type { Future } from "../future.js";
import type { BaseProtocol } from "../protocols/base-protocol.js";
import type { BufferedProtocol } from "../protocols/buffered-protocol.js";
import type { Protocol } from "../protocols/protocol.js";
import { ReadTransport } from "../transports/read-transport.js";
import { WriteTransport, type WriteBufferLimits } from "../transports/write-transport.js";
import { asBytes, checkBytes, isBytesLike, typeName } from "./net-bytes.js";
import { fromNodeError, isSystemError } from "./net-errors.js";
import { trackResource, untrackResource, type Referenced } from "./net-loop-resources.js";
import { post, setResultUnlessCancelled, schedule } from "./net-post.js";
import { feedBufferedProtocol } from "./net-socket-transport.js";
import { WriteFlow } from "./net-write-flow.js";
import { failedIfClosed } from "./closed-loop.js";
import { nodeNet, nodeTty } from "./node-builtins.js";

const EOF_MARK = Symbol("eof");
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

/** What `connectReadPipe` takes: a Node `Readable` (a child's stdout, `process.stdin`, ...) or a file descriptor. */
export type ReadPipe = Readable | NodeJS.ReadableStream | number;
/** What `connectWritePipe` takes: a Node `Writable` (a child's stdin, ...) or a file descriptor. */
export type WritePipe = Writable | NodeJS.WritableStream | number;

function openFd(fd: number, readable: boolean): Readable | Writable {
  const tty = nodeTty();
  if (tty.isatty(fd)) return readable ? new tty.ReadStream(fd) : new tty.WriteStream(fd);
  try {
    return new (nodeNet().Socket)({ fd, readable, writable: !readable });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_INVALID_FD_TYPE") {
      throw new ValueError(
        readable
          ? "Pipe transport is for pipes/sockets only."
          : "Pipe transport is only for pipes, sockets and character devices",
      );
    }
    throw error;
  }
}

function isBuffered(protocol: BaseProtocol): protocol is BufferedProtocol {
  return typeof (protocol as Partial<BufferedProtocol>).getBuffer === "function";
}

/** Python's _UnixReadPipeTransport over a Node Readable. */
export class ReadPipeTransport extends ReadTransport {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _pipe: Readable;
  /** @internal */ _protocol: BaseProtocol;
  /** @internal */ _closing = false;
  /** @internal */ _paused = false;
  /** @internal */ _started = false;
  /** @internal */ _held: Array<Buffer | typeof EOF_MARK> = [];
  /** @internal */ _lost = false;

  constructor(loop: AbstractEventLoop, pipe: Readable, protocol: BaseProtocol, waiter: Future<void> | undefined) {
    super({ pipe });
    this._loop = loop;
    this._pipe = pipe;
    this._protocol = protocol;
    pipe.pause();
    pipe.on("data", this._onData);
    pipe.on("end", this._onEnd);
    pipe.on("error", this._onError);
    pipe.on("close", this._onClose);
    trackResource(loop, pipe as Referenced);
    schedule(loop, callConnectionMade, this);
    schedule(loop, startReading, this);
    if (waiter !== undefined) schedule(loop, setResultUnlessCancelled, waiter);
  }

  /** @internal */ private readonly _onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (!post(this._loop, this._receive, bytes)) this._pipe.destroy();
  };

  /** @internal */ private readonly _onEnd = (): void => {
    post(this._loop, this._receive, EOF_MARK);
  };

  /** @internal */ private readonly _onError = (error: Error): void => {
    post(this._loop, this._receiveError, error);
  };

  /** @internal */ private readonly _onClose = (): void => {
    // A pipe closed without EOF (destroyed): report it as EOF.
    post(this._loop, this._receive, EOF_MARK);
  };

  /** @internal */
  readonly _receive = (item: Buffer | typeof EOF_MARK): void => {
    if (this._closing) return;
    if (this._paused || this._held.length > 0) {
      this._held.push(item);
      return;
    }
    this._deliver(item);
  };

  /** @internal */ private _deliver(item: Buffer | typeof EOF_MARK): void {
    if (item !== EOF_MARK) {
      if (isBuffered(this._protocol)) feedBufferedProtocol(this._protocol, item);
      else (this._protocol as Protocol).dataReceived(item);
      return;
    }
    if (this._loop.getDebug()) console.info(`${this.toString()} was closed by peer`);
    this._closing = true;
    schedule(this._loop, callEofReceived, this);
    schedule(this._loop, callConnectionLost, [this, null]);
  }

  /** @internal */
  readonly _deliverHeld = (): void => {
    while (this._held.length > 0 && !this._paused && !this._closing)
      this._deliver(this._held.shift() as Buffer | typeof EOF_MARK);
  };

  /** @internal */
  readonly _receiveError = (error: Error): void => {
    if (this._closing) return;
    const exc = fromNodeError(error);
    if (exc instanceof OSError && exc.code === "EIO") {
      if (this._loop.getDebug()) console.debug(`${this.toString()}: Fatal read error on pipe transport`, exc);
    } else {
      this._loop.callExceptionHandler({
        message: "Fatal read error on pipe transport",
        exception: exc,
        transport: this,
        protocol: this._protocol,
      });
    }
    this._close(exc);
  };

  /** @internal */
  _close(exc: unknown): void {
    this._closing = true;
    this._held.length = 0;
    this._pipe.pause();
    schedule(this._loop, callConnectionLost, [this, exc]);
  }

  /** @internal */
  _callConnectionLost(exc: unknown): void {
    if (this._lost) return;
    this._lost = true;
    try {
      this._protocol.connectionLost(exc);
    } finally {
      untrackResource(this._loop, this._pipe as Referenced);
      this._pipe.off("data", this._onData);
      this._pipe.destroy();
    }
  }

  override getProtocol(): BaseProtocol {
    return this._protocol;
  }

  override setProtocol(protocol: BaseProtocol): void {
    this._protocol = protocol;
  }

  override isClosing(): boolean {
    return this._closing;
  }

  override isReading(): boolean {
    return !this._paused && !this._closing;
  }

  override pauseReading(): void {
    if (!this.isReading()) return;
    this._paused = true;
    this._pipe.pause();
  }

  override resumeReading(): void {
    if (this._closing || !this._paused) return;
    this._paused = false;
    if (this._held.length > 0) schedule(this._loop, this._deliverHeld, undefined);
    if (this._started) this._pipe.resume();
  }

  override close(): void {
    if (!this._closing) this._close(null);
  }

  override toString(): string {
    return `<ReadPipeTransport ${this._lost ? "closed" : this._closing ? "closing" : "open"} ${this._paused ? "paused" : "polling"}>`;
  }
}

function callConnectionMade(transport: ReadPipeTransport | WritePipeTransport): void {
  transport._protocol.connectionMade(transport);
}

function startReading(transport: ReadPipeTransport): void {
  transport._started = true;
  if (!transport._paused && !transport._closing) transport._pipe.resume();
}

function callEofReceived(transport: ReadPipeTransport): void {
  (transport._protocol as Protocol).eofReceived?.();
}

function callConnectionLost([transport, exc]: [ReadPipeTransport | WritePipeTransport, unknown]): void {
  transport._callConnectionLost(exc);
}

/** Python's _UnixWritePipeTransport over a Node Writable. */
export class WritePipeTransport extends WriteTransport {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _pipe: Writable;
  /** @internal */ _protocol: BaseProtocol;
  /** @internal set by close(), writeEof() or a failure */ _closing = false;
  /** @internal */ _connLost = 0;
  /** @internal */ _lost = false;
  /** @internal */ readonly _flow: WriteFlow;
  /** @internal */ _afterWriteScheduled = false;

  constructor(loop: AbstractEventLoop, pipe: Writable, protocol: BaseProtocol, waiter: Future<void> | undefined) {
    super({ pipe });
    this._loop = loop;
    this._pipe = pipe;
    this._protocol = protocol;
    this._flow = new WriteFlow(loop, this);
    pipe.on("error", this._onError);
    pipe.on("close", this._onClose);
    trackResource(loop, pipe as Referenced);
    schedule(loop, callConnectionMade, this);
    if (waiter !== undefined) schedule(loop, setResultUnlessCancelled, waiter);
  }

  /** @internal */ private readonly _onError = (error: Error): void => {
    post(this._loop, this._receiveError, error);
  };

  /** @internal */ private readonly _onClose = (): void => {
    post(this._loop, this._pipeClosed, undefined);
  };

  /** @internal */ private readonly _onWriteDone = (error?: Error | null): void => {
    if (error || this._afterWriteScheduled || this._lost) return;
    const size = this._pipe.writableLength;
    if ((this._flow.protocolPaused && size <= this._flow.low) || (this._closing && size === 0)) {
      this._afterWriteScheduled = true;
      post(this._loop, this._afterWrite, undefined);
    }
  };

  /** @internal */
  readonly _afterWrite = (): void => {
    this._afterWriteScheduled = false;
    if (this._lost || this._connLost) return;
    const size = this._pipe.writableLength;
    this._flow.maybeResume(size, this._protocol);
    if (size === 0 && this._closing) {
      this._connLost++;
      this._callConnectionLost(null);
    }
  };

  /** @internal */
  readonly _receiveError = (error: Error): void => {
    if (this._lost) return;
    const exc = fromNodeError(error);
    this._connLost++;
    if (exc instanceof OSError || isSystemError(exc)) {
      if (this._loop.getDebug()) console.debug(`${this.toString()}: Fatal write error on pipe transport`, exc);
    } else {
      this._loop.callExceptionHandler({
        message: "Fatal write error on pipe transport",
        exception: exc,
        transport: this,
        protocol: this._protocol,
      });
    }
    this._close(exc);
  };

  /** @internal the reading end went away */
  readonly _pipeClosed = (): void => {
    if (this._lost || this._connLost) return;
    if (this._loop.getDebug()) console.info(`${this.toString()} was closed by peer`);
    this._close(this._pipe.writableLength > 0 ? new BrokenPipeError() : null);
  };

  /** @internal */
  _close(exc: unknown): void {
    this._closing = true;
    if (this._connLost === 0) this._connLost++;
    schedule(this._loop, callConnectionLost, [this, exc]);
  }

  /** @internal */
  _callConnectionLost(exc: unknown): void {
    if (this._lost) return;
    this._lost = true;
    try {
      this._protocol.connectionLost(exc);
    } finally {
      untrackResource(this._loop, this._pipe as Referenced);
      if (exc === null || exc === undefined) this._pipe.end();
      else this._pipe.destroy();
    }
  }

  override getProtocol(): BaseProtocol {
    return this._protocol;
  }

  override setProtocol(protocol: BaseProtocol): void {
    this._protocol = protocol;
  }

  override isClosing(): boolean {
    return this._closing;
  }

  override getWriteBufferSize(): number {
    return this._lost ? 0 : this._pipe.writableLength;
  }

  override getWriteBufferLimits(): [number, number] {
    return [this._flow.low, this._flow.high];
  }

  override setWriteBufferLimits(limits?: WriteBufferLimits | number, low?: number): void {
    this._flow.setLimits(limits, low);
    this._flow.maybePause(this.getWriteBufferSize(), this._protocol);
  }

  override write(data: Uint8Array | ArrayBufferView): void {
    if (!isBytesLike(data)) throw new TypeError(`data argument must be a bytes-like object, not '${typeName(data)}'`);
    if (data.byteLength === 0) return;
    if (this._connLost || this._closing) {
      if (this._connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES)
        console.warn("pipe closed by peer or os.write(pipe, data) raised exception.");
      this._connLost++;
      return;
    }
    this._pipe.write(asBytes(data), this._onWriteDone);
    this._flow.maybePause(this._pipe.writableLength, this._protocol);
  }

  override writelines(listOfData: Iterable<Uint8Array | ArrayBufferView>): void {
    for (const data of listOfData) checkBytes(data, "data argument");
    for (const data of listOfData) this.write(data);
  }

  override canWriteEof(): boolean {
    return true;
  }

  override writeEof(): void {
    if (this._closing) return;
    this._closing = true;
    if (this._pipe.writableLength === 0) {
      this._connLost++;
      schedule(this._loop, callConnectionLost, [this, null]);
    }
  }

  override close(): void {
    if (!this._closing) this.writeEof();
  }

  override abort(): void {
    if (this._lost) return;
    this._closing = true;
    this._connLost++;
    this._pipe.destroy();
    schedule(this._loop, callConnectionLost, [this, null]);
  }

  override toString(): string {
    return `<WritePipeTransport ${this._lost ? "closed" : this._closing ? "closing" : "open"} bufsize=${this.getWriteBufferSize()}>`;
  }
}

/** `loop.connectReadPipe(protocolFactory, pipe)`. */
export function connectReadPipe<P extends BaseProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  pipe: ReadPipe,
): Future<[ReadTransport, P]> {
  const closed = failedIfClosed<[ReadTransport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const stream = (typeof pipe === "number" ? openFd(pipe, true) : pipe) as Readable;
    if (
      stream === null ||
      typeof stream !== "object" ||
      typeof stream.on !== "function" ||
      typeof stream.pause !== "function"
    ) {
      throw new TypeError(`a readable stream or a file descriptor was expected, got ${typeName(pipe)}`);
    }
    const protocol = protocolFactory();
    const waiter = loop.createFuture<void>();
    const transport = new ReadPipeTransport(loop, stream, protocol, waiter);
    try {
      await waiter;
    } catch (error) {
      transport.close();
      throw error;
    }
    return [transport, protocol] as [ReadTransport, P];
  }, loop);
}

/** `loop.connectWritePipe(protocolFactory, pipe)`. */
export function connectWritePipe<P extends BaseProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  pipe: WritePipe,
): Future<[WriteTransport, P]> {
  const closed = failedIfClosed<[WriteTransport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const stream = (typeof pipe === "number" ? openFd(pipe, false) : pipe) as Writable;
    if (stream === null || typeof stream !== "object" || typeof stream.write !== "function") {
      throw new TypeError(`a writable stream or a file descriptor was expected, got ${typeName(pipe)}`);
    }
    const protocol = protocolFactory();
    const waiter = loop.createFuture<void>();
    const transport = new WritePipeTransport(loop, stream, protocol, waiter);
    try {
      await waiter;
    } catch (error) {
      transport.close();
      throw error;
    }
    return [transport, protocol] as [WriteTransport, P];
  }, loop);
}
