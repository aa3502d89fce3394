// Heap bytes per task blocked in Lock.acquire() on a lock that is held (each releases it once it
// has it, so all go through in turn once the holder releases).
import { PromiseMutex } from "../plain/promise-queue.mjs";
import { asyncioBlocked, plainBlocked } from "../blocked-memory.mjs";

export const description = "memory per task blocked in a contended Lock.acquire() (100,000 tasks)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

export const implementations = {
  "asyncio-ts": asyncioBlocked(async ({ Lock }) => {
    const lock = new Lock();
    await lock.acquire();
    return { block: () => lock.acquire(), after: () => lock.release(), unblock: () => lock.release() };
  }),
  "plain Node": plainBlocked(async () => {
    const lock = new PromiseMutex();
    await lock.acquire();
    return { block: () => lock.acquire(), after: () => lock.release(), unblock: () => lock.release() };
  }),
};
export const python = "blocked_lock.py";
