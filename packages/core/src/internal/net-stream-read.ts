// A StreamReader read that waits for data without a coroutine: Python's
// `await self._wait_for_data(...)` inside `read()`/`readexactly()`, as one Future.
//
// The reader takes the data only when the read is woken, one loop iteration after the data came
// (when CPython's read coroutine would resume), and the awaiter resumes in that same iteration,
// as a coroutine return does. A cancel before that leaves the data in the buffer, as in CPython.
// It saves the CoroutineCall, its async function and the inner waiter future of every wait.
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { type CancelledError, isCancelledError } from "../exceptions/cancelled-error.js";
import { Future } from "../future.js";
import type { ReadyItem } from "./ready-item.js";
import { ownThen } from "./accelerators/index.js";

/** The reader side of a pending read (StreamReader implements it). */
export interface PendingReadSource {
  /** @internal Settles `read` from the buffer, or registers it to wait again; runs one iteration after a wake. */
  _completeRead(read: PendingRead): void;
  /** @internal The waiter slot: cleared once a cancelled read is delivered. */
  _waiter: Future<unknown> | null;
}

/** A read waiting for data: `size` bytes at most (`read`), or exactly (`readexactly`). */
export class PendingRead extends Future<Buffer> implements ReadyItem {
  // Fields are `declare`d and assigned (not class fields, which are defined one by one): a
  // read is made per wait, and defining fields showed in the profile.
  /** @internal while settling from the wake: the awaiter resumes now, as after a coroutine return */
  declare _inline: boolean;
  /** @internal */ declare readonly _source: PendingReadSource;
  /** @internal */ declare readonly _size: number;
  /** @internal */ declare readonly _exactly: boolean;
  /** @internal it is its own wake-up item in the loop's ready queue (never skipped) */
  declare readonly _cancelled: false;

  constructor(loop: AbstractEventLoop, source: PendingReadSource, size: number, exactly: boolean) {
    super({ loop });
    this._inline = false;
    this._source = source;
    this._size = size;
    this._exactly = exactly;
    this._cancelled = false;
  }

  /** @internal data, EOF or an error came: settle in the next iteration. */
  _wake(): void {
    this._loop._enqueue(this);
  }

  /** @internal runs one iteration after `_wake` (or after a cancel, to clear the reader's waiter). */
  _run(): void {
    if (this._isPending) this._source._completeRead(this);
    else if (this._source._waiter === this) this._source._waiter = null;
  }

  override cancel(message?: unknown): boolean {
    if (!super.cancel(message)) return false;
    // CPython clears the reader's waiter when the cancelled read resumes, one iteration later.
    if (this._source._waiter === this) this._loop._enqueue(this);
    return true;
  }

  /** @internal a CancelledError cancels the read, as one raised in a coroutine ends its call cancelled */
  override _reject(error: unknown): void {
    if (isCancelledError(error))
      this._cancelWith(error as CancelledError, (error as CancelledError).message || undefined);
    else super._reject(error);
  }

  /** @internal */
  override _scheduleCallbacks(): void {
    this._runCallbacks(this._inline);
  }

  /** @internal shown as the waiter future it stands for */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    info[0] = "Future";
    return info;
  }
}

ownThen(PendingRead);
