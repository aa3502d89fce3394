import { errorMarker, markErrorClass } from "../internal/error-marker.js";

/**
 * The operation was cancelled: mirrors Python's `asyncio.CancelledError`.
 *
 * `task.cancel(msg?)` makes the task's current `await` of a library awaitable throw it.
 * As in Python, catching it and not rethrowing it un-cancels nothing: code that catches it
 * should normally rethrow it after cleaning up.
 *
 * @example
 * ```ts
 * try {
 *   await sleep(10);
 * } catch (err) {
 *   if (err instanceof CancelledError) console.log("cancelled:", err.message);
 *   throw err;
 * }
 * ```
 */
export class CancelledError extends Error {
  /**
   * Whether `value` is a `CancelledError`, made by this or any other copy of asyncio-ts.
   * `instanceof CancelledError` gives the same answer.
   */
  declare static isInstance: (value: unknown) => value is CancelledError;

  static {
    markErrorClass(this, "CancelledError");
  }
}

const CANCELLED_ERROR_MARKER = errorMarker("CancelledError");

/**
 * Whether `value` is a {@link CancelledError} (from any copy of asyncio-ts): the fastest check,
 * for hot paths. Same answer as `value instanceof CancelledError`.
 *
 * @example
 * ```ts
 * if (isCancelledError(err)) return; // swallow the cancellation at the top of a worker loop
 * ```
 */
export function isCancelledError(value: unknown): value is CancelledError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { readonly [CANCELLED_ERROR_MARKER]?: unknown })[CANCELLED_ERROR_MARKER] === true
  );
}
