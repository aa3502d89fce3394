import { TASK_BRAND } from "./runtime-registry.js";
import type { Task } from "../task.js";

/**
 * Whether `value` is a Task of this or another copy of core (a nested install, the CommonJS
 * build beside the ESM one): introspection meets both, and `instanceof` knows only its own.
 */
export function isTaskOfAnyCopy(value: unknown): value is Task<unknown> {
  return typeof value === "object" && value !== null && (value as { [TASK_BRAND]?: unknown })[TASK_BRAND] === true;
}
