// Items through a Queue(100): 1 producer / 1 consumer and 10 producers / 10 consumers.
import { PromiseQueue } from "../plain/promise-queue.mjs";

export const description = "Queue(100): 200,000 items, 1 producer/1 consumer and 10/10";
export const unit = "items/s";
export const count = 200_000;

async function pump(queue, producers, consumers, perProducer) {
  const produce = async () => {
    for (let index = 0; index < perProducer; index++) await queue.put(index);
  };
  const consume = async (items) => {
    for (let index = 0; index < items; index++) await queue.get();
  };
  return [
    ...Array.from({ length: producers }, () => produce),
    ...Array.from({ length: consumers }, () => () => consume((producers * perProducer) / consumers)),
  ];
}

export const implementations = {
  async "asyncio-ts"({ run, createTask, Queue, gather }) {
    return run(async () => {
      const start = performance.now();
      for (const [producers, consumers] of [
        [1, 1],
        [10, 10],
      ]) {
        const queue = new Queue(100);
        const jobs = await pump(queue, producers, consumers, count / 2 / producers);
        await gather(jobs.map((job) => createTask(job)));
      }
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    const start = performance.now();
    for (const [producers, consumers] of [
      [1, 1],
      [10, 10],
    ]) {
      const queue = new PromiseQueue(100);
      const jobs = await pump(queue, producers, consumers, count / 2 / producers);
      await Promise.all(jobs.map((job) => job()));
    }
    return performance.now() - start;
  },
};
export const python = "queues.py"; // not queue.py: that would shadow the stdlib module
