import { CancelledError, Future, type EventLoop } from "@asyncio-ts/core";

/**
 * The future `gather` returns (CPython's `_GatheringFuture`). Cancelling it cancels every
 * child instead of marking itself cancelled at once, as `Task.cancel` does: it ends once the
 * children have reacted, with `CancelledError` as its exception if any child took the cancel.
 */
export class GatheringFuture<T extends unknown[]> extends Future<T> {
  private readonly children: readonly Future<unknown>[];
  private readonly returnExceptions: boolean;
  /** @internal distinct children, once known (a child passed twice is awaited once) */
  private childCount = 0;
  private finishedCount = 0;
  private cancelRequested = false;
  private cancelMessage: unknown = undefined;

  constructor(children: readonly Future<unknown>[], returnExceptions: boolean, loop: EventLoop) {
    super({ loop });
    this.children = children;
    this.returnExceptions = returnExceptions;
  }

  /**
   * Cancels every child that is not done yet; returns whether any child accepted. The gather
   * then fails with `CancelledError` once all children are done, whatever `returnExceptions`
   * says (CPython issue 32684).
   */
  /** Sets how many distinct children must finish; called once, before any is counted. */
  expectChildren(count: number): void {
    this.childCount = count;
  }

  override cancel(message?: unknown): boolean {
    if (this.done()) return false;
    let cancelled = false;
    for (const child of this.children) {
      if (child.cancel(message)) cancelled = true;
    }
    if (cancelled) {
      this.cancelRequested = true;
      this.cancelMessage = message;
    }
    return cancelled;
  }

  /** @internal a child's done callback (CPython's `_done_callback`). */
  readonly onChildDone = (child: Future<unknown>): void => {
    this.finishedCount++;
    if (this.done()) {
      // Mark the child's exception retrieved: the gather already reported its outcome.
      if (!child.cancelled()) child.exception();
      return;
    }
    if (!this.returnExceptions) {
      try {
        child.result();
      } catch (error) {
        this.fail(error);
        return;
      }
    }
    if (this.finishedCount !== this.childCount) return;
    const children = this.children;
    const results = new Array<unknown>(children.length);
    let firstCancelled: unknown;
    for (let index = 0; index < children.length; index++) {
      const future = children[index] as Future<unknown>;
      try {
        results[index] = future.result();
      } catch (error) {
        // Only reached with returnExceptions: the error (or CancelledError) takes the result's place.
        results[index] = error;
        if (firstCancelled === undefined && future.cancelled()) firstCancelled = error;
      }
    }
    if (this.cancelRequested) {
      // CPython takes the last child's error; the first cancelled child's keeps the message.
      const message = this.cancelMessage;
      this.fail(
        firstCancelled ?? new CancelledError(message === undefined || message === null ? undefined : String(message)),
      );
    } else {
      this.setResult(results as T);
    }
  };

  private fail(error: unknown): void {
    // setException refuses null/undefined; a child may well have thrown them in JavaScript.
    this.setException(
      error === undefined || error === null ? new TypeError(`a task failed with ${String(error)}`) : error,
    );
  }
}
