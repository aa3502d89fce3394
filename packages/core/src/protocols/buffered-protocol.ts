import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { BaseProtocol } from "./base-protocol.js";

/**
 * A stream protocol that provides its own receive buffer, as Python's
 * `asyncio.BufferedProtocol`: the transport asks {@link getBuffer} for room, copies the received
 * bytes into it, and reports how many with {@link bufferUpdated}.
 *
 * @example
 * ```ts
 * class Collect extends BufferedProtocol {
 *   buffer = new Uint8Array(65536);
 *   used = 0;
 *   override getBuffer(): Uint8Array { return this.buffer.subarray(this.used); }
 *   override bufferUpdated(nbytes: number): void { this.used += nbytes; }
 * }
 * ```
 */
export class BufferedProtocol extends BaseProtocol {
  /**
   * Returns a buffer to receive into (not empty); `sizehint` is how many bytes are waiting,
   * a recommended minimum size. The default throws `NotImplementedError`.
   */
  getBuffer(_sizehint: number): Uint8Array {
    throw new NotImplementedError("BufferedProtocol.getBuffer() must be implemented");
  }

  /** Called when `nbytes` bytes were written into the buffer {@link getBuffer} returned. */
  bufferUpdated(_nbytes: number): void {}

  /** As {@link Protocol.eofReceived}: return a true value to keep the connection half-open. */
  eofReceived(): boolean | void {
    return undefined;
  }
}
