import { inspect } from "node:util";

/**
 * A compact one-line rendering of items for `toString()`, as Python's `repr` of a list.
 *
 * @internal
 */
export function describeItems(items: readonly unknown[]): string {
  return `[${items.map((item) => inspect(item, { breakLength: Infinity, depth: 2 })).join(", ")}]`;
}
