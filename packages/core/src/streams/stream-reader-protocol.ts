import type { AbstractEventLoop } from "../internal/abstract-event-loop.js";
import type { Future } from "../future.js";
import type { Task } from "../task.js";
import type { Transport } from "../transports/transport.js";
import type { BaseTransport } from "../transports/base-transport.js";
import { FlowControlMixin } from "./flow-control-mixin.js";
import type { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";

/** What `startServer` calls for each connection: `(reader, writer) => ...`, sync or async. */
export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => unknown;

const AsyncFunction = (async () => {}).constructor;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair, as
 * Python's `asyncio.StreamReaderProtocol`: it feeds received data and EOF to the reader, and,
 * for a server, calls `clientConnectedCb(reader, writer)` once connected. An async callback
 * runs in its own Task (as Python wraps a coroutine callback in a task); when it fails, the
 * error goes to the loop's exception handler and the connection is closed.
 *
 * It works over any {@link Transport} (sockets, TLS, pipes).
 *
 * @example
 * ```ts
 * const reader = new StreamReader();
 * const protocol = new StreamReaderProtocol(reader);
 * const [transport] = await loop.createConnection(() => protocol, "127.0.0.1", 8888);
 * const writer = new StreamWriter(transport, protocol, reader, loop);
 * ```
 */
export class StreamReaderProtocol extends FlowControlMixin {
  /** @internal */ _streamReader: StreamReader | null;
  /** @internal */ _streamWriter: StreamWriter | null = null;
  /** @internal */ _task: Task<unknown> | null = null;
  /** @internal */ _transport: BaseTransport | null = null;
  /** @internal */ readonly _clientConnectedCb: ClientConnectedCallback | null;
  /** @internal */ _overSsl = false;
  /** @internal */ readonly _closed: Future<void>;

  /**
   * @param streamReader - the reader to feed
   * @param clientConnectedCb - for servers: called with `(reader, writer)` once connected
   * @param loop - the loop (default: the current event loop)
   */
  constructor(
    streamReader: StreamReader | null,
    clientConnectedCb: ClientConnectedCallback | null = null,
    loop?: AbstractEventLoop,
  ) {
    super(loop ?? streamReader?._loop);
    this._streamReader = streamReader;
    this._clientConnectedCb = clientConnectedCb;
    this._closed = this._loop.createFuture<void>();
  }

  /** @internal used by `StreamWriter.startTls()` */
  _replaceWriter(writer: StreamWriter): void {
    const transport = writer.transport;
    this._streamWriter = writer;
    this._transport = transport;
    this._overSsl = transport.getExtraInfo("sslcontext") !== undefined;
  }

  override connectionMade(transport: BaseTransport): void {
    this._transport = transport;
    const reader = this._streamReader;
    reader?.setTransport(transport);
    this._overSsl = transport.getExtraInfo("sslcontext") !== undefined;
    const callback = this._clientConnectedCb;
    if (callback === null) return;
    const writer = new StreamWriter(transport as Transport, this, reader, this._loop);
    this._streamWriter = writer;
    if (callback instanceof AsyncFunction) {
      this._watchTask(
        this._loop.createTask(() => callback(reader as StreamReader, writer) as PromiseLike<unknown>),
        transport,
      );
      return;
    }
    const result = callback(reader as StreamReader, writer);
    if (isThenable(result))
      this._watchTask(
        this._loop.createTask(() => result),
        transport,
      );
  }

  /** @internal */ private _watchTask(task: Task<unknown>, transport: BaseTransport): void {
    this._task = task;
    task.addDoneCallback((done) => {
      if (done.cancelled()) {
        transport.close();
        return;
      }
      const exc = done.exception();
      if (exc !== undefined) {
        this._loop.callExceptionHandler({
          message: "Unhandled exception in client_connected_cb",
          exception: exc,
          transport,
        });
        transport.close();
      }
    });
  }

  override connectionLost(exc: unknown): void {
    const reader = this._streamReader;
    if (reader !== null) {
      if (exc === null || exc === undefined) reader.feedEof();
      else reader.setException(exc);
    }
    if (!this._closed.done()) {
      if (exc === null || exc === undefined) {
        this._closed.setResult(undefined);
      } else {
        this._closed.setException(exc);
        // Nobody may ever wait for it: do not report it as never retrieved.
        this._closed._markRetrieved();
      }
    }
    super.connectionLost(exc);
    this._streamReader = null;
    this._streamWriter = null;
    this._task = null;
    this._transport = null;
  }

  override dataReceived(data: Uint8Array): void {
    this._streamReader?.feedData(data);
  }

  override eofReceived(): boolean {
    this._streamReader?.feedEof();
    // Over TLS, keeping the connection half-open has no effect (and Python warns).
    return !this._overSsl;
  }

  override getCloseWaiter(_stream: unknown): Future<void> {
    return this._closed;
  }
}
