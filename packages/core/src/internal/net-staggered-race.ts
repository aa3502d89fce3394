// Python's asyncio.staggered.staggered_race, for happy eyeballs: start attempts one after the
// other, each `delay` seconds after the previous one (or as soon as it failed); the first to
// succeed wins and the others are cancelled.
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { Future } from "../future.js";
import type { TimerHandle } from "../handle.js";

export interface StaggeredResult<T> {
  readonly winner: T | undefined;
  readonly index: number | undefined;
  readonly errors: unknown[];
}

/**
 * Runs `attempts` staggered by `delay` seconds. `discard` is called with the result of an
 * attempt that succeeded after another had already won. Cancelling the returned future
 * cancels every attempt.
 */
export function staggeredRace<T>(
  loop: AbstractEventLoop,
  attempts: ReadonlyArray<() => Future<T>>,
  delay: number,
  discard: (result: T) => void,
): Future<StaggeredResult<T>> {
  const outcome = new Future<StaggeredResult<T>>({ loop });
  const running: Array<Future<T>> = [];
  const errors: unknown[] = [];
  let winnerIndex: number | undefined;
  let winner: T | undefined;
  let timer: TimerHandle | undefined;
  let finished = 0;

  const cancelAll = (): void => {
    timer?.cancel();
    timer = undefined;
    for (const attempt of running) attempt.cancel();
  };

  const settleIfDone = (): void => {
    if (outcome.done()) return;
    if (winnerIndex !== undefined || (finished === running.length && running.length === attempts.length)) {
      outcome.setResult({ winner, index: winnerIndex, errors });
    }
  };

  const start = (index: number): void => {
    timer?.cancel();
    timer = undefined;
    if (index >= attempts.length || winnerIndex !== undefined || outcome.done()) return;
    errors.push(undefined);
    let attempt: Future<T>;
    try {
      attempt = (attempts[index] as () => Future<T>)();
    } catch (error) {
      attempt = new Future<T>({ loop });
      attempt.setException(error);
    }
    running.push(attempt);
    if (index + 1 < attempts.length) timer = loop.callLater(delay, start, index + 1);
    attempt.addDoneCallback((done) => {
      finished++;
      if (done.cancelled()) {
        settleIfDone();
        return;
      }
      const error = done.exception();
      if (error !== undefined) {
        errors[index] = error;
        // A failure starts the next attempt at once.
        if (running.length === index + 1) start(index + 1);
        settleIfDone();
        return;
      }
      if (winnerIndex !== undefined || outcome.done()) {
        discard(done.result());
        return;
      }
      winnerIndex = index;
      winner = done.result();
      for (let other = 0; other < running.length; other++) if (other !== index) running[other]?.cancel();
      timer?.cancel();
      timer = undefined;
      settleIfDone();
    });
  };

  const originalCancel = outcome.cancel.bind(outcome);
  outcome.cancel = (message?: unknown): boolean => {
    if (!originalCancel(message)) return false;
    cancelAll();
    return true;
  };
  if (attempts.length === 0) outcome.setResult({ winner: undefined, index: undefined, errors });
  else start(0);
  return outcome;
}
