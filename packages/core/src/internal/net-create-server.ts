// loop.createServer and loop.createUnixServer (Python's base_events and unix_events) over
// node:net listeners; accepted connections become SocketTransports (TLS after a handshake).
import { lstatSync, unlinkSync } from "node:fs";
import type { Server as NodeServer, Socket } from "node:net";
import type { SecureContext } from "node:tls";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { callCoroutine } from "../coroutine-call.js";
import { OSError } from "../exceptions/os-error.js";
import { ValueError } from "../exceptions/value-error.js";
import { Future } from "../future.js";
import type { BaseProtocol } from "../protocols/base-protocol.js";
import { Server, type ServerListener } from "../server.js";
import { sleep } from "../sleep.js";
import { AddressFamily, SocketKind, type AddressInfo } from "../transports/address-family.js";
import { TransportSocket } from "../transports/transport-socket.js";
import { formatAddress } from "./net-bytes.js";
import { isSystemError, makeOSError, strerrorOf } from "./net-errors.js";
import { AI_PASSIVE } from "./net-getaddrinfo.js";
import { ensureResolved } from "./net-create-connection.js";
import { trackResource, untrackResource } from "./net-loop-resources.js";
import { post, schedule } from "./net-post.js";
import { SocketTransport } from "./net-socket-transport.js";
import { loadTls, serverHandshake, serverSecureContext, SSL_HANDSHAKE_TIMEOUT, type SSLOption } from "./tls-support.js";
import { failedIfClosed } from "./closed-loop.js";
import { nodeNet } from "./node-builtins.js";

/** Options of `loop.createServer()`, Python's keyword arguments. */
export interface CreateServerOptions {
  /** `AddressFamily.AF_INET`/`AF_INET6` to restrict resolution. */
  readonly family?: number;
  /** getaddrinfo flags (default `AI_PASSIVE`). */
  readonly flags?: number;
  /** A listening `net.Server` to serve on instead of host and port. */
  readonly sock?: NodeServer | null;
  /** The listen backlog (default 100). */
  readonly backlog?: number;
  /** TLS: a `tls.SecureContext` or `tls.createSecureContext()` options (`key`, `cert`, ...) plus `requestCert`, `rejectUnauthorized`. */
  readonly ssl?: SSLOption | null;
  /** Node always sets SO_REUSEADDR on listening TCP sockets; `false` cannot turn it off. */
  readonly reuseAddress?: boolean | null;
  /** SO_REUSEPORT (Node >= 22.12 / 23.1); throws `ValueError` where Node cannot set it. */
  readonly reusePort?: boolean | null;
  /** Accepted for Python 3.13's sake: Node cannot set SO_KEEPALIVE on a listener (it is set per connection). */
  readonly keepAlive?: boolean | null;
  readonly sslHandshakeTimeout?: number | null;
  readonly sslShutdownTimeout?: number | null;
  /** Start accepting at once (default true); else call `server.startServing()` or `serveForever()`. */
  readonly startServing?: boolean;
}

/** Options of `loop.createUnixServer()`. */
export interface CreateUnixServerOptions {
  readonly sock?: NodeServer | null;
  readonly backlog?: number;
  readonly ssl?: SSLOption | null;
  readonly sslHandshakeTimeout?: number | null;
  readonly sslShutdownTimeout?: number | null;
  readonly startServing?: boolean;
  /** Remove the socket file when the server closes (Python 3.13; Node always does). */
  readonly cleanupSocket?: boolean;
}

interface AcceptSetup {
  readonly loop: AbstractEventLoop;
  readonly protocolFactory: () => BaseProtocol;
  readonly ssl: SSLOption | null | undefined;
  readonly secureContext: SecureContext | undefined;
  readonly sslHandshakeTimeout: number;
  readonly sslShutdownTimeout: number | null | undefined;
  readonly unixPath: string | undefined;
}

function ignoreError(): void {}

/** One listening node:net server of a Server: holds connections until the Server starts serving. */
class NetListener implements ServerListener {
  readonly socket: TransportSocket;
  private server: Server | undefined;
  private pending: Socket[] | undefined = [];
  private stopped = false;

  constructor(
    private readonly nodeServer: NodeServer,
    private readonly setup: AcceptSetup,
    family: number,
  ) {
    const address = (): AddressInfo[4] | string | undefined => {
      const value = nodeServer.address();
      if (value === null) return setup.unixPath;
      if (typeof value === "string") return value;
      return [value.address, value.port];
    };
    this.socket = new TransportSocket({
      family,
      type: SocketKind.SOCK_STREAM,
      handle: nodeServer,
      sockname: () => address() as [string, number] | string | undefined,
      peername: () => undefined,
    });
    nodeServer.on("connection", this.onConnection);
    nodeServer.on("error", this.onError);
    trackResource(setup.loop, nodeServer);
  }

  private readonly onConnection = (socket: Socket): void => {
    socket.on("error", ignoreError);
    if (this.stopped) {
      socket.destroy();
      return;
    }
    if (this.pending !== undefined) {
      this.pending.push(socket);
      return;
    }
    if (!post(this.setup.loop, this.accept, socket)) socket.destroy();
  };

  private readonly onError = (error: Error): void => {
    post(
      this.setup.loop,
      (failure: Error) => {
        this.setup.loop.callExceptionHandler({
          message: "socket.accept() out of system resource",
          exception: failure,
          socket: this.socket,
        });
      },
      error,
    );
  };

  start(server: Server): void {
    this.server = server;
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const socket of pending) schedule(this.setup.loop, this.accept, socket);
  }

  stop(): void {
    this.stopped = true;
    for (const socket of this.pending ?? []) socket.destroy();
    this.pending = undefined;
    this.nodeServer.close();
    untrackResource(this.setup.loop, this.nodeServer);
  }

  /** Python's `_accept_connection2`. */
  private readonly accept = (socket: Socket): void => {
    const { loop, protocolFactory, ssl, unixPath } = this.setup;
    const server = this.server;
    if (this.stopped || server === undefined) {
      socket.destroy();
      return;
    }
    let protocol: BaseProtocol;
    try {
      protocol = protocolFactory();
    } catch (error) {
      socket.destroy();
      if (loop.getDebug())
        loop.callExceptionHandler({ message: "Error on transport creation for incoming connection", exception: error });
      return;
    }
    socket.off("error", ignoreError);
    if (!ssl) {
      new SocketTransport(loop, socket, protocol, { server, unixPath, unixSide: "server" });
      return;
    }
    const handshake = serverHandshake(
      loop,
      loadTls() as typeof import("node:tls"),
      socket,
      this.setup.secureContext as SecureContext,
      ssl,
      this.setup.sslHandshakeTimeout,
    );
    handshake.addDoneCallback((done) => {
      if (done.cancelled()) return;
      const error = done.exception();
      if (error !== undefined) {
        if (loop.getDebug()) loop.callExceptionHandler({ message: "SSL handshake failed", exception: error, protocol });
        return;
      }
      new SocketTransport(loop, done.result(), protocol, {
        server,
        sslContext: ssl,
        sslShutdownTimeout: this.setup.sslShutdownTimeout,
        unixPath,
        unixSide: "server",
      });
    });
  };
}

/** Listens with `nodeServer`; the future fails with Python's bind error. */
function listen(
  loop: AbstractEventLoop,
  nodeServer: NodeServer,
  options: Parameters<NodeServer["listen"]>[0] & object,
  address: unknown,
): Future<void> {
  const future = new Future<void>({ loop });
  const onListening = (): void => {
    nodeServer.off("error", onError);
    post(
      loop,
      () => {
        if (!future.done()) future.setResult(undefined);
        else nodeServer.close();
      },
      undefined,
    );
  };
  const onError = (error: Error): void => {
    nodeServer.off("listening", onListening);
    post(
      loop,
      () => {
        if (future.done()) return;
        if (isSystemError(error)) {
          const code = error.code as string;
          future.setException(
            makeOSError(
              code,
              `error while attempting to bind on address ${formatAddress(address)}: ${strerrorOf(code).toLowerCase()}`,
              error,
            ),
          );
        } else {
          future.setException(error);
        }
      },
      undefined,
    );
  };
  nodeServer.once("listening", onListening);
  nodeServer.once("error", onError);
  try {
    nodeServer.listen(options);
  } catch (error) {
    nodeServer.off("listening", onListening);
    nodeServer.off("error", onError);
    future.setException(error);
  }
  return future;
}

function reusePortSupported(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}

async function prepareSsl(ssl: SSLOption | null | undefined): Promise<SecureContext | undefined> {
  if (ssl === null || ssl === undefined || ssl === false) return undefined;
  const tls = await loadTls();
  return serverSecureContext(tls, ssl);
}

function checkServerSsl(
  ssl: SSLOption | null | undefined,
  options: { sslHandshakeTimeout?: number | null; sslShutdownTimeout?: number | null },
): void {
  if (typeof ssl === "boolean") throw new TypeError("ssl argument must be an SSLContext or None");
  if (options.sslHandshakeTimeout !== null && options.sslHandshakeTimeout !== undefined && !ssl) {
    throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  }
  if (options.sslShutdownTimeout !== null && options.sslShutdownTimeout !== undefined && !ssl) {
    throw new ValueError("ssl_shutdown_timeout is only meaningful with ssl");
  }
}

function adoptNodeServer(sock: unknown): NodeServer {
  if (!(sock instanceof nodeNet().Server)) throw new ValueError(`A Stream Socket was expected, got ${String(sock)}`);
  return sock;
}

/** `loop.createServer(protocolFactory, host, port, options)`. */
export function createServer(
  loop: AbstractEventLoop,
  protocolFactory: () => BaseProtocol,
  host: string | readonly string[] | null | undefined,
  port: number | string | null | undefined,
  options: CreateServerOptions = {},
): Future<Server> {
  const closed = failedIfClosed<Server>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const ssl = options.ssl;
    checkServerSsl(ssl, options);
    if (options.reusePort && !reusePortSupported()) throw new ValueError("reuse_port not supported by socket module");
    const backlog = options.backlog ?? 100;
    const secureContext = await prepareSsl(ssl);
    const setup: AcceptSetup = {
      loop,
      protocolFactory,
      ssl,
      secureContext,
      sslHandshakeTimeout: options.sslHandshakeTimeout ?? SSL_HANDSHAKE_TIMEOUT,
      sslShutdownTimeout: options.sslShutdownTimeout,
      unixPath: undefined,
    };
    const listeners: NetListener[] = [];
    if ((host !== null && host !== undefined) || (port !== null && port !== undefined)) {
      if (options.sock !== null && options.sock !== undefined)
        throw new ValueError("host/port and sock can not be specified at the same time");
      if (typeof port === "number" && (!Number.isInteger(port) || port < 0 || port > 65535))
        throw new RangeError("bind(): port must be 0-65535.");
      const hosts: Array<string | null | undefined> =
        host === "" ? [null] : typeof host === "string" || host === null || host === undefined ? [host] : [...host];
      const resolveOptions = {
        family: options.family ?? 0,
        type: SocketKind.SOCK_STREAM,
        flags: options.flags ?? AI_PASSIVE,
      };
      const infos: AddressInfo[] = [];
      const seen = new Set<string>();
      for (const oneHost of hosts) {
        const found = await ensureResolved(loop, oneHost, port, resolveOptions);
        if (found.length === 0) throw new OSError(`getaddrinfo(${formatAddress(oneHost)}) returned empty list`);
        for (const info of found) {
          const key = JSON.stringify(info);
          if (!seen.has(key)) {
            seen.add(key);
            infos.push(info);
          }
        }
      }
      let completed = false;
      try {
        for (const info of infos) {
          const [family, , , , address] = info;
          const nodeServer = nodeNet().createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true });
          const listenOptions: Record<string, unknown> = {
            host: address[0],
            port: address[1],
            backlog,
            // Python turns dual stack off: each IPv6 socket listens on IPv6 only.
            ipv6Only: family === AddressFamily.AF_INET6,
          };
          if (options.reusePort) listenOptions.reusePort = true;
          try {
            await listen(loop, nodeServer, listenOptions, address);
          } catch (error) {
            // Assume the family is not enabled (bpo-30945).
            if (error instanceof OSError && error.code === "EADDRNOTAVAIL") continue;
            throw error;
          }
          listeners.push(new NetListener(nodeServer, setup, family));
        }
        if (listeners.length === 0) {
          throw new OSError(
            `could not bind on any address out of [${infos.map((info) => formatAddress(info[4])).join(", ")}]`,
          );
        }
        completed = true;
      } finally {
        if (!completed) for (const listener of listeners) listener.stop();
      }
    } else {
      if (options.sock === null || options.sock === undefined)
        throw new ValueError("Neither host/port nor sock were specified");
      const nodeServer = adoptNodeServer(options.sock);
      const address = nodeServer.address();
      const family =
        typeof address === "object" && address !== null && address.family === "IPv6"
          ? AddressFamily.AF_INET6
          : typeof address === "string"
            ? AddressFamily.AF_UNIX
            : AddressFamily.AF_INET;
      if (!nodeServer.listening) await listen(loop, nodeServer, { port: 0, backlog }, ["", 0]);
      listeners.push(new NetListener(nodeServer, setup, family));
    }
    const server = new Server(loop, listeners, backlog);
    if (options.startServing ?? true) {
      server._startServing();
      // Python skips one loop iteration so that the listeners are in place.
      await sleep(0);
    }
    return server;
  }, loop);
}

/** `loop.createUnixServer(protocolFactory, path, options)`. */
export function createUnixServer(
  loop: AbstractEventLoop,
  protocolFactory: () => BaseProtocol,
  path: string | null | undefined,
  options: CreateUnixServerOptions = {},
): Future<Server> {
  const closed = failedIfClosed<Server>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const ssl = options.ssl;
    checkServerSsl(ssl, options);
    const backlog = options.backlog ?? 100;
    const secureContext = await prepareSsl(ssl);
    let nodeServer: NodeServer;
    let unixPath: string;
    if (path !== null && path !== undefined) {
      if (options.sock !== null && options.sock !== undefined)
        throw new ValueError("path and sock can not be specified at the same time");
      unixPath = String(path);
      if (!unixPath.startsWith("\0")) {
        // Remove a stale socket left by a previous server, as Python does.
        try {
          if (lstatSync(unixPath).isSocket()) unlinkSync(unixPath);
        } catch (error) {
          if (!(isSystemError(error) && error.code === "ENOENT"))
            console.error(`Unable to check or remove stale UNIX socket ${formatAddress(unixPath)}: ${String(error)}`);
        }
      }
      nodeServer = nodeNet().createServer({ allowHalfOpen: true, pauseOnConnect: true });
      await listen(loop, nodeServer, { path: unixPath, backlog }, unixPath);
    } else {
      if (options.sock === null || options.sock === undefined)
        throw new ValueError("path was not specified, and no sock specified");
      nodeServer = adoptNodeServer(options.sock);
      const address = nodeServer.address();
      if (typeof address !== "string")
        throw new ValueError(`A UNIX Domain Stream Socket was expected, got ${String(options.sock)}`);
      unixPath = address;
    }
    const setup: AcceptSetup = {
      loop,
      protocolFactory,
      ssl,
      secureContext,
      sslHandshakeTimeout: options.sslHandshakeTimeout ?? SSL_HANDSHAKE_TIMEOUT,
      sslShutdownTimeout: options.sslShutdownTimeout,
      unixPath,
    };
    const server = new Server(loop, [new NetListener(nodeServer, setup, AddressFamily.AF_UNIX)], backlog);
    if (options.startServing ?? true) {
      server._startServing();
      await sleep(0);
    }
    return server;
  }, loop);
}
