// Port of CPython's Lib/test/test_asyncio/test_queues.py (3.13): QueueBasicTests,
// QueueGetTests, QueuePutTests, LifoQueueTests, PriorityQueueTests (order).
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  TimeoutError,
  createTask,
  getRunningLoop,
  sleep,
} from "@asyncio-ts/core";
import { LifoQueue, PriorityQueue, Queue } from "../src/index.js";
import { errorOf, gatherTasks, runVirtual, waitFor } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("Queue basics", () => {
  it("shows waiting getters, putters and items in toString", async () => {
    await runVirtual(async () => {
      let q = new Queue<number>();
      expect(String(q)).toBe("<Queue maxsize=0>");
      const getter = createTask(() => q.get());
      await sleep(0);
      expect(String(q)).toContain("_getters[1]");
      q.putNowait(0);
      expect(await getter).toBe(0);

      q = new Queue<number>({ maxsize: 1 });
      q.putNowait(1);
      const putter = createTask(() => q.put(2));
      await sleep(0);
      expect(String(q)).toContain("_putters[1]");
      q.getNowait();
      await putter;
      expect(putter.done()).toBe(true);

      q = new Queue<number>();
      q.putNowait(1);
      expect(String(q)).toContain("_queue=[1]");
      expect(String(q)).toBe("<Queue maxsize=0 _queue=[1] tasks=1>");
    });
  });

  it("empty", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      expect(q.empty()).toBe(true);
      await q.put(1);
      expect(q.empty()).toBe(false);
      expect(await q.get()).toBe(1);
      expect(q.empty()).toBe(true);
    });
  });

  it("full", async () => {
    await runVirtual(async () => {
      expect(new Queue().full()).toBe(false);
      const q = new Queue<number>(1);
      await q.put(1);
      expect(q.full()).toBe(true);
    });
  });

  it("keeps FIFO order", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      for (const item of [1, 3, 2]) await q.put(item);
      const items = [await q.get(), await q.get(), await q.get()];
      expect(items).toEqual([1, 3, 2]);
    });
  });

  it("maxsize: a putter blocks after maxsize items and resumes after one get", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 2 });
      expect(q.maxsize).toBe(2);
      const haveBeenPut: number[] = [];
      const t = createTask(async () => {
        for (let index = 0; index < 3; index++) {
          await q.put(index);
          haveBeenPut.push(index);
        }
        return true;
      });
      await sleep(0);
      await sleep(0);
      // The putter is blocked after putting two items.
      expect(haveBeenPut).toEqual([0, 1]);
      expect(await q.get()).toBe(0);
      // Let the putter resume and put the last item.
      await sleep(0);
      expect(haveBeenPut).toEqual([0, 1, 2]);
      expect(await q.get()).toBe(1);
      expect(await q.get()).toBe(2);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("maxsize 0 or less means unbounded; maxsize must be a number", async () => {
    await runVirtual(async () => {
      for (const maxsize of [0, -1]) {
        const q = new Queue<number>(maxsize);
        for (let index = 0; index < 100; index++) q.putNowait(index);
        expect(q.full()).toBe(false);
        expect(q.qsize()).toBe(100);
      }
      expect(new Queue().maxsize).toBe(0);
      expect(new Queue({}).maxsize).toBe(0);
      expect(() => new Queue("3" as unknown as number)).toThrow(TypeError);
    });
  });

  it("put, get and join return a Future when they wait, a settled Promise when they need not", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>(1);
      const put = q.put(1);
      // The item is in during the call, as Python's put returns without suspending.
      expect(put).toBeInstanceOf(Promise);
      expect(put).not.toBeInstanceOf(Future);
      expect(q.qsize()).toBe(1);
      expect(q.join()).toBeInstanceOf(Future);
      await put;
      const blockedPut = q.put(2);
      expect(blockedPut).toBeInstanceOf(Future);
      const get = q.get();
      expect(get).toBeInstanceOf(Promise);
      expect(q.qsize()).toBe(0);
      expect(await get).toBe(1);
      await blockedPut;
      expect(q.getNowait()).toBe(2);
      q.taskDone();
      q.taskDone();
      expect(q.join()).toBeInstanceOf(Promise);
      expect(q.get()).toBeInstanceOf(Future);
    });
  });

  it("twenty puts and gets that need not wait run before a callback, as in Python", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const q = new Queue<number>(10);
      const order: string[] = [];
      loop.callSoon(() => order.push("callback"));
      // Python runs these without suspending, so the callback cannot come in between.
      for (let index = 0; index < 10; index++) await q.put(index);
      for (let index = 0; index < 10; index++) {
        expect(await q.get()).toBe(index);
        q.taskDone();
      }
      await q.join();
      order.push("task");
      await sleep(0);
      expect(order).toEqual(["task", "callback"]);
    });
  });

  it("a get that need not wait takes its item though a cancel is pending; the cancel comes at the next wait", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      q.putNowait(1);
      const log: unknown[] = [];
      let release: () => void = () => {};
      const foreign = new Promise<void>((resolve) => {
        release = resolve;
      });
      const task = createTask(async () => {
        await foreign; // a cancel requested now waits for the next library await
        log.push(await q.get());
        try {
          await sleep(0);
        } catch (error) {
          log.push(error instanceof CancelledError ? "cancelled at sleep" : error);
          throw error;
        }
      });
      await sleep(0);
      task.cancel();
      release();
      expect(await errorOf(task)).toBeInstanceOf(CancelledError);
      expect(log).toEqual([1, "cancelled at sleep"]);
      expect(q.qsize()).toBe(0);
    });
  });

  it("a failing put or get that need not wait fails at the await, not at the call", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      q.shutdown();
      const put = q.put(1);
      const get = q.get();
      expect(await errorOf(put)).toBeInstanceOf(QueueShutDown);
      expect(await errorOf(get)).toBeInstanceOf(QueueShutDown);
    });
  });
});

describe("Queue.get", () => {
  it("blocking get of an available item", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      q.putNowait(1);
      expect(await q.get()).toBe(1);
    });
  });

  it("get wakes a waiting putter", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>(1);
      await q.put(1);
      // CPython appends a bare future to _putters; here the putter is a real waiting put().
      const putter = q.put(2);
      const waiter = [...q._putters][0];
      expect(await q.get()).toBe(1);
      expect(waiter?.woken()).toBe(true);
      expect(await putter).toBeUndefined();
      expect(q.getNowait()).toBe(2);
    });
  });

  it("blocking get waits for a later put", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const q = new Queue<number>();
      let finished = false;
      const task = createTask(async () => {
        const result = await q.get();
        finished = true;
        return result;
      });
      await sleep(0);
      expect(finished).toBe(false);
      loop.callLater(0.01, () => q.putNowait(1));
      expect(await task).toBe(1);
      expect(finished).toBe(true);
    });
  });

  it("nonblocking get", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      q.putNowait(1);
      expect(q.getNowait()).toBe(1);
    });
  });

  it("nonblocking get of an empty queue throws QueueEmpty", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      expect(() => q.getNowait()).toThrow(QueueEmpty);
    });
  });

  it("get cancelled race: a cancelled getter does not take the next item", async () => {
    await runVirtual(async () => {
      const q = new Queue<string>();
      const t1 = createTask(() => q.get());
      const t2 = createTask(() => q.get());
      await sleep(0);
      t1.cancel();
      await sleep(0);
      expect(t1.done()).toBe(true);
      await q.put("a");
      await sleep(0);
      expect(await t2).toBe("a");
    });
  });

  it("get with waiting putters", async () => {
    await runVirtual(async () => {
      const q = new Queue<string>({ maxsize: 1 });
      createTask(() => q.put("a"));
      createTask(() => q.put("b"));
      expect(await q.get()).toBe("a");
      expect(await q.get()).toBe("b");
    });
  });

  it("why are getters waiting: a producer and a consumer over Queue(1) both finish", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>(1);
      const items = 5;
      const producer = createTask(async () => {
        for (let index = 0; index < items; index++) await q.put(index);
      });
      const got: number[] = [];
      const consumer = createTask(async () => {
        for (let index = 0; index < items; index++) got.push(await q.get());
      });
      await gatherTasks([producer, consumer]);
      expect(got).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it("cancelled getters are not kept in the getters", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 5 });
      expect(await errorOf(waitFor(() => q.get(), 0.01))).toBeInstanceOf(TimeoutError);
      expect(q._getters.size).toBe(0);
    });
  });

  it("wakes waiting getters in FIFO order", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      const order: string[] = [];
      const tasks = ["a", "b", "c"].map((name) =>
        createTask(async () => {
          order.push(`${name}:${await q.get()}`);
        }),
      );
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      q.putNowait(3);
      await gatherTasks(tasks);
      expect(order).toEqual(["a:1", "b:2", "c:3"]);
    });
  });

  it("CancelledError comes out of the awaited get itself", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      const seen: string[] = [];
      const task = createTask(async () => {
        try {
          await q.get();
          seen.push("got");
        } catch (error) {
          seen.push(`get threw ${(error as Error).name}: ${(error as Error).message}`);
          throw error;
        }
      });
      await sleep(0);
      task.cancel("stop");
      expect(await errorOf(task)).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(seen).toEqual(["get threw CancelledError: stop"]);
      expect(q._getters.size).toBe(0);
    });
  });
});

describe("Queue.put", () => {
  it("blocking put on an unbounded queue", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      await q.put(1);
      expect(await q.get()).toBe(1);
    });
  });

  it("blocking put waits for a later get", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      let finished = false;
      getRunningLoop().callLater(0.01, () => q.getNowait());
      const task = createTask(async () => {
        await q.put(1);
        await q.put(2);
        finished = true;
      });
      await sleep(0);
      expect(finished).toBe(false);
      await task;
      expect(finished).toBe(true);
    });
  });

  it("nonblocking put", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      q.putNowait(1);
      expect(q.getNowait()).toBe(1);
    });
  });

  it("get cancel drops no item with one pending reader", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      let reader = createTask(() => q.get());
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        await reader;
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
        reader = createTask(() => q.get());
        await reader;
      }
      // Getting 2 would mean 1 was dropped.
      expect(reader.result()).toBe(1);
    });
  });

  it("get cancel drops no item with many pending readers", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      const reader1 = createTask(() => q.get());
      const reader2 = createTask(() => q.get());
      const reader3 = createTask(() => q.get());
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader1.cancel();
      expect(await errorOf(reader1)).toBeInstanceOf(CancelledError);
      await reader3;
      await reader2;
      expect(new Set([reader2.result(), reader3.result()])).toEqual(new Set([1, 2]));
      expect(q.qsize()).toBe(0);
    });
  });

  it("put cancel drops nothing", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>(1);
      q.putNowait(1);
      // A second item must wait (maxsize 1).
      let writer = createTask(() => q.put(2));
      await sleep(0);
      expect(q.getNowait()).toBe(1);
      writer.cancel();
      try {
        await writer;
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
        writer = createTask(() => q.put(2));
        await writer;
      }
      expect(q.getNowait()).toBe(2);
      expect(q.qsize()).toBe(0);
    });
  });

  it("nonblocking put on a full queue throws QueueFull", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      q.putNowait(1);
      expect(() => q.putNowait(2)).toThrow(QueueFull);
    });
  });

  it("float maxsize", async () => {
    await runVirtual(async () => {
      let q = new Queue<number>({ maxsize: 1.3 });
      q.putNowait(1);
      q.putNowait(2);
      expect(q.full()).toBe(true);
      expect(() => q.putNowait(3)).toThrow(QueueFull);

      q = new Queue<number>({ maxsize: 1.3 });
      await q.put(1);
      await q.put(2);
      expect(q.full()).toBe(true);
    });
  });

  it("a put task finishes once its item is taken", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>();
      const t = createTask(async () => {
        await q.put(1);
        return true;
      });
      expect(await q.get()).toBe(1);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("put cancelled race: a cancelled putter does not take the free slot", async () => {
    await runVirtual(async () => {
      const q = new Queue<string>({ maxsize: 1 });
      const putA = createTask(() => q.put("a"));
      const putB = createTask(() => q.put("b"));
      const putC = createTask(() => q.put("X"));
      await sleep(0);
      expect(putA.done()).toBe(true);
      expect(putB.done()).toBe(false);
      putC.cancel();
      await sleep(0);
      expect(putC.done()).toBe(true);
      expect(q.getNowait()).toBe("a");
      await sleep(0);
      expect(q.getNowait()).toBe("b");
      await putB;
    });
  });

  it("put with waiting getters", async () => {
    await runVirtual(async () => {
      const q = new Queue<string>();
      const t = createTask(() => q.get());
      await sleep(0);
      await q.put("a");
      expect(await t).toBe("a");
    });
  });

  it("why are putters waiting: four putters on Queue(2) all finish", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>(2);
      const taken: number[] = [];
      const getter = createTask(async () => {
        await sleep(0);
        const count = q.qsize();
        for (let index = 0; index < count; index++) taken.push(q.getNowait());
      });
      const putters = [0, 1, 2, 3].map((item) => createTask(() => q.put(item)));
      await gatherTasks([getter, ...putters]);
      expect(taken).toEqual([0, 1]);
      expect([q.getNowait(), q.getNowait()]).toEqual([2, 3]);
    });
  });

  it("cancelled puts are not kept in the putters", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>({ maxsize: 1 });
      q.putNowait(1);
      const putTask = createTask(() => q.put(1));
      await sleep(0);
      expect(q._putters.size).toBe(1);
      putTask.cancel();
      expect(await errorOf(putTask)).toBeInstanceOf(CancelledError);
      expect(q._putters.size).toBe(0);
    });
  });

  it("cancelling a putter already woken (and removed) by getNowait still cancels cleanly", async () => {
    await runVirtual(async () => {
      const q = new Queue<number>(1);
      q.putNowait(1);
      const putTask = createTask(() => q.put(1));
      await sleep(0);
      // getNowait removes putTask's waiter from the putters and wakes it...
      q.getNowait();
      // ...then it is cancelled before it ran: the CancelledError still comes out.
      putTask.cancel();
      expect(await errorOf(putTask)).toBeInstanceOf(CancelledError);
      expect(q.qsize()).toBe(0);
    });
  });

  it("a putter woken then cancelled passes the free slot on to the next putter", async () => {
    await runVirtual(async () => {
      const q = new Queue<string>(1);
      q.putNowait("first");
      const putB = createTask(() => q.put("b"));
      const putC = createTask(() => q.put("c"));
      await sleep(0);
      expect(q.getNowait()).toBe("first"); // wakes putB
      putB.cancel(); // cancelled after it was woken
      expect(await errorOf(putB)).toBeInstanceOf(CancelledError);
      await putC;
      expect(q.getNowait()).toBe("c");
      expect(q.qsize()).toBe(0);
    });
  });

  it("wakes waiting putters in FIFO order", async () => {
    await runVirtual(async () => {
      const q = new Queue<string>(1);
      q.putNowait("x");
      const putters = ["a", "b", "c"].map((item) => createTask(() => q.put(item)));
      await sleep(0);
      const taken: string[] = [];
      for (let index = 0; index < 4; index++) taken.push(await q.get());
      await gatherTasks(putters);
      expect(taken).toEqual(["x", "a", "b", "c"]);
    });
  });

  it("a get/put on a queue bound to another loop is a RuntimeError", async () => {
    const q = new Queue<number>();
    await runVirtual(async () => {
      const getter = createTask(() => q.get());
      await sleep(0);
      q.putNowait(1);
      await getter;
    });
    await runVirtual(async () => {
      q.putNowait(2);
      expect(await q.get()).toBe(2); // no wait: no loop needed
      const error = await errorOf(q.get());
      expect((error as Error).name).toBe("RuntimeError");
      expect((error as Error).message).toMatch(/is bound to a different event loop$/);
    });
  });
});

describe("LifoQueue", () => {
  it("order", async () => {
    await runVirtual(async () => {
      const q = new LifoQueue<number>();
      for (const item of [1, 3, 2]) await q.put(item);
      expect([await q.get(), await q.get(), await q.get()]).toEqual([2, 3, 1]);
      expect(String(q)).toBe("<LifoQueue maxsize=0 tasks=3>");
    });
  });

  it("waits, wakes and sizes as Queue", async () => {
    await runVirtual(async () => {
      const q = new LifoQueue<number>(2);
      q.putNowait(1);
      q.putNowait(2);
      expect(q.full()).toBe(true);
      const putter = createTask(() => q.put(3));
      await sleep(0);
      expect(putter.done()).toBe(false);
      expect(q.getNowait()).toBe(2);
      await putter;
      expect([q.getNowait(), q.getNowait()]).toEqual([3, 1]);
    });
  });
});

describe("PriorityQueue", () => {
  it("order", async () => {
    await runVirtual(async () => {
      const q = new PriorityQueue<number>();
      for (const item of [1, 3, 2]) await q.put(item);
      expect([await q.get(), await q.get(), await q.get()]).toEqual([1, 2, 3]);
    });
  });
});
