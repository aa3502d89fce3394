// A task cancelled after the queue woke it, before it resumed, hands the wake-up on (CPython),
// and a task cancelled before the wake-up is skipped by it: in both orders of cancel and wake the
// next waiter goes on, and no item or free slot is lost or doubled.
import { describe, expect, it } from "vitest";
import { WAKE_CANCEL_ORDERS, cancelledError, raceWakeAndCancel } from "asyncio-ts-test-support";
import { CancelledError, createTask, run, sleep } from "@asyncio-ts/core";
import { LifoQueue, PriorityQueue, Queue } from "../src/index.js";

describe.each(WAKE_CANCEL_ORDERS)("a waiter cancelled around its wake-up (%s)", (order) => {
  for (const Kind of [Queue, LifoQueue, PriorityQueue]) {
    it(`${Kind.name}.get: the item goes to the next getter, and is taken once`, async () => {
      await run(async () => {
        const queue = new Kind<number>();
        const first = createTask(() => queue.get());
        const second = createTask(() => queue.get());
        await sleep(0);
        raceWakeAndCancel(order, first, () => queue.putNowait(1));
        expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
        expect(await second).toBe(1);
        expect(queue.qsize()).toBe(0);
        expect(queue._getters.size).toBe(0);
      });
    });
  }

  it("Queue.put: the free slot goes to the next putter; the cancelled put puts nothing", async () => {
    await run(async () => {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      const first = createTask(() => queue.put(2));
      const second = createTask(() => queue.put(3));
      await sleep(0);
      raceWakeAndCancel(order, first, () => expect(queue.getNowait()).toBe(1));
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      await second;
      expect(queue.qsize()).toBe(1);
      expect(queue.getNowait()).toBe(3);
      expect(queue._putters.size).toBe(0);
    });
  });

  it("Queue.join: the cancelled joiner throws CancelledError, the others return", async () => {
    await run(async () => {
      const queue = new Queue<number>();
      queue.putNowait(1);
      queue.getNowait();
      const first = createTask(() => queue.join());
      const second = createTask(() => queue.join());
      await sleep(0);
      raceWakeAndCancel(order, first, () => queue.taskDone());
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      expect(await second).toBeUndefined();
      expect(queue._joinWaiters.size).toBe(0);
    });
  });

  it("async iteration: the item goes to the next consumer", async () => {
    await run(async () => {
      const queue = new Queue<number>();
      const next = async () => (await queue[Symbol.asyncIterator]().next()).value;
      const first = createTask(next);
      const second = createTask(next);
      await sleep(0);
      raceWakeAndCancel(order, first, () => queue.putNowait(7));
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      expect(await second).toBe(7);
    });
  });
});

describe("a getter woken for an item someone else took first", () => {
  it("waits again behind the others, as CPython's `while self.empty()` does", async () => {
    await run(async () => {
      const queue = new Queue<string>();
      const order: string[] = [];
      const first = createTask(async () => order.push(`first got ${await queue.get()}`));
      await sleep(0);
      const second = createTask(async () => order.push(`second got ${await queue.get()}`));
      queue.putNowait("a"); // wakes first
      expect(queue.getNowait()).toBe("a"); // but the item is gone before it resumes
      await sleep(0);
      await sleep(0);
      expect(queue._getters.size).toBe(2);
      queue.putNowait("b");
      queue.putNowait("c");
      await first;
      await second;
      // first queued again behind second, as CPython's new getter future is appended.
      expect(order).toEqual(["second got b", "first got c"]);
    });
  });
});
