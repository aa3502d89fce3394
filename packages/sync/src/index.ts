/**
 * @asyncio-ts/sync: Python's asyncio synchronization primitives: `Lock`, `Event`,
 * `Condition`, `Semaphore`, `BoundedSemaphore` and `Barrier`, fair (FIFO) and
 * cancellation-safe as CPython 3.12+.
 *
 * @packageDocumentation
 */
export { Lock } from "./lock.js";
export { Event } from "./event.js";
export { Condition } from "./condition.js";
export { Semaphore } from "./semaphore.js";
export { BoundedSemaphore } from "./bounded-semaphore.js";
export { Barrier } from "./barrier.js";
export { BrokenBarrierError } from "@asyncio-ts/core";
