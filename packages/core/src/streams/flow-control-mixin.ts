import { setWaitDescription } from "../task-tree.js";
import { callCoroutine } from "../coroutine-call.js";
import { type AbstractEventLoop, eventLoop } from "../internal/abstract-event-loop.js";
import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { Future } from "../future.js";
import { connectionLostError, isFailedWrite } from "../internal/net-errors.js";
import { Protocol } from "../protocols/protocol.js";

/**
 * The write flow control a {@link StreamWriter} relies on, as Python's
 * `asyncio.streams.FlowControlMixin`: it records `pauseWriting`/`resumeWriting` and
 * `connectionLost`, and {@link drainHelper} waits while writing is paused. Extend it to write
 * a protocol that a `StreamWriter` can drain (the subprocess package's protocol does).
 *
 * @example
 * ```ts
 * class MyProtocol extends FlowControlMixin {
 *   override getCloseWaiter(): Future<void> { return this.closed; }
 * }
 * const writer = new StreamWriter(transport, protocol, null, loop);
 * writer.write(data);
 * await writer.drain(); // waits while the transport's buffer is over its high-water mark
 * ```
 */
export class FlowControlMixin extends Protocol {
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ _paused = false;
  /** @internal */ readonly _drainWaiters = new Set<Future<void>>();
  /** @internal */ _connectionLost = false;
  /** @internal what drainHelper returns while writing is not paused: one done future, reused */
  _resolvedDrain: Future<void> | undefined = undefined;

  /** @param loop - the loop (default: the current event loop) */
  constructor(loop?: AbstractEventLoop) {
    super();
    this._loop = loop ?? eventLoop();
  }

  override pauseWriting(): void {
    this._paused = true;
    if (this._loop.getDebug()) console.debug(`${String(this)} pauses writing`);
  }

  override resumeWriting(): void {
    this._paused = false;
    if (this._loop.getDebug()) console.debug(`${String(this)} resumes writing`);
    for (const waiter of this._drainWaiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  override connectionLost(exc: unknown): void {
    this._connectionLost = true;
    // Wake up the writers if they are paused.
    if (!this._paused) return;
    const error = isFailedWrite(exc) ? connectionLostError(exc) : exc;
    for (const waiter of this._drainWaiters) {
      if (waiter.done()) continue;
      if (error === null || error === undefined) waiter.setResult(undefined);
      else waiter.setException(error);
    }
  }

  /**
   * Python's `_drain_helper`: throws `ConnectionResetError("Connection lost")` once the
   * connection is lost, returns at once unless writing is paused, else waits for
   * `resumeWriting` (or the connection's loss).
   */
  drainHelper(): Future<void> {
    if (this._connectionLost) {
      const failed = new Future<void>({ loop: this._loop });
      failed._reject(connectionLostError(undefined));
      return failed;
    }
    if (!this._paused) {
      let done = this._resolvedDrain;
      if (done === undefined) {
        done = new Future<void>({ loop: this._loop });
        done._resolve(undefined);
        this._resolvedDrain = done;
      }
      return done;
    }
    return setWaitDescription(
      callCoroutine(async () => {
        const waiter = this._loop.createFuture<void>();
        this._drainWaiters.add(waiter);
        try {
          await waiter;
        } finally {
          this._drainWaiters.delete(waiter);
        }
      }, this._loop),
      "StreamWriter.drain()",
    );
  }

  /** Python's `_get_close_waiter(stream)`: the future `writer.waitClosed()` awaits. */
  getCloseWaiter(_stream: unknown): Future<void> {
    throw new NotImplementedError();
  }
}
