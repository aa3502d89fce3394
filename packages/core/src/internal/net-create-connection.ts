// loop.createConnection, loop.createUnixConnection and loop.startTls (Python's base_events and
// unix_events), over node:net and node:tls.
import type { Socket } from "node:net";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { callCoroutine } from "../coroutine-call.js";
import { ExceptionGroup } from "../exceptions/exception-group.js";
import { OSError } from "../exceptions/os-error.js";
import { ValueError } from "../exceptions/value-error.js";
import type { Future } from "../future.js";
import type { BaseProtocol } from "../protocols/base-protocol.js";
import { AddressFamily, SocketKind, type AddressInfo } from "../transports/address-family.js";
import type { Transport } from "../transports/transport.js";
import { connectSocket, isBindFailure } from "./net-connect.js";
import { ipaddrInfo, normalizeFamily, type GetaddrinfoOptions } from "./net-getaddrinfo.js";
import { guardSocket, SocketTransport } from "./net-socket-transport.js";
import { staggeredRace } from "./net-staggered-race.js";
import {
  clientHandshake,
  loadTls,
  serverHandshake,
  serverSecureContext,
  SSL_HANDSHAKE_TIMEOUT,
  type SSLOption,
} from "./tls-support.js";
import { failedIfClosed } from "./closed-loop.js";
import { nodeNet } from "./node-builtins.js";

/** Options of `loop.createConnection()`, Python's keyword arguments. */
export interface CreateConnectionOptions {
  /** TLS: `true`, a `tls.SecureContext`, or `tls.connect()` options (`ca`, `rejectUnauthorized`, ...). */
  readonly ssl?: SSLOption | null;
  /** `AddressFamily.AF_INET`/`AF_INET6` to restrict resolution (Node's 4 and 6 work too). */
  readonly family?: number;
  readonly proto?: number;
  readonly flags?: number;
  /** An already connected `net.Socket` to use instead of host and port. */
  readonly sock?: Socket | null;
  /** The local `[host, port]` to bind to first. */
  readonly localAddr?: readonly [string | null, number | string | null] | null;
  /** The name the server's certificate is checked against (and sent as SNI); default: host. */
  readonly serverHostname?: string | null;
  /** Seconds the TLS handshake may take (default 60). */
  readonly sslHandshakeTimeout?: number | null;
  /** Seconds the TLS shutdown may take (accepted for Python's sake; Node closes at once). */
  readonly sslShutdownTimeout?: number | null;
  /** Happy eyeballs (RFC 8305): start the next address attempt after this many seconds (Python suggests 0.25). */
  readonly happyEyeballsDelay?: number | null;
  /** Interleave address families, first family count (1 by default with happyEyeballsDelay). */
  readonly interleave?: number | null;
  /** Raise an `ExceptionGroup` of every attempt's error instead of one error (Python 3.12). */
  readonly allErrors?: boolean;
}

/** Options of `loop.createUnixConnection()`. */
export interface CreateUnixConnectionOptions {
  readonly ssl?: SSLOption | null;
  readonly sock?: Socket | null;
  readonly serverHostname?: string | null;
  readonly sslHandshakeTimeout?: number | null;
  readonly sslShutdownTimeout?: number | null;
}

/** Options of `loop.startTls()`. */
export interface StartTlsOptions {
  /** True on the server side of the connection. */
  readonly serverSide?: boolean;
  readonly serverHostname?: string | null;
  readonly sslHandshakeTimeout?: number | null;
  readonly sslShutdownTimeout?: number | null;
}

function checkPort(port: unknown, what: string): void {
  if (typeof port === "number" && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`${what}(): port must be 0-65535.`);
  }
}

/** A loop's own `getaddrinfo` (EventLoop's I/O method), called so that a subclass's override is used, as in Python. */
interface ResolvingLoop extends AbstractEventLoop {
  getaddrinfo(
    host: string | null | undefined,
    port: number | string | null | undefined,
    options?: GetaddrinfoOptions,
  ): Future<AddressInfo[]>;
}

/** Python's `_ensure_resolved`: skips getaddrinfo for IP addresses, else calls `loop.getaddrinfo`. */
export function ensureResolved(
  loop: AbstractEventLoop,
  host: string | null | undefined,
  port: number | string | null | undefined,
  options: GetaddrinfoOptions,
): Future<AddressInfo[]> | AddressInfo[] {
  const info = ipaddrInfo(host, port, normalizeFamily(options.family), options.type ?? 0, options.proto ?? 0);
  if (info !== undefined) return [info];
  return (loop as ResolvingLoop).getaddrinfo(host, port, options);
}

/** Python's `_interleave_addrinfos`. */
export function interleaveAddrinfos(infos: AddressInfo[], firstAddressFamilyCount = 1): AddressInfo[] {
  const byFamily = new Map<number, AddressInfo[]>();
  for (const info of infos) {
    const list = byFamily.get(info[0]);
    if (list === undefined) byFamily.set(info[0], [info]);
    else list.push(info);
  }
  const lists = [...byFamily.values()];
  const reordered: AddressInfo[] = [];
  if (firstAddressFamilyCount > 1 && lists[0] !== undefined) {
    reordered.push(...lists[0].splice(0, firstAddressFamilyCount - 1));
  }
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let index = 0; index < longest; index++) {
    for (const list of lists) {
      const info = list[index];
      if (info !== undefined) reordered.push(info);
    }
  }
  return reordered;
}

function familyName(family: number): string {
  return family === AddressFamily.AF_INET6
    ? "AddressFamily.AF_INET6"
    : family === AddressFamily.AF_INET
      ? "AddressFamily.AF_INET"
      : String(family);
}

/** Python's `_connect_sock`: one address, trying each local address of the same family. */
function connectSock(
  loop: AbstractEventLoop,
  exceptions: unknown[][],
  info: AddressInfo,
  localInfos: AddressInfo[] | undefined,
): Future<Socket> {
  const mine: unknown[] = [];
  exceptions.push(mine);
  return callCoroutine(async () => {
    const [family, , , , address] = info;
    const candidates =
      localInfos === undefined
        ? [undefined]
        : localInfos.filter((local) => local[0] === family).map((local) => local[4]);
    if (candidates.length === 0) {
      const error = new OSError(`no matching local address with family=${familyName(family)} found`);
      mine.push(error);
      throw error;
    }
    for (const localAddr of candidates) {
      try {
        // A net.Socket is not thenable, so it can be a coroutine's result.
        return await connectSocket(loop, { host: address[0], port: address[1], family, localAddr });
      } catch (error) {
        if (error instanceof OSError) mine.push(error);
        if (!isBindFailure(error)) throw error;
      }
    }
    // Python pops the last error and appends it again when it propagates: it stays listed.
    throw mine[mine.length - 1];
  }, loop);
}

function checkSslArguments(
  ssl: SSLOption | null | undefined,
  options: { sslHandshakeTimeout?: number | null; sslShutdownTimeout?: number | null },
): void {
  if (options.sslHandshakeTimeout !== null && options.sslHandshakeTimeout !== undefined && !ssl) {
    throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  }
  if (options.sslShutdownTimeout !== null && options.sslShutdownTimeout !== undefined && !ssl) {
    throw new ValueError("ssl_shutdown_timeout is only meaningful with ssl");
  }
}

function checkSock(sock: unknown): Socket {
  if (!(sock instanceof nodeNet().Socket)) throw new ValueError(`A Stream Socket was expected, got ${String(sock)}`);
  return sock;
}

/** How the transport of a new connection is made (Python's `_create_connection_transport`). */
interface TransportSetup {
  readonly ssl: SSLOption | null | undefined;
  readonly serverHostname: string | null;
  readonly serverSide?: boolean;
  readonly sslHandshakeTimeout?: number | null | undefined;
  readonly sslShutdownTimeout?: number | null | undefined;
  readonly unixPath?: string | undefined;
}

async function createConnectionTransport<P extends BaseProtocol>(
  loop: AbstractEventLoop,
  socket: Socket,
  protocolFactory: () => P,
  setup: TransportSetup,
): Promise<[Transport, P]> {
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (error) {
    socket.destroy();
    throw error;
  }
  const waiter = loop.createFuture<void>();
  const side = setup.serverSide ? "server" : "client";
  let transport: SocketTransport;
  if (setup.ssl) {
    const tls = await loadTls();
    const timeout = setup.sslHandshakeTimeout ?? SSL_HANDSHAKE_TIMEOUT;
    const handshake = setup.serverSide
      ? serverHandshake(loop, tls, socket, serverSecureContext(tls, setup.ssl), setup.ssl, timeout)
      : clientHandshake(loop, tls, socket, setup.ssl, setup.serverHostname, timeout);
    const tlsSocket = await handshake;
    transport = new SocketTransport(loop, tlsSocket, protocol, {
      waiter,
      sslContext: setup.ssl,
      sslShutdownTimeout: setup.sslShutdownTimeout,
      unixPath: setup.unixPath,
      unixSide: side,
    });
  } else {
    transport = new SocketTransport(loop, socket, protocol, { waiter, unixPath: setup.unixPath, unixSide: side });
  }
  try {
    await waiter;
  } catch (error) {
    transport.close();
    throw error;
  }
  return [transport, protocol];
}

/** `loop.createConnection(protocolFactory, host, port, options)`. */
export function createConnection<P extends BaseProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  host: string | null | undefined,
  port: number | string | null | undefined,
  options: CreateConnectionOptions = {},
): Future<[Transport, P]> {
  const closed = failedIfClosed<[Transport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const ssl = options.ssl;
    let serverHostname = options.serverHostname ?? null;
    if (serverHostname !== null && !ssl) throw new ValueError("server_hostname is only meaningful with ssl");
    if (serverHostname === null && ssl) {
      if (!host) throw new ValueError("You must set server_hostname when using ssl without a host");
      serverHostname = host;
    }
    checkSslArguments(ssl, options);
    let interleave = options.interleave ?? null;
    const happyEyeballsDelay = options.happyEyeballsDelay ?? null;
    if (happyEyeballsDelay !== null && interleave === null) interleave = 1;
    let socket: Socket | undefined;
    if ((host !== null && host !== undefined) || (port !== null && port !== undefined)) {
      if (options.sock !== null && options.sock !== undefined)
        throw new ValueError("host/port and sock can not be specified at the same time");
      checkPort(port, "connect");
      const resolveOptions = {
        family: options.family ?? 0,
        type: SocketKind.SOCK_STREAM,
        proto: options.proto ?? 0,
        flags: options.flags ?? 0,
      };
      let infos = await ensureResolved(loop, host, port, resolveOptions);
      if (infos.length === 0) throw new OSError("getaddrinfo() returned empty list");
      let localInfos: AddressInfo[] | undefined;
      if (options.localAddr !== null && options.localAddr !== undefined) {
        checkPort(options.localAddr[1], "bind");
        localInfos = await ensureResolved(loop, options.localAddr[0], options.localAddr[1], resolveOptions);
        if (localInfos.length === 0) throw new OSError("getaddrinfo() returned empty list");
      }
      if (interleave) infos = interleaveAddrinfos(infos, interleave);
      const exceptions: unknown[][] = [];
      if (happyEyeballsDelay === null) {
        for (const info of infos) {
          try {
            socket = await connectSock(loop, exceptions, info, localInfos);
            break;
          } catch (error) {
            if (!(error instanceof OSError)) throw error;
          }
        }
      } else {
        const attempts = infos.map((info) => () => connectSock(loop, exceptions, info, localInfos));
        const race = await staggeredRace(loop, attempts, happyEyeballsDelay, (loser) => loser.destroy());
        socket = race.winner;
      }
      if (socket === undefined) {
        const all = exceptions.flat();
        if (options.allErrors) throw new ExceptionGroup("create_connection failed", all as Error[]);
        if (all.length === 1) throw all[0];
        const model = String(all[0]);
        if (all.every((error) => String(error) === model)) throw all[0];
        throw new OSError(
          `Multiple exceptions: ${all.map((error) => (error instanceof Error ? error.message : String(error))).join(", ")}`,
        );
      }
    } else {
      if (options.sock === null || options.sock === undefined)
        throw new ValueError("host and port was not specified and no sock specified");
      socket = checkSock(options.sock);
      guardSocket(socket);
    }
    return await createConnectionTransport(loop, socket, protocolFactory, {
      ssl,
      serverHostname,
      sslHandshakeTimeout: options.sslHandshakeTimeout,
      sslShutdownTimeout: options.sslShutdownTimeout,
    });
  }, loop);
}

/** `loop.createUnixConnection(protocolFactory, path, options)`. */
export function createUnixConnection<P extends BaseProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  path: string | null | undefined,
  options: CreateUnixConnectionOptions = {},
): Future<[Transport, P]> {
  const closed = failedIfClosed<[Transport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const ssl = options.ssl;
    const serverHostname = options.serverHostname ?? null;
    if (ssl) {
      if (serverHostname === null) throw new ValueError("you have to pass server_hostname when using ssl");
    } else {
      if (serverHostname !== null) throw new ValueError("server_hostname is only meaningful with ssl");
      checkSslArguments(ssl, options);
    }
    let socket: Socket;
    let unixPath = "";
    if (path !== null && path !== undefined) {
      if (options.sock !== null && options.sock !== undefined)
        throw new ValueError("path and sock can not be specified at the same time");
      unixPath = String(path);
      socket = await connectSocket(loop, { path: unixPath });
    } else {
      if (options.sock === null || options.sock === undefined) throw new ValueError("no path and sock were specified");
      socket = checkSock(options.sock);
      guardSocket(socket);
    }
    return await createConnectionTransport(loop, socket, protocolFactory, {
      ssl,
      serverHostname,
      sslHandshakeTimeout: options.sslHandshakeTimeout,
      sslShutdownTimeout: options.sslShutdownTimeout,
      unixPath,
    });
  }, loop);
}

/**
 * `loop.startTls(transport, protocol, sslcontext, options)`: upgrades a connection to TLS and
 * resolves with the new transport; the old one must not be used any more.
 */
export function startTls(
  loop: AbstractEventLoop,
  transport: Transport,
  protocol: BaseProtocol,
  sslcontext: SSLOption,
  options: StartTlsOptions = {},
): Future<Transport> {
  const closed = failedIfClosed<Transport>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    if (!sslcontext)
      throw new TypeError(`sslcontext is expected to be an instance of ssl.SSLContext, got ${String(sslcontext)}`);
    if (!(transport instanceof SocketTransport) || transport._detached) {
      throw new TypeError(`transport ${String(transport)} is not supported by start_tls()`);
    }
    if (options.serverSide && sslcontext === true) throw new TypeError("ssl argument must be an SSLContext or None");
    const tls = await loadTls();
    const extra = { ...transport._extra };
    const server = transport._server;
    // Pause early: what arrives from now on is the handshake, for the TLS layer.
    const raw = transport._detach();
    guardSocket(raw);
    const timeout = options.sslHandshakeTimeout ?? SSL_HANDSHAKE_TIMEOUT;
    let tlsSocket: import("node:tls").TLSSocket;
    try {
      tlsSocket = await (options.serverSide
        ? serverHandshake(loop, tls, raw, serverSecureContext(tls, sslcontext), sslcontext, timeout)
        : clientHandshake(loop, tls, raw, sslcontext, options.serverHostname ?? null, timeout));
    } catch (error) {
      raw.destroy();
      throw error;
    }
    const waiter = loop.createFuture<void>();
    const upgraded = new SocketTransport(loop, tlsSocket, protocol, {
      waiter,
      extra: { sockname: extra.sockname, peername: extra.peername, socket: extra.socket },
      server,
      sslContext: sslcontext,
      sslShutdownTimeout: options.sslShutdownTimeout,
      callConnectionMade: false,
    });
    try {
      await waiter;
    } catch (error) {
      upgraded.close();
      throw error;
    }
    return upgraded;
  }, loop);
}
