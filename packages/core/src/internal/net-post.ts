// Scheduling from Node's event handlers onto the loop.
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import type { Future } from "../future.js";
import type { ReadyItem } from "./ready-item.js";

/**
 * One I/O callback in the ready queue: `callback(argument)`, its error reported to the loop's
 * exception handler as a Handle's would be. Cheaper than a Handle (no argument array).
 */
class IoCall<A> implements ReadyItem {
  /** @internal */ readonly _cancelled = false;

  constructor(
    private readonly loop: AbstractEventLoop,
    private readonly callback: (argument: A) => unknown,
    private readonly argument: A,
  ) {}

  /** @internal */ _run(): void {
    try {
      this.callback(this.argument);
    } catch (error) {
      this.loop.callExceptionHandler({
        message: `Exception in callback ${this.callback.name || "<anonymous>"}()`,
        exception: error,
      });
    }
  }

  toString(): string {
    return `<Handle ${this.callback.name || "<anonymous>"}()>`;
  }
}

/** Runs `callback(argument)` in the loop's next iteration (from inside the loop). */
export function schedule<A>(loop: AbstractEventLoop, callback: (argument: A) => unknown, argument: A): void {
  loop._enqueue(new IoCall(loop, callback, argument));
}

/**
 * Runs `callback(argument)` in the loop's next iteration, from outside the loop's turn (a Node
 * event). Returns false, doing nothing, when the loop is closed.
 */
export function post<A>(loop: AbstractEventLoop, callback: (argument: A) => unknown, argument: A): boolean {
  if (loop._closed) return false;
  loop._enqueue(new IoCall(loop, callback, argument));
  return true;
}

/** Python's `futures._set_result_unless_cancelled`. */
export function setResultUnlessCancelled<T>(future: Future<T>, result?: T): void {
  if (!future.cancelled() && !future.done()) future.setResult(result as T);
}

/** A Future already done with `result`: awaiting it does not cost a loop iteration. */
export function doneFuture<T>(future: Future<T>, result: T): Future<T> {
  future._resolve(result);
  return future;
}

/** A Future already failed with `error`. */
export function failedFuture<T>(future: Future<T>, error: unknown): Future<T> {
  future._reject(error);
  return future;
}
