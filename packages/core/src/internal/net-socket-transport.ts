// Python's _SelectorSocketTransport (and the app side of its SSL transport) over a Node
// net.Socket or tls.TLSSocket. Every Node event is posted to the loop, so protocol callbacks
// run in loop iterations, in the order the events came.
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { OSError } from "../exceptions/os-error.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import type { Future } from "../future.js";
import type { BaseProtocol } from "../protocols/base-protocol.js";
import type { BufferedProtocol } from "../protocols/buffered-protocol.js";
import type { Protocol } from "../protocols/protocol.js";
import type { Server } from "../server.js";
import { AddressFamily, SocketKind, type SocketAddress } from "../transports/address-family.js";
import { Transport } from "../transports/transport.js";
import { TransportSocket } from "../transports/transport-socket.js";
import type { WriteBufferLimits } from "../transports/write-transport.js";
import { emptyKeepingCapacity } from "./empty-keeping-capacity.js";
import { asBytes, checkBytes, isBytesLike, typeName } from "./net-bytes.js";
import { fromNodeError, isSystemError } from "./net-errors.js";
import { trackResource, untrackResource } from "./net-loop-resources.js";
import { post, setResultUnlessCancelled, schedule } from "./net-post.js";
import { WriteFlow } from "./net-write-flow.js";
import type { ReadyItem } from "./ready-item.js";

const EOF_MARK = Symbol("eof");
// Python's constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES.
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
// pauseReading() stops Node's socket only once this much arrived while paused. A StreamReader
// pauses and resumes every few chunks under a bulk transfer; stopping and restarting the socket
// each time (two epoll_ctl calls and a nextTick) cost more than holding a few chunks here.
const HELD_BYTES_BEFORE_SOCKET_PAUSE = 256 * 1024;

const interimErrors = new WeakMap<Socket, { listener: (error: Error) => void; error: Error | undefined }>();

/**
 * Keeps an error of `socket` (connected, not yet given to a transport) for the transport that
 * will adopt it, so that it neither crashes the process nor gets lost.
 */
export function guardSocket(socket: Socket): void {
  if (interimErrors.has(socket)) return;
  const entry = {
    error: undefined as Error | undefined,
    listener: (error: Error): void => {
      entry.error ??= error;
    },
  };
  interimErrors.set(socket, entry);
  socket.on("error", entry.listener);
}

function adoptSocket(socket: Socket): Error | undefined {
  const entry = interimErrors.get(socket);
  if (entry === undefined) return undefined;
  interimErrors.delete(socket);
  socket.off("error", entry.listener);
  return entry.error;
}

/** How the transport was made. */
export interface SocketTransportOptions {
  readonly extra?: Record<string, unknown>;
  readonly server?: Server;
  readonly waiter?: Future<void>;
  /** For Unix sockets: the path, and which side we are. */
  readonly unixPath?: string;
  readonly unixSide?: "client" | "server";
  /** Over TLS: what `getExtraInfo("sslcontext")` answers. */
  readonly sslContext?: unknown;
  /** False when the protocol was already told (startTls keeps the protocol connected). */
  readonly callConnectionMade?: boolean;
  /** Over TLS: seconds to wait for the peer's close_notify after ours (default 30). */
  readonly sslShutdownTimeout?: number | null | undefined;
}

// Python's constants.SSL_SHUTDOWN_TIMEOUT.
const SSL_SHUTDOWN_TIMEOUT = 30;

/**
 * Closes a TLS socket as Python's SSL transport does: send close_notify, then wait (reading and
 * dropping) for the peer's before closing, so that the peer's own close_notify does not hit a
 * closed socket.
 */
function closeTlsGracefully(socket: Socket, timeout: number): void {
  const timer = setTimeout(() => socket.destroy(), timeout * 1000);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  socket.end();
  socket.resume();
  // The connection is closed as far as the program is concerned: do not keep the process alive.
  socket.unref();
}

/** Python's `[host, port]` (or `[host, port, 0, 0]` would be IPv6's; the contract says `[host, port]`). */
function hostPort(address: string | undefined, port: number | undefined): [string, number] | undefined {
  if (address === undefined || port === undefined) return undefined;
  return [address, port];
}

/** Python's sslproto cipher tuple: (name, protocol version, secret bits). */
function cipherTuple(socket: TLSSocket): [string, string, number] | null {
  const cipher = socket.getCipher?.();
  if (!cipher) return null;
  const bits = /256|CHACHA20/.test(cipher.name)
    ? 256
    : /128/.test(cipher.name)
      ? 128
      : /3DES|DES-CBC3/.test(cipher.name)
        ? 168
        : 0;
  return [cipher.standardName ?? cipher.name, socket.getProtocol?.() ?? cipher.version, bits];
}

/** Delivers `data` to a BufferedProtocol, as Python's `_feed_data_to_buffered_proto`. */
export function feedBufferedProtocol(protocol: BufferedProtocol, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    const remaining = data.length - offset;
    const buffer = protocol.getBuffer(remaining);
    if (!isBytesLike(buffer) || buffer.byteLength === 0)
      throw new RuntimeError("get_buffer() returned an empty buffer");
    const target = asBytes(buffer);
    const count = Math.min(target.length, remaining);
    target.set(data.subarray(offset, offset + count));
    protocol.bufferUpdated(count);
    offset += count;
  }
}

function isBuffered(protocol: BaseProtocol): protocol is BufferedProtocol {
  return (
    typeof (protocol as Partial<BufferedProtocol>).getBuffer === "function" &&
    typeof (protocol as Partial<BufferedProtocol>).bufferUpdated === "function"
  );
}

/**
 * A stream transport over a connected Node socket (TCP, Unix, or TLS once the handshake is
 * done).
 */
export class SocketTransport extends Transport {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _socket: Socket;
  /** @internal */ _protocol: BaseProtocol;
  /** @internal */ _server: Server | undefined;
  /** @internal */ readonly _tls: boolean;
  /** @internal */ _closing = false;
  /** @internal */ _connLost = 0;
  /** @internal reading paused by pauseReading() */ _paused = false;
  /** @internal */ _readingStarted = false;
  /** @internal EOF was delivered: nothing more to read */ _readEnded = false;
  /** @internal writeEof() was called */ _eof = false;
  /** @internal Node saw the peer's EOF */ _nodeEnded = false;
  /** @internal handed over to a TLS transport by startTls */ _detached = false;
  /** @internal */ _protocolConnected = true;
  /** @internal */ _buffered: boolean;
  /** @internal data (and EOF) received while reading was paused, in order */ _held: Array<Buffer | typeof EOF_MARK> =
    [];
  /** @internal the bytes in `_held` */ _heldBytes = 0;
  /** @internal Node's socket was paused because too much was held */ _socketPaused = false;
  /** @internal */ readonly _flow: WriteFlow;
  /** @internal */ _afterWriteScheduled = false;
  /** @internal */ readonly _sslShutdownTimeout: number;
  /** @internal chunks Node gave since the data item was queued, for it to deliver in order */
  _incoming: Buffer[] = [];
  /** @internal the array `_incoming` swaps with when the chunks are delivered */
  _incomingSpare: Buffer[] = [];
  /** @internal the data item is queued and nothing else of this transport was posted after it */
  _incomingOpen = false;
  /** @internal the one ready item that delivers `_incoming`: no allocation per chunk */
  readonly _dataItem: ReadyItem = new IncomingData(this);

  constructor(loop: AbstractEventLoop, socket: Socket, protocol: BaseProtocol, options: SocketTransportOptions = {}) {
    super(options.extra);
    this._loop = loop;
    this._socket = socket;
    this._protocol = protocol;
    this._buffered = isBuffered(protocol);
    this._tls = (socket as Partial<TLSSocket>).encrypted === true;
    this._flow = new WriteFlow(loop, this);
    this._sslShutdownTimeout = options.sslShutdownTimeout ?? SSL_SHUTDOWN_TIMEOUT;
    this._fillExtra(options);
    // Reading starts after connectionMade, as in Python.
    socket.pause();
    socket.on("data", this._onNodeData);
    socket.on("end", this._onNodeEnd);
    socket.on("error", this._onNodeError);
    socket.on("close", this._onNodeClose);
    trackResource(loop, socket);
    const earlier = adoptSocket(socket);
    if (earlier !== undefined) schedule(loop, this._receiveError, earlier);
    else if (socket.destroyed) schedule(loop, this._socketClosed, undefined);
    this._server = options.server;
    this._server?._attach(this);
    if (options.callConnectionMade !== false) schedule(loop, callConnectionMade, this);
    schedule(loop, startReading, this);
    if (options.waiter !== undefined) schedule(loop, setResultUnlessCancelled, options.waiter);
  }

  /** @internal */ private _fillExtra(options: SocketTransportOptions): void {
    const socket = this._socket;
    const extra = this._extra;
    if (options.unixPath !== undefined) {
      const path = options.unixPath;
      const client = options.unixSide !== "server";
      extra.sockname ??= client ? "" : path;
      extra.peername ??= client ? path : "";
      extra.socket ??= new TransportSocket({
        family: AddressFamily.AF_UNIX,
        type: SocketKind.SOCK_STREAM,
        handle: socket,
        sockname: () => (client ? "" : path),
        peername: () => (client ? path : ""),
      });
    } else {
      extra.sockname ??= hostPort(socket.localAddress, socket.localPort);
      extra.peername ??= hostPort(socket.remoteAddress, socket.remotePort);
      extra.socket ??= new TransportSocket({
        family: socket.remoteFamily === "IPv6" ? AddressFamily.AF_INET6 : AddressFamily.AF_INET,
        type: SocketKind.SOCK_STREAM,
        handle: socket,
        sockname: () => hostPort(socket.localAddress, socket.localPort) as SocketAddress | undefined,
        peername: () => hostPort(socket.remoteAddress, socket.remotePort) as SocketAddress | undefined,
      });
    }
    if (this._tls) {
      const tlsSocket = socket as TLSSocket;
      extra.sslcontext ??= options.sslContext ?? true;
      const certificate = tlsSocket.getPeerCertificate?.();
      extra.peercert ??= certificate && Object.keys(certificate).length > 0 ? certificate : null;
      extra.cipher ??= cipherTuple(tlsSocket);
      extra.compression ??= null;
      extra.ssl_object ??= tlsSocket;
    }
  }

  // ---- Node events: posted to the loop, in order.

  /** @internal */ private readonly _onNodeData = (chunk: Buffer): void => {
    const loop = this._loop;
    if (loop._closed) {
      this._socket.destroy();
    } else if (this._incomingOpen) {
      this._incoming.push(chunk);
    } else if (this._incoming.length === 0) {
      this._incoming.push(chunk);
      this._incomingOpen = true;
      loop._enqueue(this._dataItem);
    } else {
      // The data item is queued, but other events of this socket came after it: keep the order.
      post(loop, this._receiveData, chunk);
    }
  };

  /** @internal runs the chunks that came, in order, as one posted call each would. */
  _runIncoming(): void {
    // Two arrays take turns, emptied without losing their store: no allocation per chunk.
    const chunks = this._incoming;
    this._incoming = this._incomingSpare;
    this._incomingSpare = chunks;
    this._incomingOpen = false;
    for (const chunk of chunks) {
      try {
        this._receiveData(chunk);
      } catch (error) {
        this._loop.callExceptionHandler({ message: "Exception in callback _receiveData()", exception: error });
      }
    }
    this._incomingSpare = emptyKeepingCapacity(chunks);
  }

  /** @internal */ private readonly _onNodeEnd = (): void => {
    this._incomingOpen = false;
    this._nodeEnded = true;
    if (!post(this._loop, this._receiveEof, undefined)) this._socket.destroy();
  };

  /** @internal */ private readonly _onNodeError = (error: Error): void => {
    this._incomingOpen = false;
    post(this._loop, this._receiveError, error);
  };

  /** @internal */ private readonly _onNodeClose = (): void => {
    this._incomingOpen = false;
    post(this._loop, this._socketClosed, undefined);
  };

  /** @internal Write completions: resume a paused protocol, finish a close waiting for the buffer. */
  private readonly _onWriteDone = (error?: Error | null): void => {
    if (error || this._afterWriteScheduled || this._connLost) return;
    // Only a paused protocol or a pending close waits for completions (skip the size lookup).
    if (!this._flow.protocolPaused && !this._closing) return;
    const size = this._socket.writableLength;
    if ((this._flow.protocolPaused && size <= this._flow.low) || (this._closing && size === 0)) {
      this._afterWriteScheduled = true;
      this._incomingOpen = false;
      post(this._loop, this._afterWrite, undefined);
    }
  };

  // ---- In the loop.

  /** @internal */
  readonly _receiveData = (chunk: Buffer): void => {
    if (this._connLost || this._closing || this._detached) return;
    if (this._paused || this._held.length > 0) {
      this._held.push(chunk);
      this._heldBytes += chunk.length;
      if (this._paused && !this._socketPaused && this._heldBytes > HELD_BYTES_BEFORE_SOCKET_PAUSE) {
        this._socketPaused = true;
        this._socket.pause();
      }
      return;
    }
    this._deliverData(chunk);
  };

  /** @internal */
  readonly _receiveEof = (): void => {
    if (this._connLost || this._closing || this._detached) return;
    if (this._paused || this._held.length > 0) {
      this._held.push(EOF_MARK);
      return;
    }
    this._deliverEof();
  };

  /** @internal */ private _deliverData(chunk: Buffer): void {
    try {
      if (this._buffered) feedBufferedProtocol(this._protocol as BufferedProtocol, chunk);
      else (this._protocol as Protocol).dataReceived(chunk);
    } catch (error) {
      this._fatalError(error, "Fatal error: protocol.data_received() call failed.");
    }
  }

  /** @internal */ private _deliverEof(): void {
    this._readEnded = true;
    let keepOpen: unknown;
    try {
      keepOpen = (this._protocol as Protocol).eofReceived();
    } catch (error) {
      this._fatalError(error, "Fatal error: protocol.eof_received() call failed.");
      return;
    }
    if (keepOpen && this._tls) {
      console.warn("returning true from eof_received() has no effect when using ssl");
      keepOpen = false;
    }
    if (!keepOpen) this.close();
  }

  /** @internal delivers what was held while paused, until paused again. */
  readonly _deliverHeld = (): void => {
    while (this._held.length > 0 && !this._paused && !this._closing && !this._connLost) {
      const item = this._held.shift() as Buffer | typeof EOF_MARK;
      if (item === EOF_MARK) {
        this._deliverEof();
      } else {
        this._heldBytes -= item.length;
        this._deliverData(item);
      }
    }
  };

  /** @internal */
  readonly _receiveError = (error: Error): void => {
    if (this._connLost || this._detached) return;
    const exc = fromNodeError(error);
    const syscall = (error as { syscall?: string }).syscall;
    const message =
      syscall === "read"
        ? "Fatal read error on socket transport"
        : syscall === "write"
          ? "Fatal write error on socket transport"
          : "Fatal error on transport";
    this._fatalError(exc, message);
  };

  /** @internal */
  readonly _socketClosed = (): void => {
    if (this._connLost || this._detached) return;
    // Both halves were closed in order (writeEof, then the peer's EOF): the user closes.
    if (this._nodeEnded && this._eof) return;
    this._forceClose(null);
  };

  /** @internal */
  readonly _afterWrite = (): void => {
    this._afterWriteScheduled = false;
    if (this._connLost) return;
    const size = this._socket.writableLength;
    this._flow.maybeResume(size, this._protocol);
    if (size === 0 && this._closing && !this._connLost) {
      this._connLost++;
      this._callConnectionLost(null);
    }
  };

  /** @internal Python's `_fatal_error`. */
  _fatalError(exc: unknown, message = "Fatal error on transport"): void {
    if (exc instanceof OSError || isSystemError(exc)) {
      if (this._loop.getDebug()) console.debug(`${this.toString()}: ${message}`, exc);
    } else {
      this._loop.callExceptionHandler({ message, exception: exc, transport: this, protocol: this._protocol });
    }
    this._forceClose(exc);
  }

  /** @internal Python's `_force_close`: drop buffers, close now, tell the protocol next iteration. */
  _forceClose(exc: unknown): void {
    if (this._connLost) return;
    this._held.length = 0;
    this._heldBytes = 0;
    this._closing = true;
    this._connLost++;
    this._socket.destroy();
    schedule(this._loop, callConnectionLost, [this, exc]);
  }

  /** @internal */
  _callConnectionLost(exc: unknown): void {
    const protocol = this._protocol;
    try {
      if (this._protocolConnected) protocol.connectionLost(exc);
    } finally {
      const socket = this._socket;
      if (!socket.destroyed) {
        if (exc !== null && exc !== undefined) socket.destroy();
        else if (this._tls) closeTlsGracefully(socket, this._sslShutdownTimeout);
        else {
          socket.destroySoon();
          socket.unref();
        }
      }
      untrackResource(this._loop, socket);
      const server = this._server;
      this._server = undefined;
      server?._detach(this);
    }
  }

  // ---- Transport API.

  override getProtocol(): BaseProtocol {
    return this._protocol;
  }

  override setProtocol(protocol: BaseProtocol): void {
    this._protocol = protocol;
    this._buffered = isBuffered(protocol);
    this._protocolConnected = true;
  }

  override isClosing(): boolean {
    return this._closing;
  }

  override isReading(): boolean {
    return !this._closing && !this._paused;
  }

  override pauseReading(): void {
    if (!this.isReading()) return;
    // The protocol gets nothing until resumeReading(); Node's socket goes on until enough is held.
    this._paused = true;
    if (this._loop.getDebug()) console.debug(`${this.toString()} pauses reading`);
  }

  override resumeReading(): void {
    if (this._closing || !this._paused) return;
    this._paused = false;
    if (this._held.length > 0) schedule(this._loop, this._deliverHeld, undefined);
    if (this._socketPaused) {
      this._socketPaused = false;
      if (this._readingStarted && !this._readEnded) this._socket.resume();
    }
    if (this._loop.getDebug()) console.debug(`${this.toString()} resumes reading`);
  }

  override setWriteBufferLimits(limits?: WriteBufferLimits | number, low?: number): void {
    this._flow.setLimits(limits, low);
    this._flow.maybePause(this.getWriteBufferSize(), this._protocol);
  }

  override getWriteBufferLimits(): [number, number] {
    return [this._flow.low, this._flow.high];
  }

  override getWriteBufferSize(): number {
    return this._connLost ? 0 : this._socket.writableLength;
  }

  /** True while the protocol is paused by the write buffer (Python's `is_protocol_paused`). @internal */
  _isProtocolPaused(): boolean {
    return this._flow.protocolPaused;
  }

  override write(data: Uint8Array | ArrayBufferView): void {
    if (!isBytesLike(data)) throw new TypeError(`data argument must be a bytes-like object, not '${typeName(data)}'`);
    if (this._eof) throw new RuntimeError("Cannot call write() after write_eof()");
    if (data.byteLength === 0) return;
    if (this._connLost) {
      if (this._connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) console.warn("socket.send() raised exception.");
      this._connLost++;
      return;
    }
    this._socket.write(asBytes(data), this._onWriteDone);
    this._flow.maybePause(this._socket.writableLength, this._protocol);
  }

  override writelines(listOfData: Iterable<Uint8Array | ArrayBufferView>): void {
    if (this._eof) throw new RuntimeError("Cannot call writelines() after write_eof()");
    const chunks: Uint8Array[] = [];
    for (const data of listOfData) {
      checkBytes(data, "data argument");
      if (data.byteLength > 0) chunks.push(asBytes(data));
    }
    if (chunks.length === 0) return;
    if (this._connLost) {
      if (this._connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) console.warn("socket.send() raised exception.");
      this._connLost++;
      return;
    }
    const socket = this._socket;
    socket.cork();
    for (const chunk of chunks) socket.write(chunk, this._onWriteDone);
    socket.uncork();
    this._flow.maybePause(socket.writableLength, this._protocol);
  }

  override canWriteEof(): boolean {
    return !this._tls;
  }

  override writeEof(): void {
    if (this._tls) throw new NotImplementedError("SSL doesn't support half-closes");
    if (this._closing || this._eof) return;
    this._eof = true;
    // Node sends what is buffered, then shuts the write side down.
    this._socket.end();
  }

  override close(): void {
    if (this._closing) return;
    this._closing = true;
    this._held.length = 0;
    this._heldBytes = 0;
    this._socket.pause();
    if (this._socket.writableLength === 0 || this._socket.destroyed) {
      this._connLost++;
      schedule(this._loop, callConnectionLost, [this, null]);
    }
    // Otherwise the last write completion calls connectionLost (see _afterWrite).
  }

  override abort(): void {
    this._forceClose(null);
  }

  /**
   * @internal hands the socket over (startTls): stops reporting to the protocol and gives back
   * what was received but not delivered, so that the TLS layer reads it first.
   */
  _detach(): Socket {
    this._detached = true;
    this._closing = true;
    this._connLost++;
    const socket = this._socket;
    socket.pause();
    socket.off("data", this._onNodeData);
    socket.off("end", this._onNodeEnd);
    socket.off("error", this._onNodeError);
    socket.off("close", this._onNodeClose);
    // Chunks Node gave that were not delivered yet come after the held ones.
    for (let index = this._incoming.length - 1; index >= 0; index--) socket.unshift(this._incoming[index] as Buffer);
    this._incoming = [];
    this._incomingOpen = false;
    for (let index = this._held.length - 1; index >= 0; index--) {
      const item = this._held[index];
      if (item !== EOF_MARK && item !== undefined) socket.unshift(item);
    }
    this._held.length = 0;
    this._heldBytes = 0;
    untrackResource(this._loop, socket);
    const server = this._server;
    this._server = undefined;
    server?._detach(this);
    return socket;
  }

  override toString(): string {
    const info: string[] = [this.constructor.name];
    if (this._socket.destroyed && this._connLost) info.push("closed");
    else if (this._closing) info.push("closing");
    else info.push("open");
    const fd = (this._socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd === "number") info.push(`fd=${fd}`);
    info.push(`read=${this.isReading() ? "polling" : "idle"}`);
    const size = this.getWriteBufferSize();
    info.push(`write=<${size > 0 ? "polling" : "idle"}, bufsize=${size}>`);
    return `<${info.join(" ")}>`;
  }
}

/** The ready item that delivers a transport's received chunks (one per transport, reused). */
class IncomingData implements ReadyItem {
  /** @internal */ readonly _cancelled = false;

  constructor(private readonly transport: SocketTransport) {}

  /** @internal */ _run(): void {
    this.transport._runIncoming();
  }

  toString(): string {
    return "<Handle _receiveData()>";
  }
}

function callConnectionMade(transport: SocketTransport): void {
  if (transport._detached) return;
  transport._protocol.connectionMade(transport);
}

function startReading(transport: SocketTransport): void {
  transport._readingStarted = true;
  if (transport._closing || transport._detached) return;
  // Paused before reading started: the socket starts with resumeReading().
  if (transport._paused) transport._socketPaused = true;
  else transport._socket.resume();
}

function callConnectionLost([transport, exc]: [SocketTransport, unknown]): void {
  transport._callConnectionLost(exc);
}
