/**
 * Address families, as Python's `socket.AddressFamily` (Linux numbers): the `family` option of
 * `getaddrinfo`, `createConnection`, `createServer` and `createDatagramEndpoint`, and the first
 * item of each `getaddrinfo` result. Node's `4` and `6` are accepted as well.
 *
 * @example
 * ```ts
 * const infos = await loop.getaddrinfo("localhost", 80, { family: AddressFamily.AF_INET });
 * ```
 */
export const AddressFamily = Object.freeze({
  AF_UNSPEC: 0,
  AF_UNIX: 1,
  AF_INET: 2,
  AF_INET6: 10,
} as const);

/**
 * Socket types, as Python's `socket.SocketKind`: the `type` option and the second item of each
 * `getaddrinfo` result.
 *
 * @example
 * ```ts
 * const infos = await loop.getaddrinfo("localhost", 80, { type: SocketKind.SOCK_STREAM });
 * infos[0][1] === SocketKind.SOCK_STREAM; // true
 * ```
 */
export const SocketKind = Object.freeze({
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
} as const);

/**
 * One result of `loop.getaddrinfo()`, as Python's 5-tuple:
 * `[family, type, proto, canonname, sockaddr]`, where `sockaddr` is `[host, port]` for IPv4
 * and `[host, port, flowinfo, scopeId]` for IPv6.
 */
export type AddressInfo = [
  family: number,
  type: number,
  proto: number,
  canonname: string,
  sockaddr: [string, number] | [string, number, number, number],
];

/** A socket address: `[host, port]` for TCP and UDP, a path for Unix sockets. */
export type SocketAddress = [string, number] | string;
