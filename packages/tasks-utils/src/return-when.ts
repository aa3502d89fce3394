/** `wait` returns when any awaitable finishes or is cancelled, as `asyncio.FIRST_COMPLETED`. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";

/**
 * `wait` returns when any awaitable fails (or, if none fails, when all are done), as
 * `asyncio.FIRST_EXCEPTION`. A cancelled awaitable does not count as a failure.
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";

/** `wait` returns when every awaitable is done, as `asyncio.ALL_COMPLETED` (the default). */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** One of {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION}, {@link ALL_COMPLETED}. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;
