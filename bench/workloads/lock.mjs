// Lock contention: 1,000 tasks each acquiring and releasing one lock 100 times.
import { PromiseMutex } from "../plain/promise-queue.mjs";

export const description = "Lock contention: 1,000 tasks x 100 acquisitions";
export const unit = "acquisitions/s";
export const count = 100_000;
const TASKS = 1_000;
const ROUNDS = 100;

export const implementations = {
  async "asyncio-ts"({ run, createTask, Lock, gather, sleep }) {
    return run(async () => {
      const lock = new Lock();
      let inside = 0;
      const start = performance.now();
      const worker = async () => {
        for (let round = 0; round < ROUNDS; round++) {
          await lock.acquire();
          inside++;
          await sleep(0);
          lock.release();
        }
      };
      await gather(Array.from({ length: TASKS }, () => createTask(worker)));
      if (inside !== count) throw new Error("lost acquisitions");
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    const mutex = new PromiseMutex();
    let inside = 0;
    const start = performance.now();
    const worker = async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await mutex.acquire();
        inside++;
        await new Promise((resolve) => setImmediate(resolve));
        mutex.release();
      }
    };
    await Promise.all(Array.from({ length: TASKS }, worker));
    if (inside !== count) throw new Error("lost acquisitions");
    return performance.now() - start;
  },
};
export const python = "lock.py";
