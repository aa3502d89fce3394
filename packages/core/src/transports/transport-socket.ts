import { AddressFamily, SocketKind, type SocketAddress } from "./address-family.js";

/** What a {@link TransportSocket} reads its answers from. */
export interface TransportSocketSource {
  readonly family: number;
  readonly type: number;
  readonly handle: unknown;
  sockname(): SocketAddress | undefined;
  peername(): SocketAddress | undefined;
}

/**
 * A read-only view of a transport's or server's socket, as Python's `TransportSocket`: what
 * `server.sockets` lists and `transport.getExtraInfo("socket")` returns.
 *
 * @example
 * ```ts
 * const server = await startServer(handle, "127.0.0.1", 0);
 * const [host, port] = server.sockets[0]!.getsockname() as [string, number];
 * ```
 */
export class TransportSocket {
  /** @internal */ readonly _source: TransportSocketSource;

  /** @internal */
  constructor(source: TransportSocketSource) {
    this._source = source;
  }

  /** The socket's own address: `[host, port]` for TCP and UDP, the path for a Unix socket. */
  getsockname(): SocketAddress {
    const name = this._source.sockname();
    if (name === undefined) throw new TypeError("the socket is closed");
    return name;
  }

  /** The peer's address: `[host, port]` for TCP, the path (or `""`) for a Unix socket. */
  getpeername(): SocketAddress {
    const name = this._source.peername();
    if (name === undefined) throw new TypeError("the socket is not connected");
    return name;
  }

  /** The address family: `AddressFamily.AF_INET`, `AF_INET6` or `AF_UNIX`. */
  get family(): number {
    return this._source.family;
  }

  /** The socket type: `SocketKind.SOCK_STREAM` or `SOCK_DGRAM`. */
  get type(): number {
    return this._source.type;
  }

  /** The Node object underneath (`net.Socket`, `net.Server` or `dgram.Socket`). */
  get nodeSocket(): unknown {
    return this._source.handle;
  }

  /** The file descriptor, or -1 when Node does not expose it. */
  fileno(): number {
    const handle = (this._source.handle as { _handle?: { fd?: number } } | undefined)?._handle;
    return typeof handle?.fd === "number" ? handle.fd : -1;
  }

  toString(): string {
    const family = Object.entries(AddressFamily).find(([, value]) => value === this.family)?.[0] ?? String(this.family);
    const type = Object.entries(SocketKind).find(([, value]) => value === this.type)?.[0] ?? String(this.type);
    let laddr = "";
    try {
      laddr = `, laddr=${JSON.stringify(this.getsockname())}`;
    } catch {
      // closed
    }
    return `<TransportSocket fd=${this.fileno()}, family=${family}, type=${type}${laddr}>`;
  }
}
