import { setWaitDescription } from "./task-tree.js";
import { callCoroutine } from "./coroutine-call.js";
import type { AbstractEventLoop } from "./internal/abstract-event-loop.js";
import { isCancelledError } from "./exceptions/cancelled-error.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import type { Future } from "./future.js";
import { sleep } from "./sleep.js";
import type { BaseTransport } from "./transports/base-transport.js";
import type { TransportSocket } from "./transports/transport-socket.js";

/** A listening socket of a {@link Server}. */
export interface ServerListener {
  readonly socket: TransportSocket;
  /** Starts handing accepted connections to the server. */
  start(server: Server): void;
  /** Stops listening; connections not yet handed over are dropped. */
  stop(): void;
}

/**
 * A listening server, as Python's `asyncio.Server`: made by `loop.createServer()`,
 * `loop.createUnixServer()`, and the streams package's `startServer()`/`startUnixServer()`.
 *
 * `close()` stops listening (connections already accepted stay open); `waitClosed()` waits
 * until it is closed and every one of its connections is closed too (Python 3.12.1+).
 * `await server.with(async (server) => ...)` closes it and waits for that on exit, as
 * `async with server:` does.
 *
 * @example
 * ```ts
 * const server = await startServer(handleClient, "127.0.0.1", 8888);
 * await server.with(async () => {
 *   await server.serveForever();
 * });
 * ```
 */
export class Server {
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ _listeners: ServerListener[] | null;
  /** @internal */ readonly _clients = new Set<BaseTransport>();
  /** @internal */ _waiters: Array<Future<void>> | null = [];
  /** @internal */ _serving = false;
  /** @internal */ _servingForeverFuture: Future<void> | null = null;
  /** @internal */ readonly _backlog: number;

  /** @internal made by the loop's createServer methods */
  constructor(loop: AbstractEventLoop, listeners: ServerListener[], backlog = 100) {
    this._loop = loop;
    this._listeners = listeners;
    this._backlog = backlog;
  }

  /** @internal a transport of this server was made */
  _attach(transport: BaseTransport): void {
    this._clients.add(transport);
  }

  /** @internal a transport of this server was closed */
  _detach(transport: BaseTransport): void {
    this._clients.delete(transport);
    if (this._clients.size === 0 && this._listeners === null) this._wakeup();
  }

  /** @internal */
  _wakeup(): void {
    const waiters = this._waiters;
    this._waiters = null;
    if (waiters === null) return;
    for (const waiter of waiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  /** @internal */
  _startServing(): void {
    if (this._serving || this._listeners === null) return;
    this._serving = true;
    for (const listener of this._listeners) listener.start(this);
  }

  /** The loop the server runs on. */
  getLoop(): AbstractEventLoop {
    return this._loop;
  }

  /** True while the server accepts connections. */
  isServing(): boolean {
    return this._serving;
  }

  /**
   * The listening sockets, whose `getsockname()` is `[host, port]` (TCP) or the path (Unix);
   * empty once the server is closed.
   */
  get sockets(): readonly TransportSocket[] {
    return this._listeners === null ? [] : this._listeners.map((listener) => listener.socket);
  }

  /**
   * Stops listening. Connections already accepted are left open (see {@link closeClients} and
   * {@link abortClients}). Cancels a pending {@link serveForever}.
   */
  close(): void {
    const listeners = this._listeners;
    if (listeners === null) return;
    this._listeners = null;
    for (const listener of listeners) listener.stop();
    this._serving = false;
    const forever = this._servingForeverFuture;
    if (forever !== null && !forever.done()) {
      forever.cancel();
      this._servingForeverFuture = null;
    }
    if (this._clients.size === 0) this._wakeup();
  }

  /** Closes every connection of the server (Python 3.13's `close_clients()`). */
  closeClients(): void {
    for (const transport of [...this._clients]) transport.close();
  }

  /** Aborts every connection of the server (Python 3.13's `abort_clients()`). */
  abortClients(): void {
    for (const transport of [...this._clients]) (transport as BaseTransport & { abort(): void }).abort();
  }

  /** Starts accepting connections (if `startServing: false` was passed); resolves one iteration later. */
  startServing(): Future<void> {
    this._startServing();
    // Python skips one loop iteration so that the listeners are in place.
    return sleep(0);
  }

  /**
   * Accepts connections until cancelled; cancelling it closes the server and waits for it to
   * be closed. Throws `RuntimeError` if the server is closed or already serving forever.
   */
  serveForever(): Future<void> {
    return setWaitDescription(
      callCoroutine(async () => {
        if (this._servingForeverFuture !== null) {
          throw new RuntimeError(`server ${this.toString()} is already being awaited on serve_forever()`);
        }
        if (this._listeners === null) throw new RuntimeError(`server ${this.toString()} is closed`);
        this._startServing();
        const forever = this._loop.createFuture<void>();
        this._servingForeverFuture = forever;
        try {
          await forever;
        } catch (error) {
          if (isCancelledError(error)) {
            try {
              this.close();
              await this.waitClosed();
            } finally {
              // biome-ignore lint/correctness/noUnsafeFinally: the serving error replaces any error from closing, as in Python
              throw error;
            }
          }
          throw error;
        } finally {
          if (this._servingForeverFuture === forever) this._servingForeverFuture = null;
        }
      }, this._loop),
      "Server.serveForever()",
    );
  }

  /**
   * Waits until the server is closed and all its connections are closed (returns at once if
   * that already happened).
   */
  waitClosed(): Future<void> {
    return setWaitDescription(
      callCoroutine(async () => {
        if (this._waiters === null) return;
        const waiter = this._loop.createFuture<void>();
        this._waiters.push(waiter);
        await waiter;
      }, this._loop),
      "Server.waitClosed()",
    );
  }

  /**
   * Python's `async with server:`: runs `body(server)`, then closes the server and waits for
   * it to be closed, whether the body succeeded or not. Resolves with the body's result.
   *
   * @example
   * ```ts
   * await server.with(async (server) => {
   *   await server.serveForever();
   * });
   * ```
   */
  with<T>(body: (server: this) => PromiseLike<T> | T): Future<T> {
    return callCoroutine(async () => {
      let result: T;
      try {
        result = await body(this);
      } finally {
        this.close();
        await this.waitClosed();
      }
      return result;
    }, this._loop);
  }

  /** `await using server = ...`: closes the server and waits for it. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  toString(): string {
    const sockets = this.sockets.map((socket) => socket.toString()).join(", ");
    return `<Server sockets=(${sockets})>`;
  }
}
