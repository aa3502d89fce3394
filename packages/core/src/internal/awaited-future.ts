import type { FutureState } from "./future-state.js";
import type { SchedulingLoop } from "./loop-interface.js";
import type { ReadyItem } from "./ready-item.js";

/**
 * A Future as the objects that deliver its outcome see it (await entries, receipts, done
 * callbacks, the unretrieved-exception report): future.ts's `Future`, named here so that
 * those helpers and Future do not import each other.
 */
export interface AwaitedFuture {
  /** @internal */ readonly _loop: SchedulingLoop;
  /** @internal */ readonly _state: FutureState;
  /** @internal The result, or the error, once done. */
  readonly _outcome: unknown;
  /** @internal */ readonly _isPending: boolean;
  /** @internal The error to throw at an await: the outcome, or a CancelledError for a cancelled future. */
  _failure(): unknown;
  /** @internal */ _addCallback(item: ReadyItem): void;
  toString(): string;
}
