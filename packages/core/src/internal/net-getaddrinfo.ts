// loop.getaddrinfo() over dns.lookup, with Python's result shape and errors.
import type { LookupAddress } from "node:dns";
import { readFileSync } from "node:fs";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { Future } from "../future.js";
import { AddressFamily, SocketKind, type AddressInfo } from "../transports/address-family.js";
import { makeOSError } from "./net-errors.js";
import { post } from "./net-post.js";
import { failedIfClosed } from "./closed-loop.js";
import { nodeDns, nodeNet } from "./node-builtins.js";

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
/** Python's socket.AI_PASSIVE. */
export const AI_PASSIVE = 1;
/** Python's socket.AI_NUMERICHOST. */
export const AI_NUMERICHOST = 4;

/** Options of `loop.getaddrinfo()`, Python's keyword arguments. */
export interface GetaddrinfoOptions {
  /** `AddressFamily.AF_INET`, `AF_INET6` or `AF_UNSPEC` (0, the default); Node's 4 and 6 work too. */
  readonly family?: number;
  /** `SocketKind.SOCK_STREAM`, `SOCK_DGRAM`, or 0 (every type, the default). */
  readonly type?: number;
  /** The protocol number, 0 by default. */
  readonly proto?: number;
  /** `AI_PASSIVE` (1) for addresses to bind to; `AI_NUMERICHOST` (4) refuses names. */
  readonly flags?: number;
}

/** Python's family number for a family option (0, 2, 10, or Node's 4 and 6). */
export function normalizeFamily(family: number | undefined | null): number {
  if (family === 4) return AddressFamily.AF_INET;
  if (family === 6) return AddressFamily.AF_INET6;
  return family ?? AddressFamily.AF_UNSPEC;
}

let services: Map<string, number> | undefined;

function serviceNamed(name: string, type: number): number | undefined {
  if (services === undefined) {
    services = new Map();
    try {
      for (const line of readFileSync("/etc/services", "latin1").split("\n")) {
        const match = /^([\w.+-]+)\s+(\d+)\/(tcp|udp)/.exec(line);
        if (match) services.set(`${match[1]}/${match[3]}`, Number(match[2]));
      }
    } catch {
      // No services database: only numeric ports.
    }
  }
  const protocol = type === SocketKind.SOCK_DGRAM ? "udp" : "tcp";
  return services.get(`${name}/${protocol}`) ?? services.get(`${name}/${protocol === "tcp" ? "udp" : "tcp"}`);
}

/** The numeric port, as getaddrinfo reads it; throws Python's gaierror for an unknown service. */
export function resolvePort(port: number | string | null | undefined, type = 0): number {
  if (port === null || port === undefined || port === "") return 0;
  if (typeof port === "number") {
    if (!Number.isInteger(port)) throw new TypeError(`'float' object cannot be interpreted as an integer`);
    return port;
  }
  if (typeof port !== "string")
    throw new TypeError(`getaddrinfo() argument 2 must be integer or string, not ${typeof port}`);
  if (/^\d+$/.test(port)) return Number(port);
  const named = serviceNamed(port, type);
  if (named === undefined) throw makeOSError("EAI_SERVICE");
  return named;
}

function sockaddr(host: string, port: number, family: number): AddressInfo[4] {
  return family === AddressFamily.AF_INET6 ? [host, port, 0, 0] : [host, port];
}

function expand(
  addresses: Array<{ address: string; family: number }>,
  port: number,
  type: number,
  proto: number,
): AddressInfo[] {
  const kinds: Array<[number, number]> =
    type === 0
      ? [
          [SocketKind.SOCK_STREAM, IPPROTO_TCP],
          [SocketKind.SOCK_DGRAM, IPPROTO_UDP],
          [SocketKind.SOCK_RAW, 0],
        ]
      : [
          [
            type,
            proto !== 0
              ? proto
              : type === SocketKind.SOCK_STREAM
                ? IPPROTO_TCP
                : type === SocketKind.SOCK_DGRAM
                  ? IPPROTO_UDP
                  : 0,
          ],
        ];
  const infos: AddressInfo[] = [];
  for (const { address, family } of addresses) {
    for (const [kind, protocol] of kinds) infos.push([family, kind, protocol, "", sockaddr(address, port, family)]);
  }
  return infos;
}

/**
 * Python's `_ipaddr_info`: the one address info of a host that is already an IP address, or
 * `undefined` when it must be resolved.
 */
export function ipaddrInfo(
  host: string | null | undefined,
  port: number | string | null | undefined,
  family: number,
  type: number,
  proto: number,
): AddressInfo | undefined {
  if (host === null || host === undefined || ![0, IPPROTO_TCP, IPPROTO_UDP].includes(proto)) return undefined;
  if (type === SocketKind.SOCK_STREAM) proto = IPPROTO_TCP;
  else if (type === SocketKind.SOCK_DGRAM) proto = IPPROTO_UDP;
  else return undefined;
  let numericPort: number;
  if (port === null || port === undefined || port === "") numericPort = 0;
  else if (typeof port === "number") numericPort = port;
  else if (/^\d+$/.test(port)) numericPort = Number(port);
  else return undefined;
  if (host.includes("%")) return undefined;
  const version = nodeNet().isIP(host);
  if (version === 4 && (family === AddressFamily.AF_UNSPEC || family === AddressFamily.AF_INET)) {
    return [AddressFamily.AF_INET, type, proto, "", [host, numericPort]];
  }
  if (version === 6 && (family === AddressFamily.AF_UNSPEC || family === AddressFamily.AF_INET6)) {
    return [AddressFamily.AF_INET6, type, proto, "", [host, numericPort, 0, 0]];
  }
  return undefined;
}

/** `loop.getaddrinfo(host, port, options)`: a Future of Python's 5-tuples. */
export function getaddrinfo(
  loop: AbstractEventLoop,
  host: string | null | undefined,
  port: number | string | null | undefined,
  options: GetaddrinfoOptions = {},
): Future<AddressInfo[]> {
  const closed = failedIfClosed<AddressInfo[]>(loop);
  if (closed !== undefined) return closed;
  const future = new Future<AddressInfo[]>({ loop });
  const family = normalizeFamily(options.family);
  const type = options.type ?? 0;
  const proto = options.proto ?? 0;
  const flags = options.flags ?? 0;
  let numericPort: number;
  try {
    numericPort = resolvePort(port, type);
  } catch (error) {
    future.setException(error);
    return future;
  }
  const wanted = (candidateFamily: number): boolean => family === AddressFamily.AF_UNSPEC || family === candidateFamily;
  if (host === null || host === undefined || host === "") {
    const addresses =
      flags & AI_PASSIVE
        ? [
            { address: "0.0.0.0", family: AddressFamily.AF_INET },
            { address: "::", family: AddressFamily.AF_INET6 },
          ]
        : [
            { address: "::1", family: AddressFamily.AF_INET6 },
            { address: "127.0.0.1", family: AddressFamily.AF_INET },
          ];
    future.setResult(
      expand(
        addresses.filter((entry) => wanted(entry.family)),
        numericPort,
        type,
        proto,
      ),
    );
    return future;
  }
  if (typeof host !== "string") {
    future.setException(new TypeError(`getaddrinfo() argument 1 must be string or None, not ${typeof host}`));
    return future;
  }
  const version = nodeNet().isIP(host);
  if (version !== 0) {
    const hostFamily = version === 4 ? AddressFamily.AF_INET : AddressFamily.AF_INET6;
    if (!wanted(hostFamily))
      future.setException(makeOSError("EAI_FAMILY", "Address family for hostname not supported"));
    else future.setResult(expand([{ address: host, family: hostFamily }], numericPort, type, proto));
    return future;
  }
  if (flags & AI_NUMERICHOST) {
    future.setException(makeOSError("EAI_NONAME"));
    return future;
  }
  const nodeFamily = family === AddressFamily.AF_INET ? 4 : family === AddressFamily.AF_INET6 ? 6 : 0;
  loop._operationStarted();
  nodeDns().lookup(host, { all: true, family: nodeFamily, verbatim: true }, (error, addresses: LookupAddress[]) => {
    loop._operationFinished();
    post(
      loop,
      () => {
        if (future.done()) return;
        if (error) {
          future.setException(makeOSError(error.code ?? "EAI_FAIL", undefined, error));
          return;
        }
        const found = addresses.map((entry) => ({
          address: entry.address,
          family: entry.family === 6 ? AddressFamily.AF_INET6 : AddressFamily.AF_INET,
        }));
        future.setResult(
          expand(
            found.filter((entry) => wanted(entry.family)),
            numericPort,
            type,
            proto,
          ),
        );
      },
      undefined,
    );
  });
  return future;
}
