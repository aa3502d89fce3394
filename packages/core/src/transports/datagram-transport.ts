import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { BaseTransport } from "./base-transport.js";

/**
 * A datagram (UDP) transport, as Python's `asyncio.DatagramTransport`.
 *
 * @example
 * ```ts
 * const [transport] = await loop.createDatagramEndpoint(() => new DatagramProtocol(), {
 *   remoteAddr: ["127.0.0.1", 9999],
 * });
 * transport.sendto(Buffer.from("ping"));
 * transport.close();
 * ```
 */
export class DatagramTransport extends BaseTransport {
  /**
   * Sends `data` to `addr` (`[host, port]`), or to the remote address the endpoint was
   * connected to. Errors are reported to the protocol's `errorReceived`.
   */
  sendto(_data: Uint8Array | ArrayBufferView, _addr?: readonly [string, number] | null): void {
    throw new NotImplementedError();
  }

  /** Closes at once: datagrams not yet sent are dropped; `connectionLost(null)` follows. */
  abort(): void {
    throw new NotImplementedError();
  }

  /** How many bytes of datagrams wait to be sent (each counts 8 bytes of header, as in Python). */
  getWriteBufferSize(): number {
    throw new NotImplementedError();
  }
}
