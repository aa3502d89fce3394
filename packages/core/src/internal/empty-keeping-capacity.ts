/**
 * Empties an array but keeps its backing store, and returns it. A fresh array, or
 * `length = 0`, makes the next push allocate a new store: once per received
 * chunk on a busy stream. A long array is replaced instead, so that a burst does not keep its
 * store forever.
 */
export function emptyKeepingCapacity<T>(items: T[]): T[] {
  if (items.length > 64) return [];
  for (let index = items.length; index > 0; index--) items.pop();
  return items;
}
