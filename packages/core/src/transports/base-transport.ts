import { NotImplementedError } from "../exceptions/not-implemented-error.js";

/**
 * The protocol a transport reports to: the shape of `BaseProtocol` (protocols/base-protocol.ts),
 * declared here so that transports and protocols do not import each other.
 */
export interface TransportProtocol {
  connectionMade(transport: BaseTransport): void;
  connectionLost(exc: unknown): void;
  pauseWriting(): void;
  resumeWriting(): void;
}

/**
 * The base of every transport, as Python's `asyncio.BaseTransport`: a connection (or pipe,
 * or endpoint) the loop manages, handed to a protocol's `connectionMade`. The methods of this
 * abstract class throw `NotImplementedError`; the loop's transports implement them.
 *
 * @example
 * ```ts
 * const [transport] = await loop.createConnection(() => new Protocol(), "127.0.0.1", 8888);
 * console.log(transport.getExtraInfo("peername")); // ["127.0.0.1", 8888]
 * transport.close();
 * ```
 */
export class BaseTransport {
  /** @internal Python's `_extra`: what `getExtraInfo` answers. */
  _extra: Record<string, unknown>;

  constructor(extra?: Record<string, unknown>) {
    this._extra = extra === undefined ? {} : { ...extra };
  }

  /**
   * Information about the transport, as Python's `get_extra_info(name, default)`: `"peername"`
   * and `"sockname"` (`[host, port]` for TCP, a path for Unix sockets), `"socket"` (a
   * {@link TransportSocket}), `"sslcontext"`, `"peercert"`, `"cipher"`, `"compression"`,
   * `"ssl_object"` over TLS, `"pipe"` for pipes. Returns `defaultValue` (default `undefined`)
   * for anything else.
   */
  getExtraInfo(name: string, defaultValue?: unknown): any {
    return Object.hasOwn(this._extra, name) ? this._extra[name] : defaultValue;
  }

  /** True once the transport is closing or closed. */
  isClosing(): boolean {
    throw new NotImplementedError();
  }

  /**
   * Closes the transport: buffered data is still sent, then the protocol's `connectionLost`
   * is called with `null`. Closing twice does nothing.
   */
  close(): void {
    throw new NotImplementedError();
  }

  /** Replaces the protocol the transport reports to. */
  setProtocol(_protocol: TransportProtocol): void {
    throw new NotImplementedError();
  }

  /** The protocol the transport reports to. */
  getProtocol(): TransportProtocol {
    throw new NotImplementedError();
  }
}
