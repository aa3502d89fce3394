// `for await (const item of queue)`: our extension (Python's Queue is not iterable).
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, run, sleep } from "@asyncio-ts/core";
import { LifoQueue, PriorityQueue, Queue } from "../src/index.js";
import { errorOf, gatherTasks } from "asyncio-ts-test-support";

describe("async iteration", () => {
  it("yields items in order until the queue is shut down and drained", async () => {
    await run(async () => {
      const q = new Queue<number>();
      const seen: number[] = [];
      const consumer = createTask(async () => {
        for await (const item of q) seen.push(item);
        return "ended";
      });
      q.putNowait(1);
      q.putNowait(2);
      await sleep(0);
      q.putNowait(3);
      q.shutdown(); // not immediate: 3 is still delivered
      expect(await consumer).toBe("ended");
      expect(seen).toEqual([1, 2, 3]);
    });
  });

  it("an immediate shutdown ends the iteration at once", async () => {
    await run(async () => {
      const q = new Queue<number>();
      for (const item of [1, 2, 3]) q.putNowait(item);
      const seen: number[] = [];
      const consumer = createTask(async () => {
        for await (const item of q) {
          seen.push(item);
          if (item === 1) q.shutdown(true);
        }
      });
      await consumer;
      expect(seen).toEqual([1]);
    });
  });

  it("does not call taskDone", async () => {
    await run(async () => {
      const q = new Queue<number>();
      q.putNowait(1);
      q.putNowait(2);
      q.shutdown();
      const seen: number[] = [];
      for await (const item of q) seen.push(item);
      expect(seen).toEqual([1, 2]);
      expect(q._unfinishedTasks).toBe(2);
      q.taskDone();
      q.taskDone();
      await q.join();
    });
  });

  it("break takes no further item", async () => {
    await run(async () => {
      const q = new Queue<number>();
      for (const item of [1, 2, 3]) q.putNowait(item);
      for await (const item of q) {
        if (item === 2) break;
      }
      expect(q.qsize()).toBe(1);
      expect(q.getNowait()).toBe(3);
    });
  });

  it("several iterating workers share the items, served in FIFO order", async () => {
    await run(async () => {
      const q = new Queue<number>(2);
      const seen: string[] = [];
      const workers = ["a", "b"].map((name) =>
        createTask(async () => {
          for await (const item of q) {
            seen.push(`${name}${item}`);
            await sleep(0);
          }
        }),
      );
      await sleep(0);
      for (let item = 0; item < 6; item++) await q.put(item);
      q.shutdown();
      await gatherTasks(workers);
      expect(seen.length).toBe(6);
      expect(seen.map((entry) => Number(entry.slice(1)))).toEqual([0, 1, 2, 3, 4, 5]);
      expect(seen.slice(0, 2)).toEqual(["a0", "b1"]);
    });
  });

  it("cancelling a task waiting in for-await throws CancelledError there and loses no item", async () => {
    await run(async () => {
      const q = new Queue<number>();
      const log: string[] = [];
      const consumer = createTask(async () => {
        try {
          for await (const item of q) log.push(`item ${item}`);
        } catch (error) {
          log.push(`loop threw ${(error as Error).name}`);
          throw error;
        }
      });
      await sleep(0);
      expect(q._getters.size).toBe(1);
      consumer.cancel();
      expect(await errorOf(consumer)).toBeInstanceOf(CancelledError);
      expect(log).toEqual(["loop threw CancelledError"]);
      expect(q._getters.size).toBe(0);
      q.putNowait(7);
      expect(q.getNowait()).toBe(7);
    });
  });

  it("a consumer woken and then cancelled passes the item on to the next consumer", async () => {
    await run(async () => {
      const q = new Queue<string>();
      const got: string[] = [];
      const first = createTask(async () => {
        for await (const item of q) got.push(`first:${item}`);
      });
      const second = createTask(async () => {
        for await (const item of q) got.push(`second:${item}`);
      });
      await sleep(0);
      q.putNowait("x"); // wakes `first`
      first.cancel(); // before it ran
      expect(await errorOf(first)).toBeInstanceOf(CancelledError);
      await sleep(0);
      expect(got).toEqual(["second:x"]);
      q.shutdown();
      await second;
    });
  });

  it("works for LifoQueue and PriorityQueue, and the iterator is itself iterable", async () => {
    await run(async () => {
      const lifo = new LifoQueue<number>();
      const priority = new PriorityQueue<number>();
      for (const item of [2, 3, 1]) {
        lifo.putNowait(item);
        priority.putNowait(item);
      }
      lifo.shutdown();
      priority.shutdown();
      const fromLifo: number[] = [];
      for await (const item of lifo[Symbol.asyncIterator]()) fromLifo.push(item);
      const fromPriority: number[] = [];
      const iterable: AsyncIterable<number> = priority;
      for await (const item of iterable) fromPriority.push(item);
      expect(fromLifo).toEqual([1, 3, 2]);
      expect(fromPriority).toEqual([1, 2, 3]);
    });
  });
});
