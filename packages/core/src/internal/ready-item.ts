/**
 * What the loop's ready queue holds: a Handle, or an internal object that schedules itself
 * (an await being resumed, a task's first step, a `sleep(0)`), so that scheduling allocates
 * nothing on the hot paths.
 */
export interface ReadyItem {
  /** @internal A cancelled item is skipped. */
  readonly _cancelled: boolean;
  /** @internal */ _run(): void;
  toString(): string;
  /** @internal Resumes a library await: a coroutine returning to its caller runs it at once (Future._runCallbacks). */
  readonly _resumesAwait?: boolean;
  /** @internal What running the item steps, for debug mode's slow-callback report: the task it resumes. */
  _stepSubject?(): { toString(): string };
}
