import { setWaitDescription } from "../task-tree.js";
import { callCoroutine } from "../coroutine-call.js";
import type { AbstractEventLoop } from "../internal/abstract-event-loop.js";
import { Future } from "../future.js";
import type { StartTlsOptions } from "../internal/net-create-connection.js";
import { connectionLostError, isFailedWrite } from "../internal/net-errors.js";
import type { SSLOption } from "../internal/tls-support.js";
import type { BaseProtocol } from "../protocols/base-protocol.js";
import { sleep } from "../sleep.js";
import type { Transport } from "../transports/transport.js";
import type { WriteTransport } from "../transports/write-transport.js";
import type { FlowControlMixin } from "./flow-control-mixin.js";
import type { StreamReader } from "./stream-reader.js";

/** What `startTls` uses of a StreamReaderProtocol (stream-reader-protocol.ts, which imports this file). */
interface ReaderProtocol extends BaseProtocol {
  /** @internal */ readonly _clientConnectedCb: unknown;
  /** @internal */ _replaceWriter(writer: StreamWriter): void;
}

/** A loop's own `startTls` (EventLoop's I/O method), called so that a subclass's override is used. */
interface TlsLoop extends AbstractEventLoop {
  startTls(
    transport: Transport,
    protocol: BaseProtocol,
    sslcontext: SSLOption,
    options?: StartTlsOptions,
  ): Future<Transport>;
}

/** Options of {@link StreamWriter.startTls}. */
export interface StreamWriterStartTlsOptions {
  /** The name the peer's certificate is checked against (client side). */
  readonly serverHostname?: string | null;
  /** Seconds the handshake may take (default 60). */
  readonly sslHandshakeTimeout?: number | null;
  /** Accepted for Python's sake. */
  readonly sslShutdownTimeout?: number | null;
}

/**
 * A byte stream to write to, as Python's `asyncio.StreamWriter`: `write()` buffers without
 * waiting; `await writer.drain()` waits while the transport's buffer is over its high-water
 * mark (real backpressure: a slow reader on the other side makes it wait).
 *
 * Close it with `writer.close(); await writer.waitClosed()`, or run a body with
 * `await writer.with(async (writer) => ...)`, which does that on exit. Data written before
 * `close()` is still sent.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", 8888);
 * writer.write(Buffer.from("hello\n"));
 * await writer.drain();
 * writer.close();
 * await writer.waitClosed();
 * ```
 */
export class StreamWriter {
  /** @internal */ _transport: WriteTransport | Transport;
  /** @internal */ readonly _protocol: FlowControlMixin;
  /** @internal */ readonly _reader: StreamReader | null;
  /** @internal */ readonly _loop: AbstractEventLoop;

  /**
   * @param transport - the transport to write to (any {@link WriteTransport})
   * @param protocol - the transport's protocol, a {@link FlowControlMixin} (such as a `StreamReaderProtocol`)
   * @param reader - the reader of the same connection, whose error `drain()` reports, or `null`
   * @param loop - the loop
   */
  constructor(
    transport: WriteTransport | Transport,
    protocol: FlowControlMixin,
    reader: StreamReader | null,
    loop: AbstractEventLoop,
  ) {
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader;
    this._loop = loop;
  }

  /** The transport underneath. */
  get transport(): Transport {
    return this._transport as Transport;
  }

  /**
   * Writes `data` (a `Uint8Array`) to the transport's buffer. Anything else throws
   * `TypeError("data argument must be a bytes-like object, not '...'")`. After `close()` the
   * data is dropped silently, as in Python; `drain()` then reports the closed connection.
   */
  write(data: Uint8Array | ArrayBufferView): void {
    this._transport.write(data);
  }

  /** Writes each chunk in `data`, in order. */
  writelines(data: Iterable<Uint8Array | ArrayBufferView>): void {
    this._transport.writelines(data);
  }

  /** Closes the write half after the buffered data is sent. */
  writeEof(): void {
    this._transport.writeEof();
  }

  /** True if {@link writeEof} is supported (not over TLS). */
  canWriteEof(): boolean {
    return this._transport.canWriteEof();
  }

  /** Closes the stream (buffered data is still sent). Wait for it with {@link waitClosed}. */
  close(): void {
    this._transport.close();
  }

  /** True once the stream is closing or closed. */
  isClosing(): boolean {
    return this._transport.isClosing();
  }

  /** Waits until the connection is closed; throws the error it was lost with, if any. */
  waitClosed(): Future<void> {
    return setWaitDescription(
      callCoroutine(async () => {
        await this._protocol.getCloseWaiter(this);
      }, this._loop),
      "StreamWriter.waitClosed()",
    );
  }

  /** As `transport.getExtraInfo(name, defaultValue)`: `"peername"`, `"sockname"`, `"peercert"`, ... */
  getExtraInfo(name: string, defaultValue?: unknown): any {
    return this._transport.getExtraInfo(name, defaultValue);
  }

  /**
   * Waits until it is appropriate to write again: returns at once unless the transport's
   * buffer is over its high-water mark, then waits for it to drain to the low-water mark.
   * Throws the connection's error (for example `ConnectionResetError`) once it is lost, and
   * `ConnectionResetError("Connection lost")` after it was closed.
   */
  drain(): Future<void> {
    const reader = this._reader;
    if (reader !== null) {
      const exc = reader.exception();
      if (exc !== null) {
        const failed = new Future<void>({ loop: this._loop });
        failed._reject(isFailedWrite(exc) ? connectionLostError(exc) : exc);
        return failed;
      }
    }
    if (this._transport.isClosing()) {
      return callCoroutine(async () => {
        // Yield so that connectionLost() may be called, and a closed connection reported.
        await sleep(0);
        await this._protocol.drainHelper();
      }, this._loop);
    }
    return this._protocol.drainHelper();
  }

  /**
   * Upgrades the connection to TLS (Python 3.11's `start_tls`): the server side when the
   * writer came from `startServer`. `sslcontext` is as the `ssl` option of `openConnection`.
   */
  startTls(sslcontext: SSLOption, options: StreamWriterStartTlsOptions = {}): Future<void> {
    return callCoroutine(async () => {
      const protocol = this._protocol as unknown as ReaderProtocol;
      const serverSide = protocol._clientConnectedCb !== null && protocol._clientConnectedCb !== undefined;
      await this.drain();
      const upgraded = await (this._loop as TlsLoop).startTls(this._transport as Transport, protocol, sslcontext, {
        ...options,
        serverSide,
      });
      this._transport = upgraded;
      protocol._replaceWriter(this);
      if (this._reader !== null) this._reader._transport = upgraded;
    }, this._loop);
  }

  /**
   * Runs `body(writer)`, then closes the writer and waits for it to be closed, whether the body
   * succeeded or not. Resolves with the body's result.
   *
   * @example
   * ```ts
   * await writer.with(async (writer) => {
   *   writer.write(Buffer.from("bye\n"));
   *   await writer.drain();
   * });
   * ```
   */
  with<T>(body: (writer: this) => PromiseLike<T> | T): Future<T> {
    return callCoroutine(async () => {
      let result: T;
      try {
        result = await body(this);
      } catch (error) {
        this.close();
        try {
          await this.waitClosed();
        } catch {
          // The body's error is the one to report.
        }
        throw error;
      }
      this.close();
      await this.waitClosed();
      return result;
    }, this._loop);
  }

  /** `await using writer = ...`: closes the writer and waits for it to be closed. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  toString(): string {
    const info = ["StreamWriter", `transport=${this._transport.toString()}`];
    if (this._reader !== null) info.push(`reader=${this._reader.toString()}`);
    return `<${info.join(" ")}>`;
  }
}
