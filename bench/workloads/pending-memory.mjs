// Heap bytes per pending task: 100,000 tasks blocked on one event (Event.wait()).
import { PromiseEvent } from "../plain/promise-sync.mjs";
import { asyncioBlocked, plainBlocked } from "../blocked-memory.mjs";

export const description = "memory per pending task (100,000 tasks blocked on one event)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

export const implementations = {
  "asyncio-ts": asyncioBlocked(({ Event }) => {
    const event = new Event();
    return { block: () => event.wait(), unblock: () => event.set() };
  }),
  "plain Node": plainBlocked(() => {
    const event = new PromiseEvent();
    return { block: () => event.wait(), unblock: () => event.set() };
  }),
};
export const python = "pending_memory.py";
