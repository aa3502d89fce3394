/**
 * `wait` returns when any awaitable finishes or is cancelled, as `asyncio.FIRST_COMPLETED`.
 *
 * @example
 * ```ts
 * const tasks = [createTask(() => sleep(0.1, "fast")), createTask(() => sleep(1, "slow"))];
 * const [done, pending] = await wait(tasks, { returnWhen: FIRST_COMPLETED });
 * for (const task of pending) task.cancel();
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";

/**
 * `wait` returns when any awaitable fails (or, if none fails, when all are done), as
 * `asyncio.FIRST_EXCEPTION`. A cancelled awaitable does not count as a failure.
 *
 * @example
 * ```ts
 * const [done, pending] = await wait(tasks, { returnWhen: FIRST_EXCEPTION });
 * const failed = [...done].filter((task) => !task.cancelled() && task.exception() !== undefined);
 * for (const task of pending) task.cancel();
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";

/**
 * `wait` returns when every awaitable is done, as `asyncio.ALL_COMPLETED` (the default).
 *
 * @example
 * ```ts
 * const [done, pending] = await wait(tasks, { timeout: 5, returnWhen: ALL_COMPLETED });
 * pending.size; // 0 unless the 5 seconds ran out
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** One of {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION}, {@link ALL_COMPLETED}. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;
