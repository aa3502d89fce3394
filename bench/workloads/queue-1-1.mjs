// Items through a Queue(100): 1 producer(s) and 1 consumer(s).
import { PromiseQueue } from "../plain/promise-queue.mjs";

export const description = "Queue(100): 200,000 items, 1 producer(s)/1 consumer(s)";
export const unit = "items/s";
export const count = 200_000;
const PRODUCERS = 1;
const CONSUMERS = 1;

function jobs(queue) {
  const produce = async () => {
    for (let index = 0; index < count / PRODUCERS; index++) await queue.put(index);
  };
  const consume = async () => {
    for (let index = 0; index < count / CONSUMERS; index++) await queue.get();
  };
  return [...Array.from({ length: PRODUCERS }, () => produce), ...Array.from({ length: CONSUMERS }, () => consume)];
}

export const implementations = {
  async "asyncio-ts"({ run, createTask, Queue, gather }) {
    return run(async () => {
      const start = performance.now();
      await gather(jobs(new Queue(100)).map((job) => createTask(job)));
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    const start = performance.now();
    await Promise.all(jobs(new PromiseQueue(100)).map((job) => job()));
    return performance.now() - start;
  },
};
export const python = "queue_1_1.py"; // not queue.py: that would shadow the stdlib module
