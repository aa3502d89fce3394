/**
 * @asyncio-ts/tasks-utils: asyncio's task helpers — `gather`, `waitFor`, `shield`, `wait`,
 * `asCompleted`, `timeout`/`timeoutAt`/`Timeout` and `TaskGroup` (plus `toThread` and
 * `runCoroutineThreadsafe`).
 *
 * @packageDocumentation
 */
export { gather, type GatherOptions, type GatherResults, type GatherResultsOrErrors } from "./gather.js";
export { waitFor } from "./wait-for.js";
export { shield } from "./shield.js";
export { wait, type WaitOptions } from "./wait.js";
export { FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type ReturnWhen } from "./return-when.js";
export { asCompleted, type AsCompletedIterator, type AsCompletedOptions } from "./as-completed.js";
export { Timeout, timeout, timeoutAt } from "./timeout.js";
export { TaskGroup } from "./task-group.js";
export { toThread, type ToThreadOptions } from "./to-thread.js";
export { runCoroutineThreadsafe } from "./run-coroutine-threadsafe.js";
