import { CancelledError } from "../exceptions/cancelled-error.js";
import type { DrivenFuture } from "./driven-future.js";

/**
 * The AbortSignals of cancel scopes: a task, or a library call that runs user code (the body of
 * `waitFor`, `timeout(...).with`, `TaskGroup.with`). Made on first read, aborted when the scope
 * is asked to cancel, replaced by a fresh one once the scope withdrew every cancel request.
 */

// Few scopes ever hand out a signal: their controllers are kept beside them, not in a field of each.
const controllers = new WeakMap<DrivenFuture<unknown>, AbortController>();
/** The reasons our signals were aborted with: a foreign AbortError caused by one is a cancellation. */
const abortReasons = new WeakSet<CancelledError>();
/** No signal was ever handed out: cancels need not look for one. */
let noneHandedOut = true;

/** The signal of `scope`, made now if it has none; aborted at once if a cancel is requested already. */
export function scopeSignal(scope: DrivenFuture<unknown>): AbortSignal {
  let controller = controllers.get(scope);
  if (controller === undefined) {
    noneHandedOut = false;
    controller = new AbortController();
    controllers.set(scope, controller);
    if (scope._isPending && scope._numCancelsRequested > 0) abortWith(controller, scope._cancelMessage);
  }
  return controller.signal;
}

/** A cancel of `scope` was requested: its signal, if it handed one out, is aborted. */
export function abortScopeSignal(scope: DrivenFuture<unknown>, message: unknown): void {
  if (noneHandedOut) return;
  const controller = controllers.get(scope);
  if (controller !== undefined && !controller.signal.aborted) abortWith(controller, message);
}

/** `scope` withdrew its last cancel request (`uncancel`): the next read gets a fresh signal. */
export function renewScopeSignal(scope: DrivenFuture<unknown>): void {
  if (noneHandedOut) return;
  if (controllers.get(scope)?.signal.aborted === true) controllers.delete(scope);
}

/** True for a reason one of our signals was aborted with. */
export function isScopeAbortReason(value: unknown): value is CancelledError {
  return !noneHandedOut && abortReasons.has(value as CancelledError);
}

function abortWith(controller: AbortController, message: unknown): void {
  const reason = new CancelledError(message === undefined ? undefined : String(message));
  abortReasons.add(reason);
  controller.abort(reason);
}
