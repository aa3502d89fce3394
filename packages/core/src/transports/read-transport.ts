import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { BaseTransport } from "./base-transport.js";

/**
 * A transport that receives data, as Python's `asyncio.ReadTransport` (a read pipe, or the
 * reading half of a {@link Transport}).
 *
 * @example
 * ```ts
 * transport.pauseReading(); // no dataReceived() until resumeReading()
 * transport.resumeReading();
 * ```
 */
export class ReadTransport extends BaseTransport {
  /** True while the transport delivers received data (not paused, not closing). */
  isReading(): boolean {
    throw new NotImplementedError();
  }

  /**
   * Stops delivering data to the protocol's `dataReceived` until {@link resumeReading}.
   * Pausing twice does nothing.
   */
  pauseReading(): void {
    throw new NotImplementedError();
  }

  /** Delivers data again after {@link pauseReading}. Resuming twice does nothing. */
  resumeReading(): void {
    throw new NotImplementedError();
  }
}
