import { BaseProtocol } from "./base-protocol.js";

/**
 * A stream protocol (TCP, Unix sockets, TLS, pipes), as Python's `asyncio.Protocol`: the loop
 * calls {@link dataReceived} with each chunk of bytes, then {@link eofReceived} once the peer
 * stopped sending, then `connectionLost`.
 *
 * @example
 * ```ts
 * class Echo extends Protocol {
 *   transport!: Transport;
 *   override connectionMade(transport: Transport): void { this.transport = transport; }
 *   override dataReceived(data: Uint8Array): void { this.transport.write(data); }
 * }
 * const server = await loop.createServer(() => new Echo(), "127.0.0.1", 8888);
 * ```
 */
export class Protocol extends BaseProtocol {
  /** Called with each chunk of bytes received (a `Buffer`). */
  dataReceived(_data: Uint8Array): void {}

  /**
   * Called when the peer sent EOF (no more data will come). Return a true value to keep the
   * connection half-open (you can still write, then close); a false value (the default) makes
   * the transport close itself. Has no effect over TLS, which cannot half-close.
   */
  eofReceived(): boolean | void {
    return undefined;
  }
}
