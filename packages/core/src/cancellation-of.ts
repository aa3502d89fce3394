import { type CancelledError, isCancelledError } from "./exceptions/cancelled-error.js";
import { isScopeAbortReason } from "./internal/scope-signal.js";

/**
 * The `CancelledError` that `error` stands for, or `undefined`: `error` itself when it is a
 * CancelledError, or, when `error` is the `AbortError` a foreign API rejected with because a
 * task's `signal` (`currentTask().signal`) was aborted by a cancel, the CancelledError that
 * signal was aborted with (Node's timers, `fs` and `events` give it as the AbortError's
 * `cause`; `fetch` rejects with it directly). The library applies this rule where a task or a
 * `waitFor`/`timeout`/`TaskGroup` body ends, so such a rejection counts as a cancellation;
 * code that catches errors around a foreign `await` can apply it too, to re-throw the
 * cancellation rather than handle it as a failure.
 *
 * @example
 * ```ts
 * import { setTimeout as delay } from "node:timers/promises";
 *
 * try {
 *   await delay(1000, undefined, { signal: currentTask()?.signal });
 * } catch (error) {
 *   const cancelled = cancellationOf(error);
 *   if (cancelled !== undefined) throw cancelled; // as if the await had thrown CancelledError
 *   console.error("delay failed", error);
 * }
 * ```
 */
export function cancellationOf(error: unknown): CancelledError | undefined {
  if (error === null || typeof error !== "object") return undefined;
  try {
    if (isCancelledError(error)) return error as CancelledError;
    if ((error as { name?: unknown }).name !== "AbortError") return undefined;
    const cause = (error as { cause?: unknown }).cause;
    return isScopeAbortReason(cause) ? cause : undefined;
  } catch {
    // Any value can be thrown, a Proxy or an object whose getters throw too: none is an abort of ours.
    return undefined;
  }
}
