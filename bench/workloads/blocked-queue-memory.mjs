// Heap bytes per task blocked in Queue.get() on an empty queue.
import { PromiseQueue } from "../plain/promise-queue.mjs";
import { BLOCKED_TASKS, asyncioBlocked, plainBlocked } from "../blocked-memory.mjs";

export const description = "memory per task blocked in Queue.get() (100,000 tasks)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

export const implementations = {
  "asyncio-ts": asyncioBlocked(({ Queue }) => {
    const queue = new Queue();
    return {
      block: () => queue.get(),
      unblock: () => {
        for (let index = 0; index < BLOCKED_TASKS; index++) queue.putNowait(index);
      },
    };
  }),
  "plain Node": plainBlocked(() => {
    const queue = new PromiseQueue(0);
    return {
      block: () => queue.get(),
      unblock: async () => {
        for (let index = 0; index < BLOCKED_TASKS; index++) await queue.put(index);
      },
    };
  }),
};
export const python = "blocked_queue.py";
