import { type Future, isFuture } from "../future.js";
import { isDrivenOfAnyCopy } from "./any-copy.js";

type Awaiters = Future<unknown> | Set<Future<unknown>>;

/**
 * Who awaits a future without a library `await` of it (Python 3.14's `_asyncio_awaited_by`):
 * the future a `gather` makes awaits its children, a `TaskGroup`'s body awaits its tasks, the
 * task that calls `shield` awaits the inner one. A task or library call keeps its awaiters in a
 * field (gather and TaskGroup mark one edge per task, and a WeakMap entry costs the garbage
 * collector more than the field costs memory); other futures keep them aside, in a WeakMap.
 */
const awaitedBy = new WeakMap<Future<unknown>, Awaiters>();

// Not instanceof: a task of another copy of core keeps its awaiters in its own field, and both
// copies must read the same place.
function get(future: Future<unknown>): Awaiters | undefined {
  return isDrivenOfAnyCopy(future) ? future._awaitedBy : awaitedBy.get(future);
}

function set(future: Future<unknown>, awaiters: Awaiters | undefined): void {
  if (isDrivenOfAnyCopy(future)) future._awaitedBy = awaiters;
  else if (awaiters === undefined) awaitedBy.delete(future);
  else awaitedBy.set(future, awaiters);
}

/**
 * Records that `waiter` awaits `future` (both must be Futures of this library, of any copy of
 * it; otherwise nothing happens). True when the edge is new.
 */
export function addAwaitedBy(future: unknown, waiter: unknown): boolean {
  // By brand, not instanceof: gather counts its children by this answer, and a Future of another
  // copy of core (a nested install, or the CommonJS build) is a child all the same.
  if (!isFuture(future) || !isFuture(waiter)) return false;
  const present = get(future);
  if (present === undefined) set(future, waiter);
  else if (present instanceof Set) {
    if (present.has(waiter)) return false;
    present.add(waiter);
  } else {
    if (present === waiter) return false;
    set(future, new Set([present, waiter]));
  }
  return true;
}

/** Forgets that `waiter` awaits `future`. */
export function discardAwaitedBy(future: unknown, waiter: unknown): void {
  if (!isFuture(future) || !isFuture(waiter)) return;
  const present = get(future);
  if (present === waiter) set(future, undefined);
  else if (present instanceof Set) present.delete(waiter);
}

/** The futures marked as awaiting `future`, in the order they were marked. */
export function markedAwaiters(future: Future<unknown>): Future<unknown>[] {
  const present = get(future);
  if (present === undefined) return [];
  return present instanceof Set ? [...present] : [present];
}
