// The part of asyncio.gather that communicate() uses, on core alone (a package may not import
// a sibling): the results of some futures in order; the first error fails it while the others
// keep running; cancelling it cancels them all, and it ends cancelled once they have.
import { Future, type EventLoop } from "@asyncio-ts/core";

class GatheringFuture<T> extends Future<T[]> {
  private readonly children: ReadonlyArray<Future<T>>;
  private remaining: number;
  private cancelRequested = false;

  constructor(children: ReadonlyArray<Future<T>>, loop: EventLoop) {
    super({ loop });
    this.children = children;
    this.remaining = children.length;
    for (const child of children) child.addDoneCallback(this.onChildDone);
  }

  private readonly onChildDone = (child: Future<T>): void => {
    this.remaining--;
    if (this.done()) {
      // Already failed: retrieve the others' errors so that none is reported as lost.
      if (!child.cancelled()) child.exception();
      return;
    }
    if (child.cancelled()) {
      this.cancelSelf();
      return;
    }
    const error = child.exception();
    if (error !== null && error !== undefined) {
      this.setException(error);
      return;
    }
    if (this.remaining > 0) return;
    if (this.cancelRequested) this.cancelSelf();
    else this.setResult(this.children.map((future) => future.result()));
  };

  private cancelSelf(): void {
    super.cancel();
  }

  /** Cancels every child; this future ends cancelled once they have reported. */
  override cancel(message?: unknown): boolean {
    if (this.done()) return false;
    let cancelled = false;
    for (const child of this.children) if (child.cancel(message)) cancelled = true;
    if (cancelled) this.cancelRequested = true;
    return cancelled;
  }
}

/** Python's `gather(*futures)` for futures of one loop. */
export function gatherTasks<T>(children: ReadonlyArray<Future<T>>, loop: EventLoop): Future<T[]> {
  if (children.length === 0) {
    const done = loop.createFuture<T[]>();
    done.setResult([]);
    return done;
  }
  return new GatheringFuture(children, loop);
}
