// Heap bytes per task blocked in Semaphore.acquire() on a semaphore with no permit left.
import { PromiseSemaphore } from "../plain/promise-sync.mjs";
import { asyncioBlocked, plainBlocked } from "../blocked-memory.mjs";

export const description = "memory per task blocked in Semaphore.acquire() (100,000 tasks)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

export const implementations = {
  "asyncio-ts": asyncioBlocked(({ Semaphore }) => {
    const semaphore = new Semaphore(0);
    // One permit, handed on by each task once it has it (100,000 releases at once would cost
    // the FIFO wake-up, CPython's too, quadratic time).
    return { block: () => semaphore.acquire(), after: () => semaphore.release(), unblock: () => semaphore.release() };
  }),
  "plain Node": plainBlocked(() => {
    const semaphore = new PromiseSemaphore(0);
    return { block: () => semaphore.acquire(), after: () => semaphore.release(), unblock: () => semaphore.release() };
  }),
};
export const python = "blocked_semaphore.py";
