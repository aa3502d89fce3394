// Port of CPython's test_queues.py (3.13): _QueueJoinTestMixin and _QueueShutdownTestMixin,
// run for Queue, LifoQueue and PriorityQueue.
import { describe, expect, it } from "vitest";
import { CancelledError, QueueShutDown, ValueError, createTask, run, sleep } from "@asyncio-ts/core";
import { LifoQueue, PriorityQueue, Queue } from "../src/index.js";
import { errorOf, gatherTasks } from "asyncio-ts-test-support";

const classes = [
  { name: "Queue", make: (maxsize = 0) => new Queue<unknown>(maxsize) },
  { name: "LifoQueue", make: (maxsize = 0) => new LifoQueue<unknown>(maxsize) },
  { name: "PriorityQueue", make: (maxsize = 0) => new PriorityQueue<unknown>(maxsize) },
];

describe.each(classes)("$name join", ({ make }) => {
  it("taskDone underflow is a ValueError", async () => {
    const q = make();
    expect(() => q.taskDone()).toThrow(ValueError);
    expect(() => q.taskDone()).toThrow("task_done() called too many times");
  });

  it("taskDone and join: two workers process 100 items", async () => {
    await run(async () => {
      const q = make();
      for (let index = 0; index < 100; index++) q.putNowait(index);
      let accumulator = 0;
      let running = true;
      const worker = async (): Promise<void> => {
        while (running) {
          const item = (await q.get()) as number;
          accumulator += item;
          q.taskDone();
        }
      };
      const tasks = [createTask(worker), createTask(worker)];
      await q.join();
      expect(accumulator).toBe((99 * 100) / 2);
      running = false;
      for (let index = 0; index < tasks.length; index++) q.putNowait(0);
      await gatherTasks(tasks);
    });
  });

  it("join of an empty queue returns at once (twice)", async () => {
    await run(async () => {
      const q = make();
      await q.join();
      await q.join();
    });
  });

  it("format shows unfinished tasks", async () => {
    const q = make();
    expect(q._format()).toBe("maxsize=0");
    q._unfinishedTasks = 2;
    expect(q._format()).toBe("maxsize=0 tasks=2");
  });

  it("join waits for the last taskDone, and every joiner resumes", async () => {
    await run(async () => {
      const q = make();
      q.putNowait(1);
      q.putNowait(2);
      const joiners = [createTask(() => q.join()), createTask(() => q.join())];
      await sleep(0);
      q.getNowait();
      q.taskDone();
      await sleep(0);
      expect(joiners.map((joiner) => joiner.done())).toEqual([false, false]);
      q.getNowait();
      q.taskDone();
      await sleep(0);
      expect(joiners.map((joiner) => joiner.done())).toEqual([true, true]);
      expect(q._joinWaiters.size).toBe(0);
    });
  });

  it("a cancelled join leaves no waiter behind and others still resume", async () => {
    await run(async () => {
      const q = make();
      q.putNowait(1);
      const cancelled = createTask(() => q.join());
      const other = createTask(() => q.join());
      await sleep(0);
      cancelled.cancel();
      expect(await errorOf(cancelled)).toBeInstanceOf(CancelledError);
      expect(q._joinWaiters.size).toBe(1);
      q.getNowait();
      q.taskDone();
      await other;
    });
  });
});

describe.each(classes)("$name shutdown", ({ make }) => {
  const shutDown = async (promise: PromiseLike<unknown>): Promise<void> => {
    expect(await errorOf(promise)).toBeInstanceOf(QueueShutDown);
  };

  it("format", () => {
    const q = make();
    q.shutdown();
    expect(q._format()).toBe("maxsize=0 shutdown");
  });

  it("shutdown of an empty queue", async () => {
    await run(async () => {
      const q = make();
      const getTask = createTask(() => q.get());
      await sleep(0); // the get is pending before the shutdown
      q.shutdown(false); // unfinished tasks: 0 -> 0
      expect(q.qsize()).toBe(0);
      await q.join();
      await sleep(0);
      expect(getTask.done()).toBe(true);
      await shutDown(getTask);
      await shutDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await shutDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
    });
  });

  it("shutdown of a non-empty queue", async () => {
    await run(async () => {
      const q = make(1);
      q.putNowait("data");
      const joinTask = createTask(() => q.join());
      const putTask = createTask(() => q.put("data2"));
      await sleep(0);
      expect(putTask.done()).toBe(false);
      q.shutdown(false); // unfinished tasks: 1 -> 1
      expect(q.qsize()).toBe(1);
      await sleep(0);
      expect(putTask.done()).toBe(true);
      await shutDown(putTask);
      // The queued item can still be taken.
      expect(await q.get()).toBe("data");
      await sleep(0);
      expect(joinTask.done()).toBe(false);
      await shutDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await shutDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      // One unfinished task: its taskDone releases join.
      q.taskDone();
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
      expect(() => q.taskDone()).toThrow(ValueError);
    });
  });

  it("immediate shutdown", async () => {
    await run(async () => {
      const q = make();
      q.putNowait("data");
      const joinTask = createTask(() => q.join());
      q.shutdown(true); // unfinished tasks: 1 -> 0
      expect(q.qsize()).toBe(0);
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
      await shutDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await shutDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      expect(() => q.taskDone()).toThrow(ValueError);
    });
  });

  it("immediate shutdown with an unfinished task", async () => {
    await run(async () => {
      const q = make();
      q.putNowait("data");
      q.putNowait("data");
      const joinTask = createTask(() => q.join());
      expect(await q.get()).toBe("data");
      q.shutdown({ immediate: true }); // unfinished tasks: 2 -> 1
      expect(q.qsize()).toBe(0);
      await sleep(0);
      expect(joinTask.done()).toBe(false);
      await shutDown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await shutDown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      q.taskDone();
      expect(() => q.taskDone()).toThrow(ValueError);
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
    });
  });

  it("wakes every waiting getter with QueueShutDown, at the awaited get", async () => {
    await run(async () => {
      const q = make();
      const seen: string[] = [];
      const getters = [1, 2, 3].map((index) =>
        createTask(async () => {
          try {
            await q.get();
          } catch (error) {
            seen.push(`${index}:${(error as Error).name}`);
          }
        }),
      );
      await sleep(0);
      expect(q._getters.size).toBe(3);
      q.shutdown();
      expect(q._getters.size).toBe(0);
      await gatherTasks(getters);
      expect(seen).toEqual(["1:QueueShutDown", "2:QueueShutDown", "3:QueueShutDown"]);
    });
  });

  it("wakes every waiting putter with QueueShutDown; items already queued stay", async () => {
    await run(async () => {
      const q = make(1);
      q.putNowait("kept");
      const putters = [createTask(() => q.put("a")), createTask(() => q.put("b"))];
      await sleep(0);
      q.shutdown();
      for (const putter of putters) await shutDown(putter);
      expect(q.qsize()).toBe(1);
      expect(q.getNowait()).toBe("kept");
      await shutDown(q.get());
    });
  });

  it("a getter woken by shutdown but cancelled first ends cancelled", async () => {
    await run(async () => {
      const q = make();
      const getter = createTask(() => q.get());
      await sleep(0);
      q.shutdown();
      getter.cancel();
      expect(await errorOf(getter)).toBeInstanceOf(CancelledError);
    });
  });
});
