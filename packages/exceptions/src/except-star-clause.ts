import type { ErrorClass, ErrorPredicate, ExceptionGroup } from "@asyncio-ts/core";

/**
 * What an {@link exceptStar} clause matches: an error class (Python's `except* ValueError`), an
 * array of classes (Python's `except* (ValueError, TypeError)`) or a predicate, applied as
 * `ExceptionGroup.split` applies it (to the group itself first, then to nested groups and
 * leaves).
 *
 * Classes whose instances are groups (`ExceptionGroup`, `AggregateError` and their subclasses)
 * are rejected with a `TypeError`, as Python rejects `except* ExceptionGroup`.
 */
export type ExceptStarCondition = ErrorClass | readonly ErrorClass[] | ErrorPredicate;

/**
 * The leaf error type a condition selects: the class's instances, the union of an array's
 * classes' instances, or `Error` for a predicate.
 */
export type MatchedError<C> = C extends ErrorClass<infer T> ? T : C extends readonly ErrorClass<infer T>[] ? T : Error;

/**
 * One clause of {@link exceptStar}: `[condition, handler]`, Python's
 * `except* condition as group: handler(group)`. The handler receives the matching part of the
 * group; it may throw (see {@link exceptStar} for what happens then). Its return value is ignored.
 *
 * @typeParam C - the condition's type, from which the handler's group type is inferred
 */
export type ExceptStarClause<C extends ExceptStarCondition = ExceptStarCondition> = readonly [
  condition: C,
  handler: (group: ExceptionGroup<MatchedError<C>>) => void,
];

/**
 * One clause of {@link exceptStarAsync}: like {@link ExceptStarClause}, but the handler may
 * return a promise, which is awaited before the next clause runs.
 *
 * @typeParam C - the condition's type, from which the handler's group type is inferred
 */
export type AsyncExceptStarClause<C extends ExceptStarCondition = ExceptStarCondition> = readonly [
  condition: C,
  handler: (group: ExceptionGroup<MatchedError<C>>) => void | PromiseLike<void>,
];
