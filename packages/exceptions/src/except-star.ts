import type { ExceptStarClause, ExceptStarCondition } from "./except-star-clause.js";
import { exceptStarSteps, isThenable, type HandlerOutcome } from "./internal/except-star-steps.js";

type Condition = ExceptStarCondition;
type Clause<C extends Condition> = ExceptStarClause<C>;

/**
 * Handles an error clause by clause, as Python's `try: ... except* ...:` does with an exception
 * group. Call it in a `catch` block; it returns normally when every part of the error was
 * handled, and throws otherwise.
 *
 * - Each clause `[condition, handler]` in turn splits off the part of what is still unhandled
 *   that matches `condition` (see `ExceptionGroup.split`) and, if that part is not empty, calls
 *   `handler` with it: an `ExceptionGroup` with the original's message, nesting, `cause` and
 *   `notes`. A later clause sees only what earlier clauses did not take.
 * - What no clause matched is rethrown as an `ExceptionGroup` of the rest, with the original
 *   structure. If no clause matched anything, the original error object itself is rethrown.
 * - A handler that throws does not stop the other clauses. What handlers throw is collected and
 *   thrown at the end as Python does: one error alone as it is; several (or new errors plus the
 *   unhandled rest) together in a new `ExceptionGroup("", [...thrown, rest])`. A handler that
 *   throws the very group it received re-raises it (Python's bare `raise`): those errors go back
 *   into the rest, in their original place. Errors thrown by a handler are not matched by later
 *   clauses. A thrown non-`Error` value that has to join a group is wrapped in an `Error` whose
 *   `cause` is the value.
 * - An error that is not a group is matched as it is; the handler receives it wrapped in
 *   `new ExceptionGroup("", [error])`. If no clause matches, it is rethrown as it is; if its
 *   handler throws, that is thrown as it is.
 * - A thrown value that is not an `Error` at all is rethrown untouched, without calling any
 *   handler.
 *
 * Handlers must be synchronous: a handler that returns a promise makes `exceptStar` throw a
 * `TypeError` at once. Use {@link exceptStarAsync} for async handlers.
 *
 * Each handler's `group` is typed from its condition (`ExceptionGroup<ValueError>` for
 * `ValueError`, a union for an array of classes, `ExceptionGroup<Error>` for a predicate).
 *
 * @param error - the caught value
 * @param clauses - `[condition, handler]` pairs, tried in order
 * @throws TypeError, before any handler runs, if a clause is malformed or its condition is a
 *   group class (`ExceptionGroup`, `AggregateError`), as Python rejects `except* ExceptionGroup`
 *
 * @example
 * ```ts
 * try {
 *   await taskGroup.with(async (tg) => {
 *     tg.createTask(() => fetchUser(1));
 *     tg.createTask(() => fetchUser(2));
 *   });
 * } catch (err) {
 *   // Python:  except* ValueError as eg: ...
 *   //          except* (TimeoutError, ConnectionError) as eg: ...
 *   exceptStar(err, [
 *     [ValueError, (eg) => console.log("bad input:", eg.exceptions.length)],
 *     [[TimeoutError, ConnectionError], (eg) => console.log("network trouble:", eg.message)],
 *   ]);
 * }
 * ```
 */
export function exceptStar(error: unknown, clauses: readonly []): void;
export function exceptStar<
  const C1 extends Condition = Condition,
  const C2 extends Condition = Condition,
  const C3 extends Condition = Condition,
  const C4 extends Condition = Condition,
  const C5 extends Condition = Condition,
  const C6 extends Condition = Condition,
  const C7 extends Condition = Condition,
  const C8 extends Condition = Condition,
>(
  error: unknown,
  clauses: readonly [
    Clause<C1>,
    Clause<C2>?,
    Clause<C3>?,
    Clause<C4>?,
    Clause<C5>?,
    Clause<C6>?,
    Clause<C7>?,
    Clause<C8>?,
    ...Clause<Condition>[],
  ],
): void;
export function exceptStar(error: unknown, clauses: readonly ExceptStarClause[]): void;
export function exceptStar(error: unknown, clauses: readonly unknown[]): void {
  const steps = exceptStarSteps(error, clauses);
  for (let step = steps.next(); ; ) {
    if (step.done) {
      if (step.value.rethrow) throw step.value.error;
      return;
    }
    const { handler, group } = step.value;
    let outcome: HandlerOutcome = { threw: false };
    let result: unknown;
    try {
      result = handler(group);
    } catch (thrown) {
      outcome = { threw: true, error: thrown };
    }
    if (isThenable(result)) {
      throw new TypeError("exceptStar: a handler returned a promise; use exceptStarAsync for async handlers", {
        cause: error,
      });
    }
    step = steps.next(outcome);
  }
}
