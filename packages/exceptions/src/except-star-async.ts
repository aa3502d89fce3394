import type { AsyncExceptStarClause, ExceptStarCondition } from "./except-star-clause.js";
import { exceptStarSteps, type HandlerOutcome } from "./internal/except-star-steps.js";

type Condition = ExceptStarCondition;
type Clause<C extends Condition> = AsyncExceptStarClause<C>;

/**
 * {@link exceptStar} for handlers that may be async: each handler's result is awaited before the
 * next clause runs, in order. Resolves when every part of the error was handled; otherwise
 * rejects with exactly what `exceptStar` would throw (the unhandled rest, what handlers threw or
 * rejected with, grouped as Python's `except*` groups them). Synchronous handlers work too.
 * A malformed clause makes it reject with a `TypeError` before any handler runs.
 *
 * @param error - the caught value
 * @param clauses - `[condition, handler]` pairs, tried in order
 *
 * @example
 * ```ts
 * try {
 *   await taskGroup.with(async (tg) => {
 *     tg.createTask(() => upload(file1));
 *     tg.createTask(() => upload(file2));
 *   });
 * } catch (err) {
 *   await exceptStarAsync(err, [
 *     [TimeoutError, async (eg) => {
 *       await reportTimeouts(eg.exceptions.length);
 *     }],
 *   ]);
 * }
 * ```
 */
export function exceptStarAsync(error: unknown, clauses: readonly []): Promise<void>;
export function exceptStarAsync<
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
): Promise<void>;
export function exceptStarAsync(error: unknown, clauses: readonly AsyncExceptStarClause[]): Promise<void>;
export async function exceptStarAsync(error: unknown, clauses: readonly unknown[]): Promise<void> {
  const steps = exceptStarSteps(error, clauses);
  for (let step = steps.next(); ; ) {
    if (step.done) {
      if (step.value.rethrow) throw step.value.error;
      return;
    }
    const { handler, group } = step.value;
    let outcome: HandlerOutcome = { threw: false };
    try {
      await handler(group);
    } catch (thrown) {
      outcome = { threw: true, error: thrown };
    }
    step = steps.next(outcome);
  }
}
