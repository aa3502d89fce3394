import { ValueError } from "@asyncio-ts/core";
import { Semaphore } from "./semaphore.js";

/**
 * A {@link Semaphore} that refuses to be released above its initial value, as Python's
 * `asyncio.BoundedSemaphore`: a release without a matching acquire is a bug it reports.
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(1);
 * await sem.acquire();
 * sem.release();
 * sem.release(); // throws ValueError("BoundedSemaphore released too many times")
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal */ readonly _boundValue: number;

  /**
   * @param value - the initial and highest number of permits (default 1).
   * @throws ValueError `Semaphore initial value must be >= 0` when value is negative.
   */
  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  /**
   * Gives a permit back, as {@link Semaphore.release}.
   *
   * @throws ValueError `BoundedSemaphore released too many times` above the initial value.
   */
  override release(): void {
    if (this._value >= this._boundValue) throw new ValueError("BoundedSemaphore released too many times");
    super.release();
  }
}
