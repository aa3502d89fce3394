// loop.createDatagramEndpoint and its transport (Python's _SelectorDatagramTransport) over
// node:dgram.
import type { createSocket, RemoteInfo, Socket as DgramSocket } from "node:dgram";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { callCoroutine } from "../coroutine-call.js";
import { OSError } from "../exceptions/os-error.js";
import { ValueError } from "../exceptions/value-error.js";
import { Future } from "../future.js";
import type { DatagramProtocol } from "../protocols/datagram-protocol.js";
import { AddressFamily, SocketKind, type AddressInfo } from "../transports/address-family.js";
import { DatagramTransport } from "../transports/datagram-transport.js";
import { TransportSocket } from "../transports/transport-socket.js";
import { asBytes, checkBytes, formatAddress } from "./net-bytes.js";
import { fromNodeError, isSystemError, makeOSError, strerrorOf } from "./net-errors.js";
import { ensureResolved } from "./net-create-connection.js";
import { normalizeFamily } from "./net-getaddrinfo.js";
import { trackResource, untrackResource } from "./net-loop-resources.js";
import { post, setResultUnlessCancelled, schedule } from "./net-post.js";
import { WriteFlow } from "./net-write-flow.js";
import { failedIfClosed } from "./closed-loop.js";
import { nodeDgram } from "./node-builtins.js";

const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

/** Options of `loop.createDatagramEndpoint()`, Python's keyword arguments. */
export interface CreateDatagramEndpointOptions {
  /** The local `[host, port]` to bind to. */
  readonly localAddr?: readonly [string | null, number | string | null] | null;
  /** The remote `[host, port]` to connect to; `sendto()` then needs no address. */
  readonly remoteAddr?: readonly [string | null, number | string | null] | null;
  /** `AddressFamily.AF_INET`/`AF_INET6` (Node's 4 and 6 work too); needed when neither address is given. */
  readonly family?: number;
  readonly proto?: number;
  readonly flags?: number;
  /** SO_REUSEPORT, so that several endpoints bind the same port. */
  readonly reusePort?: boolean | null;
  /** Python 3.12 refuses it (SO_REUSEADDR on UDP is unsafe): passing true throws `ValueError`. */
  readonly reuseAddress?: boolean | null;
  /** SO_BROADCAST. */
  readonly allowBroadcast?: boolean | null;
  /** An already bound `dgram.Socket` to use. */
  readonly sock?: DgramSocket | null;
}

type Address = [string, number];

function sameAddress(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Python's _SelectorDatagramTransport over a node:dgram socket. */
export class DgramTransport extends DatagramTransport {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _socket: DgramSocket;
  /** @internal */ _protocol: DatagramProtocol;
  /** @internal */ _address: Address | null;
  /** @internal */ _closing = false;
  /** @internal */ _connLost = 0;
  /** @internal */ _bufferSize = 0;
  /** @internal */ readonly _flow: WriteFlow;

  constructor(
    loop: AbstractEventLoop,
    socket: DgramSocket,
    protocol: DatagramProtocol,
    address: Address | null,
    waiter: Future<void> | undefined,
  ) {
    super();
    this._loop = loop;
    this._socket = socket;
    this._protocol = protocol;
    this._address = address;
    this._flow = new WriteFlow(loop, this);
    let sockname: Address | undefined;
    try {
      const local = socket.address();
      sockname = [local.address, local.port];
    } catch {
      sockname = undefined;
    }
    const family = sockname?.[0].includes(":") ? AddressFamily.AF_INET6 : AddressFamily.AF_INET;
    this._extra.sockname = sockname;
    this._extra.peername = address;
    this._extra.socket = new TransportSocket({
      family,
      type: SocketKind.SOCK_DGRAM,
      handle: socket,
      sockname: () => {
        try {
          const local = socket.address();
          return [local.address, local.port];
        } catch {
          return undefined;
        }
      },
      peername: () => address ?? undefined,
    });
    socket.on("message", this._onMessage);
    socket.on("error", this._onError);
    trackResource(loop, socket);
    schedule(loop, callConnectionMade, this);
    if (waiter !== undefined) schedule(loop, setResultUnlessCancelled, waiter);
  }

  /** @internal */ private readonly _onMessage = (message: Buffer, info: RemoteInfo): void => {
    if (!post(this._loop, this._receive, [message, [info.address, info.port]] as [Buffer, Address]))
      this._socket.close();
  };

  /** @internal */ private readonly _onError = (error: Error): void => {
    post(this._loop, this._receiveError, error);
  };

  /** @internal */
  readonly _receive = ([data, addr]: [Buffer, Address]): void => {
    if (this._connLost || this._closing) return;
    this._protocol.datagramReceived(data, addr);
  };

  /** @internal */
  readonly _receiveError = (error: Error): void => {
    if (this._connLost) return;
    this._protocol.errorReceived(fromNodeError(error));
  };

  override getProtocol(): DatagramProtocol {
    return this._protocol;
  }

  override setProtocol(protocol: DatagramProtocol): void {
    this._protocol = protocol;
  }

  override isClosing(): boolean {
    return this._closing;
  }

  override getWriteBufferSize(): number {
    return this._bufferSize;
  }

  /** Sets the write buffer's water marks, as a stream transport's. */
  setWriteBufferLimits(limits?: { high?: number; low?: number } | number, low?: number): void {
    this._flow.setLimits(limits, low);
    this._flow.maybePause(this._bufferSize, this._protocol);
  }

  /** The write buffer's `[low, high]` water marks. */
  getWriteBufferLimits(): [number, number] {
    return [this._flow.low, this._flow.high];
  }

  override sendto(data: Uint8Array | ArrayBufferView, addr?: readonly [string, number] | null): void {
    checkBytes(data, "data argument");
    let target = addr ?? null;
    if (this._address !== null) {
      if (target !== null && !sameAddress(target, this._address)) {
        throw new ValueError(`Invalid address: must be None or ${formatAddress(this._address)}`);
      }
      target = null;
    } else if (target === null) {
      throw new TypeError("sendto() needs an address: the endpoint has no remote address");
    }
    if (this._connLost) {
      if (this._connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) console.warn("socket.send() raised exception.");
      this._connLost++;
      return;
    }
    const bytes = asBytes(data);
    // Python counts 8 bytes of header per datagram.
    const size = bytes.length + 8;
    this._bufferSize += size;
    const done = (error: Error | null): void => {
      post(this._loop, this._sent, [size, error] as [number, Error | null]);
    };
    try {
      if (target === null) this._socket.send(bytes, done);
      else this._socket.send(bytes, target[1], target[0], done);
    } catch (error) {
      this._bufferSize -= size;
      if (isSystemError(error)) this._protocol.errorReceived(fromNodeError(error));
      else throw error;
      return;
    }
    this._flow.maybePause(this._bufferSize, this._protocol);
  }

  /** @internal a send completed */
  readonly _sent = ([size, error]: [number, Error | null]): void => {
    this._bufferSize -= size;
    if (this._connLost) return;
    if (error) this._protocol.errorReceived(fromNodeError(error));
    this._flow.maybeResume(this._bufferSize, this._protocol);
    if (this._closing && this._bufferSize === 0) {
      this._connLost++;
      this._callConnectionLost(null);
    }
  };

  override close(): void {
    if (this._closing) return;
    this._closing = true;
    if (this._bufferSize === 0) {
      this._connLost++;
      schedule(this._loop, callConnectionLost, [this, null]);
    }
  }

  override abort(): void {
    this._forceClose(null);
  }

  /** @internal */
  _forceClose(exc: unknown): void {
    if (this._connLost) return;
    this._closing = true;
    this._connLost++;
    schedule(this._loop, callConnectionLost, [this, exc]);
  }

  /** @internal */
  _callConnectionLost(exc: unknown): void {
    try {
      this._protocol.connectionLost(exc);
    } finally {
      untrackResource(this._loop, this._socket);
      try {
        this._socket.close();
      } catch {
        // Already closed.
      }
    }
  }

  override toString(): string {
    return `<DgramTransport ${this._connLost ? "closed" : this._closing ? "closing" : "open"} bufsize=${this._bufferSize}>`;
  }
}

function callConnectionMade(transport: DgramTransport): void {
  transport._protocol.connectionMade(transport);
}

function callConnectionLost([transport, exc]: [DgramTransport, unknown]): void {
  transport._callConnectionLost(exc);
}

function ignoreError(): void {}

function reusePortSupported(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}

/** Binds and/or connects `socket`; fails with Python's OSError. */
function prepare(
  loop: AbstractEventLoop,
  socket: DgramSocket,
  local: AddressInfo[4] | null,
  remote: AddressInfo[4] | null,
  options: { allowBroadcast: boolean },
): Future<void> {
  const future = new Future<void>({ loop });
  const fail = (error: Error, what: "bind" | "connect", address: unknown): void => {
    post(
      loop,
      () => {
        if (future.done()) return;
        if (isSystemError(error)) {
          const code = error.code as string;
          const message =
            what === "bind"
              ? `error while attempting to bind on address ${formatAddress(address)}: ${strerrorOf(code).toLowerCase()}`
              : `Connect call failed ${formatAddress(address)}`;
          future.setException(makeOSError(code, message, error));
        } else {
          future.setException(error);
        }
      },
      undefined,
    );
  };
  const connectRemote = (): void => {
    if (remote === null || options.allowBroadcast) {
      post(loop, () => setResultUnlessCancelled(future, undefined), undefined);
      return;
    }
    socket.once("error", onConnectError);
    socket.connect(remote[1], remote[0], () => {
      socket.off("error", onConnectError);
      post(loop, () => setResultUnlessCancelled(future, undefined), undefined);
    });
  };
  const onConnectError = (error: Error): void => fail(error, "connect", remote);
  const onBindError = (error: Error): void => fail(error, "bind", local);
  try {
    if (local !== null) {
      socket.once("error", onBindError);
      socket.bind({ port: local[1], address: local[0], exclusive: true }, () => {
        socket.off("error", onBindError);
        if (options.allowBroadcast) socket.setBroadcast(true);
        connectRemote();
      });
    } else {
      connectRemote();
    }
  } catch (error) {
    future.setException(error);
  }
  return future;
}

/** `loop.createDatagramEndpoint(protocolFactory, localAddr, remoteAddr, options)`. */
export function createDatagramEndpoint<P extends DatagramProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  options: CreateDatagramEndpointOptions = {},
): Future<[DatagramTransport, P]> {
  const closed = failedIfClosed<[DatagramTransport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    const { localAddr, remoteAddr } = options;
    let family = normalizeFamily(options.family);
    const proto = options.proto ?? 0;
    let socket: DgramSocket | undefined;
    let remote: Address | null = null;
    if (options.reusePort && !reusePortSupported()) throw new ValueError("reuse_port not supported by socket module");
    if (options.reuseAddress) {
      throw new ValueError(
        "Passing `reuse_address=True` is no longer supported, as the usage of SO_REUSEPORT in UDP poses a significant security concern.",
      );
    }
    if (options.sock !== null && options.sock !== undefined) {
      const problems = Object.entries({
        localAddr,
        remoteAddr,
        family: options.family,
        proto: options.proto,
        flags: options.flags,
        reusePort: options.reusePort,
        allowBroadcast: options.allowBroadcast,
      })
        .filter(([, value]) => value)
        .map(([key, value]) => `${key}=${Array.isArray(value) ? formatAddress(value) : String(value)}`);
      if (problems.length > 0) {
        throw new ValueError(
          `socket modifier keyword arguments can not be used when sock is specified. (${problems.join(", ")})`,
        );
      }
      socket = options.sock;
    } else {
      let pairs: Array<[[number, number], [AddressInfo[4] | null, AddressInfo[4] | null]]>;
      if (!localAddr && !remoteAddr) {
        if (family === 0) throw new ValueError("unexpected address family");
        pairs = [
          [
            [family, proto],
            [null, null],
          ],
        ];
      } else if (family === AddressFamily.AF_UNIX) {
        throw new ValueError("Unix datagram sockets are not supported by Node.js");
      } else {
        const byKey = new Map<string, [[number, number], [AddressInfo[4] | null, AddressInfo[4] | null]]>();
        for (const [index, addr] of [localAddr, remoteAddr].entries()) {
          if (addr === null || addr === undefined) continue;
          if (!Array.isArray(addr) || addr.length !== 2) throw new TypeError("2-tuple is expected");
          const infos = await ensureResolved(loop, addr[0], addr[1], {
            family,
            type: SocketKind.SOCK_DGRAM,
            proto,
            flags: options.flags ?? 0,
          });
          if (infos.length === 0) throw new OSError("getaddrinfo() returned empty list");
          for (const [infoFamily, , infoProto, , address] of infos) {
            const key = `${infoFamily}/${infoProto}`;
            let entry = byKey.get(key);
            if (entry === undefined)
              byKey.set(
                key,
                (entry = [
                  [infoFamily, infoProto],
                  [null, null],
                ]),
              );
            entry[1][index] = address;
          }
        }
        pairs = [...byKey.values()].filter(
          ([, pair]) => !((localAddr && pair[0] === null) || (remoteAddr && pair[1] === null)),
        );
        if (pairs.length === 0) throw new ValueError("can not get address information");
      }
      const exceptions: unknown[] = [];
      for (const [[pairFamily], [localAddress, remoteAddress]] of pairs) {
        family = pairFamily;
        const socketOptions: Record<string, unknown> = { type: family === AddressFamily.AF_INET6 ? "udp6" : "udp4" };
        if (options.reusePort) socketOptions.reusePort = true;
        const candidate = nodeDgram().createSocket(socketOptions as unknown as Parameters<typeof createSocket>[0]);
        candidate.on("error", ignoreError);
        try {
          await prepare(loop, candidate, localAddress, remoteAddress, {
            allowBroadcast: Boolean(options.allowBroadcast),
          });
        } catch (error) {
          candidate.close();
          if (error instanceof OSError) {
            exceptions.push(error);
            continue;
          }
          throw error;
        } finally {
          candidate.off("error", ignoreError);
        }
        socket = candidate;
        remote = remoteAddress === null ? null : [remoteAddress[0], remoteAddress[1]];
        break;
      }
      if (socket === undefined) throw exceptions[0];
    }
    let protocol: P;
    try {
      protocol = protocolFactory();
    } catch (error) {
      socket.close();
      throw error;
    }
    const waiter = loop.createFuture<void>();
    const transport = new DgramTransport(loop, socket, protocol, remote, waiter);
    try {
      await waiter;
    } catch (error) {
      transport.close();
      throw error;
    }
    return [transport, protocol] as [DatagramTransport, P];
  }, loop);
}
