import { type Future, getEventLoop, isFuture, ValueError } from "@asyncio-ts/core";

/**
 * A delay or deadline in seconds, or `null` for "never" (Python's `None`). `undefined` counts
 * as `null`. A negative value is accepted (already expired, as in Python); NaN is a
 * `ValueError` (Python would schedule a timer that never orders sensibly), anything but a
 * number a `TypeError`.
 */
export function checkSeconds(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") {
    throw new TypeError(`${what} must be a number of seconds or null, not ${describeType(value)}`);
  }
  if (Number.isNaN(value)) throw new ValueError(`${what} must not be NaN`);
  return value;
}

/** Whether `value` is something asyncio can await: a coroutine function, a Future or any thenable. */
export function isAwaitable(value: unknown): boolean {
  if (typeof value === "function") return true;
  return isThenable(value);
}

/**
 * Whether `value` is a Future (of any copy of core: `isFuture` reads a brand, where `instanceof`
 * would miss a nested install's) or any other object with a `then` method.
 */
export function isThenable(value: unknown): boolean {
  return (
    isFuture(value) ||
    (value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function")
  );
}

/**
 * Throws `TypeError` when `items` is itself an awaitable (Python: "expect a list of futures,
 * not Task") or is not iterable at all.
 */
export function checkIterableOfAwaitables(items: unknown, message: (typeName: string) => string): void {
  if (isAwaitable(items)) throw new TypeError(message(describeType(items)));
  if (
    items === null ||
    items === undefined ||
    typeof (items as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function" ||
    typeof items === "string"
  ) {
    throw new TypeError(message(describeType(items)));
  }
}

/** A short name for the type of `value`, as Python's `type(x).__name__`. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return value.name ? `function ${value.name}` : "function";
  if (typeof value === "object") return (value as object).constructor?.name ?? "Object";
  return typeof value;
}

/**
 * The error of a done future that failed (its exception, marked retrieved) or was cancelled
 * (its CancelledError), or `undefined` when it has a result.
 */
export function failureOf(future: Future<unknown>): { readonly error: unknown } | undefined {
  try {
    future.result();
    return undefined;
  } catch (error) {
    return { error };
  }
}

/**
 * A Future already failed with `error`: how a function that stands for a Python coroutine
 * reports bad arguments, at the `await` (as the coroutine would), not at the call.
 */
export function failedFuture<T>(error: unknown): Future<T> {
  const future = getEventLoop().createFuture<T>();
  future.setException(error);
  return future;
}
