import { markErrorClass } from "../internal/error-marker.js";
import { RuntimeError } from "./runtime-error.js";

/**
 * A `Barrier` was reset or aborted while tasks were waiting on it: mirrors Python's
 * `asyncio.BrokenBarrierError`, a subclass of {@link RuntimeError}.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(2);
 * await barrier.abort();
 * await barrier.wait(); // throws BrokenBarrierError
 * ```
 */
export class BrokenBarrierError extends RuntimeError {
  /** Whether `value` is a `BrokenBarrierError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is BrokenBarrierError;

  static {
    markErrorClass(this, "BrokenBarrierError");
  }
}
