// Python's transports._FlowControlMixin: the write buffer's water marks and the protocol's
// pause_writing()/resume_writing() calls.
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { ValueError } from "../exceptions/value-error.js";
import type { BaseProtocol } from "../protocols/base-protocol.js";
import type { WriteBufferLimits } from "../transports/write-transport.js";

export class WriteFlow {
  high = 64 * 1024;
  low = 16 * 1024;
  protocolPaused = false;

  constructor(
    private readonly loop: AbstractEventLoop,
    private readonly transport: object,
  ) {}

  /** Python's `_set_write_buffer_limits(high, low)`; also takes `({ high, low })`. */
  setLimits(limits?: WriteBufferLimits | number | null, lowArgument?: number | null): void {
    let high: number | null | undefined;
    let low: number | null | undefined;
    if (limits !== null && typeof limits === "object") {
      high = limits.high;
      low = limits.low;
    } else {
      high = limits;
      low = lowArgument;
    }
    if (high === null || high === undefined) high = low === null || low === undefined ? 64 * 1024 : 4 * low;
    if (low === null || low === undefined) low = Math.floor(high / 4);
    if (!(high >= low && low >= 0)) throw new ValueError(`high (${high}) must be >= low (${low}) must be >= 0`);
    this.high = high;
    this.low = low;
  }

  /** Calls `protocol.pauseWriting()` once the buffer is over the high-water mark. */
  maybePause(size: number, protocol: BaseProtocol | undefined): void {
    if (size <= this.high || this.protocolPaused) return;
    this.protocolPaused = true;
    try {
      protocol?.pauseWriting();
    } catch (error) {
      this.loop.callExceptionHandler({
        message: "protocol.pause_writing() failed",
        exception: error,
        transport: this.transport,
        protocol,
      });
    }
  }

  /** Calls `protocol.resumeWriting()` once a paused buffer is down to the low-water mark. */
  maybeResume(size: number, protocol: BaseProtocol | undefined): void {
    if (!this.protocolPaused || size > this.low) return;
    this.protocolPaused = false;
    try {
      protocol?.resumeWriting();
    } catch (error) {
      this.loop.callExceptionHandler({
        message: "protocol.resume_writing() failed",
        exception: error,
        transport: this.transport,
        protocol,
      });
    }
  }
}
