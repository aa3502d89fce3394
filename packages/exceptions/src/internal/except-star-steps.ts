/**
 * The algorithm shared by `exceptStar` and `exceptStarAsync`, written once as a generator that
 * yields each handler call and receives how it ended; the two drivers differ only in whether
 * they await the handler. It follows CPython: `_PyEval_ExceptionGroupMatch` for each clause and
 * `_PyExc_PrepReraiseStar` for what is thrown at the end.
 *
 * @internal
 * @module
 */
import { ExceptionGroup } from "@asyncio-ts/core";
import type { ErrorClass } from "@asyncio-ts/core";

/** A handler call the driver must make. @internal */
export interface HandlerCall {
  readonly handler: (group: ExceptionGroup) => unknown;
  readonly group: ExceptionGroup;
}

/** How a handler call ended. @internal */
export type HandlerOutcome = { readonly threw: false } | { readonly threw: true; readonly error: unknown };

/** What the driver does once every clause has run. @internal */
export type ExceptStarResult = { readonly rethrow: false } | { readonly rethrow: true; readonly error: unknown };

type Matcher = (error: Error) => boolean;

interface PreparedClause {
  readonly matcher: Matcher;
  readonly handler: (group: ExceptionGroup) => unknown;
}

function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

function isErrorClass(value: unknown): value is ErrorClass {
  return (
    typeof value === "function" && (value === Error || (value as { prototype?: unknown }).prototype instanceof Error)
  );
}

function rejectGroupClass(errorClass: ErrorClass): void {
  if (errorClass === AggregateError || errorClass.prototype instanceof AggregateError) {
    throw new TypeError(
      "catching ExceptionGroup (or AggregateError) with exceptStar is not allowed. Use catch instead.",
    );
  }
}

function prepareClause(clause: unknown, index: number): PreparedClause {
  if (!Array.isArray(clause) || typeof clause[1] !== "function") {
    throw new TypeError(`exceptStar: clause ${index} must be a [condition, handler] pair`);
  }
  const [condition, handler] = clause as [unknown, (group: ExceptionGroup) => unknown];
  if (isErrorClass(condition)) {
    rejectGroupClass(condition);
    return { matcher: (error) => error instanceof condition, handler };
  }
  if (typeof condition === "function") {
    return { matcher: (error) => Boolean((condition as (error: Error) => unknown)(error)), handler };
  }
  if (Array.isArray(condition) && condition.every(isErrorClass)) {
    const classes: readonly ErrorClass[] = condition.slice();
    classes.forEach(rejectGroupClass);
    return { matcher: (error) => classes.some((errorClass) => error instanceof errorClass), handler };
  }
  throw new TypeError(
    `exceptStar: the condition of clause ${index} must be a function, an Error class or an array of Error classes`,
  );
}

function collectLeaves(error: Error, into: Set<Error>): void {
  if (error instanceof ExceptionGroup) for (const child of error.exceptions) collectLeaves(child, into);
  else into.add(error);
}

/** Python's `exception_group_projection`: `orig` restricted to the leaves of `keep`. */
function project(orig: ExceptionGroup, keep: readonly Error[]): ExceptionGroup {
  const leaves = new Set<Error>();
  for (const error of keep) collectLeaves(error, leaves);
  return orig.subgroup((error) => leaves.has(error)) ?? orig;
}

function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function asError(value: unknown): Error {
  return isError(value)
    ? value
    : new Error(`non-Error value thrown by an exceptStar handler: ${describe(value)}`, { cause: value });
}

/**
 * Runs the clauses against `error`, yielding each handler call. Throws (synchronously, before
 * any handler runs) a `TypeError` for a malformed clause.
 *
 * @internal
 */
export function* exceptStarSteps(
  error: unknown,
  clauses: readonly unknown[],
): Generator<HandlerCall, ExceptStarResult, HandlerOutcome> {
  if (!Array.isArray(clauses)) throw new TypeError("exceptStar: clauses must be an array");
  const prepared = clauses.map(prepareClause);
  // A thrown value that is not an Error cannot go into a group: no clause sees it.
  if (!isError(error)) return { rethrow: true, error };

  const isGroup = error instanceof ExceptionGroup;
  let rest: Error | null = error;
  let matchedAny = false;
  const raised: unknown[] = [];
  const reraised: Error[] = [];

  for (const { matcher, handler } of prepared) {
    if (rest === null) break;
    let match: ExceptionGroup | null = null;
    if (rest instanceof ExceptionGroup) {
      [match, rest] = rest.split(matcher);
    } else if (matcher(rest)) {
      // A naked error is matched as it is, and handed to the handler wrapped in a group.
      match = new ExceptionGroup("", [rest]);
      rest = null;
    }
    if (match === null) continue;
    matchedAny = true;
    const outcome = yield { handler, group: match };
    if (outcome.threw) {
      // Throwing the very group received is Python's bare `raise`: a re-raise.
      if (outcome.error === match) reraised.push(match);
      else raised.push(outcome.error);
    }
  }

  // Untouched: rethrow the original object itself (Python rethrows an equal derived copy).
  if (!matchedAny) return { rethrow: true, error };
  if (rest !== null) reraised.push(rest);
  if (raised.length === 0 && reraised.length === 0) return { rethrow: false };

  // A naked error went through at most one handler: throw what it threw, or the wrapper it rethrew.
  if (!isGroup) return { rethrow: true, error: raised.length > 0 ? raised[0] : reraised[0] };

  const reraisedGroup = reraised.length > 0 ? project(error, reraised) : null;
  const toThrow = reraisedGroup === null ? raised : [...raised, reraisedGroup];
  if (toThrow.length === 1) return { rethrow: true, error: toThrow[0] };
  return { rethrow: true, error: new ExceptionGroup("", toThrow.map(asError)) };
}

/**
 * Whether `value` is a thenable.
 *
 * @internal
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
