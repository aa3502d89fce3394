import { BaseProtocol } from "./base-protocol.js";

/**
 * A datagram (UDP) protocol, as Python's `asyncio.DatagramProtocol`: the loop calls
 * {@link datagramReceived} with each datagram and the sender's address `[host, port]`.
 *
 * @example
 * ```ts
 * class EchoUdp extends DatagramProtocol {
 *   transport!: DatagramTransport;
 *   override connectionMade(transport: DatagramTransport): void { this.transport = transport; }
 *   override datagramReceived(data: Uint8Array, addr: [string, number]): void {
 *     this.transport.sendto(data, addr);
 *   }
 * }
 * await loop.createDatagramEndpoint(() => new EchoUdp(), { localAddr: ["127.0.0.1", 9999] });
 * ```
 */
export class DatagramProtocol extends BaseProtocol {
  /** Called with each datagram received and its sender's address `[host, port]`. */
  datagramReceived(_data: Uint8Array, _addr: [string, number]): void {}

  /**
   * Called when a send or receive operation failed with an `OSError` (for example ICMP
   * "port unreachable" reported as `ConnectionRefusedError` on a connected endpoint).
   */
  errorReceived(_exc: unknown): void {}
}
