import { TASK_BRAND } from "./runtime-registry.js";
import type { Task } from "../task.js";
import type { DrivenFuture } from "./driven-future.js";

/**
 * Whether `value` is a Task of this or another copy of core (a nested install, the CommonJS
 * build beside the ESM one): introspection meets both, and `instanceof` knows only its own.
 */
export function isTaskOfAnyCopy(value: unknown): value is Task<unknown> {
  return typeof value === "object" && value !== null && (value as { [TASK_BRAND]?: unknown })[TASK_BRAND] === true;
}

/**
 * Whether `future` is a task or library call of this or another copy of core: it has the
 * driven future's fields (its waiter, its "awaited by" marks), which introspection reads in place.
 */
export function isDrivenOfAnyCopy(future: object): future is DrivenFuture<unknown> {
  return typeof (future as Partial<DrivenFuture<unknown>>)._firstWaiter === "function";
}
