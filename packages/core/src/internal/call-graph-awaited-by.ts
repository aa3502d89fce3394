import { Future } from "../future.js";

/**
 * Who awaits a future without a library `await` of it (Python 3.14's `_asyncio_awaited_by`):
 * the future a `gather` makes awaits its children, a `TaskGroup`'s body awaits its tasks, the
 * task that calls `shield` awaits the inner one. Kept aside, in a WeakMap, so that futures cost
 * nothing extra; only the combinators that mark an edge pay for it.
 */
const awaitedBy = new WeakMap<Future<unknown>, Future<unknown> | Set<Future<unknown>>>();

/** Records that `waiter` awaits `future` (both must be Futures of this library; otherwise nothing happens). */
export function addAwaitedBy(future: unknown, waiter: unknown): void {
  if (!(future instanceof Future) || !(waiter instanceof Future)) return;
  const present = awaitedBy.get(future);
  if (present === undefined) awaitedBy.set(future, waiter);
  else if (present instanceof Future) {
    if (present !== waiter) awaitedBy.set(future, new Set([present, waiter]));
  } else present.add(waiter);
}

/** Forgets that `waiter` awaits `future`. */
export function discardAwaitedBy(future: unknown, waiter: unknown): void {
  if (!(future instanceof Future) || !(waiter instanceof Future)) return;
  const present = awaitedBy.get(future);
  if (present === waiter) awaitedBy.delete(future);
  else if (present instanceof Set) present.delete(waiter);
}

/** The futures marked as awaiting `future`, in the order they were marked. */
export function markedAwaiters(future: Future<unknown>): Future<unknown>[] {
  const present = awaitedBy.get(future);
  if (present === undefined) return [];
  return present instanceof Future ? [present] : [...present];
}
