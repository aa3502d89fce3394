// Semaphore contention: 1,000 tasks each taking one of 10 permits and giving it back 100 times.
import { PromiseSemaphore } from "../plain/promise-sync.mjs";

export const description = "Semaphore(10) contention: 1,000 tasks x 100 acquisitions";
export const unit = "acquisitions/s";
export const count = 100_000;
const TASKS = 1_000;
const ROUNDS = 100;
const PERMITS = 10;

export const implementations = {
  async "asyncio-ts"({ run, createTask, Semaphore, gather, sleep }) {
    return run(async () => {
      const semaphore = new Semaphore(PERMITS);
      let inside = 0;
      const start = performance.now();
      const worker = async () => {
        for (let round = 0; round < ROUNDS; round++) {
          await semaphore.acquire();
          inside++;
          await sleep(0);
          semaphore.release();
        }
      };
      await gather(Array.from({ length: TASKS }, () => createTask(worker)));
      if (inside !== count) throw new Error("lost acquisitions");
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    const semaphore = new PromiseSemaphore(PERMITS);
    let inside = 0;
    const start = performance.now();
    const worker = async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await semaphore.acquire();
        inside++;
        await new Promise((resolve) => setImmediate(resolve));
        semaphore.release();
      }
    };
    await Promise.all(Array.from({ length: TASKS }, worker));
    if (inside !== count) throw new Error("lost acquisitions");
    return performance.now() - start;
  },
};
export const python = "semaphore.py";
