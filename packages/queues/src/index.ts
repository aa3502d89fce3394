/**
 * @asyncio-ts/queues: Python's `asyncio.Queue`, `PriorityQueue` and `LifoQueue`, with the
 * queue exceptions re-exported from `@asyncio-ts/core`.
 *
 * @packageDocumentation
 */
export { Queue, type QueueOptions } from "./queue.js";
export { PriorityQueue, type PriorityQueueOptions } from "./priority-queue.js";
export { LifoQueue } from "./lifo-queue.js";
export { QueueEmpty, QueueFull, QueueShutDown } from "@asyncio-ts/core";
