import type { BaseTransport } from "../transports/base-transport.js";

/**
 * The callbacks every protocol has, as Python's `asyncio.BaseProtocol`. The loop calls them,
 * always from one of its own iterations (so `getRunningLoop()` works inside), never while
 * another callback of the same transport runs. Every method here does nothing: override the
 * ones you need.
 *
 * @example
 * ```ts
 * class Quiet extends BaseProtocol {
 *   override connectionLost(exc: unknown): void {
 *     console.log("closed", exc ?? "cleanly");
 *   }
 * }
 * ```
 */
export class BaseProtocol {
  /** Called once the connection is made, with the transport that represents it. */
  connectionMade(_transport: BaseTransport): void {}

  /**
   * Called once when the connection is lost or closed: `exc` is the error, or `null` for a
   * regular EOF, `close()` or `abort()`.
   */
  connectionLost(_exc: unknown): void {}

  /**
   * Called when the transport's write buffer goes over its high-water mark: stop writing until
   * {@link resumeWriting}. Calls alternate strictly (pause, resume, pause, ...).
   */
  pauseWriting(): void {}

  /** Called when the transport's write buffer drains to its low-water mark. */
  resumeWriting(): void {}
}
