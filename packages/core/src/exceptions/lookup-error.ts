import { markErrorClass } from "../internal/error-marker.js";

/**
 * A key or variable has no value: mirrors Python's builtin `LookupError`, which
 * `ContextVar.get()` raises for a variable with no value and no default.
 *
 * @example
 * ```ts
 * new ContextVar<string>("user").get(); // throws LookupError
 * ```
 */
export class LookupError extends Error {
  /** Whether `value` is a `LookupError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is LookupError;

  static {
    markErrorClass(this, "LookupError");
  }
}
