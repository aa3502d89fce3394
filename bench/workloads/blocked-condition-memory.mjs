// Heap bytes per task blocked in Condition.wait(): each takes the condition's lock (free, so it
// does not wait there), waits, and releases the lock once it is notified and holds it again.
import { PromiseMutex } from "../plain/promise-queue.mjs";
import { PromiseCondition } from "../plain/promise-sync.mjs";
import { asyncioBlocked, plainBlocked } from "../blocked-memory.mjs";

export const description = "memory per task blocked in Condition.wait() (100,000 tasks)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

export const implementations = {
  "asyncio-ts": asyncioBlocked(({ Condition }) => {
    const condition = new Condition();
    return {
      before: () => condition.acquire(),
      block: () => condition.wait(),
      after: () => condition.release(),
      unblock: async () => {
        await condition.acquire();
        condition.notifyAll();
        condition.release();
      },
    };
  }),
  "plain Node": plainBlocked(() => {
    const mutex = new PromiseMutex();
    const condition = new PromiseCondition(mutex);
    return {
      before: () => mutex.acquire(),
      block: () => condition.wait(),
      after: () => mutex.release(),
      unblock: async () => {
        await mutex.acquire();
        condition.notifyAll();
        mutex.release();
      },
    };
  }),
};
export const python = "blocked_condition.py";
