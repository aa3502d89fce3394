// Items through a Queue(100) from producers to consumers, for the bench/workloads/queue-*.mjs
// workloads: each gives its producer and consumer counts, and its Python twin's file name.
import { PromiseQueue } from "./plain/promise-queue.mjs";

const COUNT = 200_000;

/** The workload's exports for `producers` producers and `consumers` consumers of 200,000 items. */
export function queueThroughput(producers, consumers, python) {
  const jobs = (queue) => {
    const produce = async () => {
      for (let index = 0; index < COUNT / producers; index++) await queue.put(index);
    };
    const consume = async () => {
      for (let index = 0; index < COUNT / consumers; index++) await queue.get();
    };
    return [...Array.from({ length: producers }, () => produce), ...Array.from({ length: consumers }, () => consume)];
  };
  return {
    description: `Queue(100): 200,000 items, ${producers} producer(s)/${consumers} consumer(s)`,
    unit: "items/s",
    count: COUNT,
    implementations: {
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
    },
    python,
  };
}
