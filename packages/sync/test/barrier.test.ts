// Port of CPython's test_locks.py (3.13): BarrierTests.
import { describe, expect, it } from "vitest";
import {
  BrokenBarrierError,
  CancelledError,
  Future,
  RuntimeError,
  ValueError,
  createTask,
  run,
  sleep,
  type Task,
} from "@asyncio-ts/core";
import { Barrier } from "../src/index.js";
import { errorOf, gatherTasks } from "asyncio-ts-test-support";

const N = 5;

function makeTasks<T>(n: number, coro: () => PromiseLike<T>): Task<T>[] {
  return Array.from({ length: n }, () => createTask(coro));
}

async function gatherN<T>(n: number, coro: () => PromiseLike<T>): Promise<T[]> {
  return (await gatherTasks(makeTasks(n, coro))) as T[];
}

describe("Barrier", () => {
  it("a new barrier is filling", () => {
    const barrier = new Barrier(N);
    expect(String(barrier)).toContain("filling");
    expect(String(barrier)).toBe("<Barrier [filling, waiters:0/5]>");
  });

  it("toString follows the states: filling, draining, resetting, broken", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const waiters: Task<unknown>[] = [];
      const wait = () => barrier.wait();
      const incr = 2;
      for (let index = 0; index < incr; index++) waiters.push(createTask(wait));
      await sleep(0);
      expect(String(barrier)).toBe(`<Barrier [filling, waiters:${incr}/${N}]>`);
      // Create the missing waiters.
      for (let index = 0; index < barrier.parties - barrier.nWaiting; index++) waiters.push(createTask(wait));
      await sleep(0);
      expect(String(barrier)).toContain("draining");
      // Add some waiters, and reset.
      for (let index = 0; index < incr; index++) waiters.push(createTask(wait));
      await sleep(0);
      await barrier.reset();
      expect(String(barrier)).toContain("resetting");
      // Add some waiters again, and abort.
      for (let index = 0; index < incr; index++) waiters.push(createTask(wait));
      await sleep(0);
      await barrier.abort();
      expect(String(barrier)).toBe("<Barrier [broken]>");
      expect(barrier.broken).toBe(true);
      await gatherTasks(waiters, true);
    });
  });

  it("parties must be > 0", () => {
    expect(() => new Barrier(0)).toThrow(ValueError);
    expect(() => new Barrier(0)).toThrow("parties must be > 0");
    expect(() => new Barrier(-4)).toThrow(ValueError);
    expect(new Barrier(N)).toBeInstanceOf(Barrier);
    expect(new Barrier(N).parties).toBe(N);
  });

  it("context manager: with() gives each task a distinct index", async () => {
    await run(async () => {
      const n = 3;
      const barrier = new Barrier(n);
      const results: number[] = [];
      await gatherN(n, () =>
        barrier.with((index) => {
          results.push(index);
        }),
      );
      expect(results.sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("filling with one task", async () => {
    await run(async () => {
      const barrier = new Barrier(1);
      expect(await barrier.with(() => true)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("filling with one task, twice", async () => {
    await run(async () => {
      const barrier = new Barrier(1);
      const t1 = createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      const t2 = createTask(() => barrier.wait());
      await sleep(0);
      expect(t1.result()).toBe(t2.result());
      expect(t1.done()).toBe(t2.done());
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("filling task by task", async () => {
    await run(async () => {
      const barrier = new Barrier(3);
      const t1 = createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(String(barrier)).toContain("filling");
      const t2 = createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      expect(String(barrier)).toContain("filling");
      const t3 = createTask(() => barrier.wait());
      await sleep(0);
      expect((await gatherTasks([t1, t2, t3])).sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("filling tasks wait twice", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherN(N, () =>
        barrier.with(async () => {
          results.push(true);
          await barrier.with(() => {
            results.push(false);
          });
        }),
      );
      expect(results.length).toBe(N * 2);
      expect(results.filter((value) => value).length).toBe(N);
      expect(results.filter((value) => !value).length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("filling tasks check return value", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const res = await gatherN(N, () =>
        barrier.with(async () => {
          results1.push(true);
          return barrier.with((index) => {
            results2.push(true);
            return index;
          });
        }),
      );
      expect(results1.length).toBe(N);
      expect(results2.length).toBe(N);
      expect([...res].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("draining state: every task but the last sees it draining", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherN(N, () =>
        barrier.with(() => {
          results.push(String(barrier).includes("draining"));
        }),
      );
      expect(results.length).toBe(N);
      expect(results[N - 1]).toBe(false);
      expect(results.slice(0, N - 1).every((value) => value)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("tasks are blocked while the barrier drains", async () => {
    await run(async () => {
      const rewait = 2;
      const barrier = new Barrier(N);
      const barrierNowaiting = new Barrier(N - rewait);
      let rewaitN = rewait;
      // Success means barrierNowaiting was waited for exactly N - rewait times.
      await gatherN(N, async () => {
        await barrier.wait();
        if (rewaitN > 0) {
          rewaitN--;
          await barrier.wait(); // wait again, only the rewait tasks
        } else {
          await barrierNowaiting.wait(); // wait for the end of draining
          await barrier.wait(); // wait with the others
        }
      });
    });
  });

  it("filling tasks, cancel one: it leaves the barrier", async () => {
    await run(async () => {
      const barrier = new Barrier(3);
      const results: boolean[] = [];
      const coro = async (): Promise<void> => {
        await barrier.wait();
        results.push(true);
      };
      const t1 = createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      const t2 = createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      t1.cancel();
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(await errorOf(t1)).toBeInstanceOf(CancelledError);
      expect(t1.cancelled()).toBe(true);
      const t3 = createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const t4 = createTask(coro);
      await gatherTasks([t2, t3, t4]);
      expect(results.length).toBe(3);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset an empty barrier", async () => {
    await run(async () => {
      const barrier = new Barrier(1);
      createTask(() => barrier.reset());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset while tasks wait: they get BrokenBarrierError, the barrier fills again", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      const tasks = makeTasks(N - 1, async () => {
        try {
          await barrier.wait();
        } catch (error) {
          if (!(error instanceof BrokenBarrierError)) throw error;
          results.push(true);
        }
      });
      await sleep(0);
      createTask(() => barrier.reset());
      await gatherTasks(tasks);
      expect(results.length).toBe(N - 1);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset when tasks are half draining", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const restOfTasks = Math.floor(N / 2);
      await gatherN(N, async () => {
        try {
          await barrier.wait();
        } catch (error) {
          if (!(error instanceof BrokenBarrierError)) throw error;
          results1.push(true); // the waiting tasks
          return;
        }
        // A drained task, out of the barrier.
        if (restOfTasks === barrier._count) await barrier.reset();
      });
      expect(results1).toEqual(Array.from({ length: restOfTasks }, () => true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset when tasks are half draining, half blocking", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      await gatherN(N, async () => {
        try {
          await barrier.wait();
        } catch (error) {
          if (!(error instanceof BrokenBarrierError)) throw error;
          results1.push(true); // the tasks still waiting
          await barrier.wait(); // wait again to reach the parties
          return;
        }
        count++;
        if (count > blockingTasks) {
          await barrier.reset(); // BrokenBarrierError for the waiting tasks
          await barrier.wait();
        } else {
          try {
            await barrier.wait();
          } catch (error) {
            if (!(error instanceof BrokenBarrierError)) throw error;
            results2.push(true); // not reached: the blocked tasks go on waiting
          }
        }
      });
      expect(results1).toEqual(Array.from({ length: blockingTasks }, () => true));
      expect(results2).toEqual([]);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset while tasks wait, and they wait again", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const tasks = makeTasks(N - 1, async () => {
        try {
          await barrier.wait();
        } catch (error) {
          if (!(error instanceof BrokenBarrierError)) throw error;
          results1.push(true);
        } finally {
          await barrier.wait();
          results2.push(true);
        }
      });
      // Reset: the N - 1 waiting tasks get BrokenBarrierError.
      createTask(() => barrier.reset());
      await sleep(0);
      // Complete the waiting tasks in their `finally`.
      createTask(() =>
        barrier.with(() => {
          results2.push(true);
        }),
      );
      await gatherTasks(tasks);
      expect(barrier.broken).toBe(false);
      expect(results1.length).toBe(N - 1);
      expect(results2.length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
    });
  });

  it("reset while tasks drain", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      let count = 0;
      await gatherN(N, async () => {
        await barrier.wait();
        count++;
        if (count === N) {
          // The last task out of the barrier.
          await barrier.reset();
          await barrier.wait(); // wait here to reach the parties
        } else {
          try {
            await barrier.wait(); // second wait: N - 1 tasks here
            results1.push(true);
          } catch {
            results2.push(true); // never
          }
        }
        // Pass the barrier once more: must complete.
        await barrier.wait();
        results3.push(true);
      });
      expect(barrier.broken).toBe(false);
      expect(results1.length).toBe(N - 1);
      expect(results2.length).toBe(0);
      expect(results3.length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
    });
  });

  it("abort an empty barrier", async () => {
    await run(async () => {
      const barrier = new Barrier(1);
      createTask(() => barrier.abort());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(true);
      const error = await errorOf(barrier.wait());
      expect(error).toBeInstanceOf(BrokenBarrierError);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe("Barrier aborted");
    });
  });

  it("abort when tasks are half draining, half blocking", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      await gatherN(N, async () => {
        try {
          await barrier.wait();
        } catch (error) {
          if (!(error instanceof BrokenBarrierError)) throw error;
          results1.push(true); // tasks waiting to drain
          return;
        }
        count++;
        if (count > blockingTasks) {
          await barrier.abort(); // BrokenBarrierError for every task
        } else {
          try {
            await barrier.wait();
          } catch (error) {
            if (!(error instanceof BrokenBarrierError)) throw error;
            results2.push(true); // the blocked tasks (already drained)
          }
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1).toEqual(Array.from({ length: blockingTasks }, () => true));
      expect(results2).toEqual(Array.from({ length: N - blockingTasks - 1 }, () => true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
    });
  });

  it("abort when a party fails", async () => {
    await run(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      await gatherN(N, async () => {
        try {
          await barrier.with((index) => {
            if (index === Math.floor(N / 2)) throw new RuntimeError();
          });
          await barrier.with(() => {
            results1.push(true);
          });
        } catch (error) {
          if (error instanceof BrokenBarrierError) results2.push(true);
          else if (error instanceof RuntimeError) await barrier.abort();
          else throw error;
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(barrier.nWaiting).toBe(0);
    });
  });

  it("abort when a party fails, then reset", async () => {
    await run(async () => {
      const barrier1 = new Barrier(N);
      const barrier2 = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      await gatherN(N, async () => {
        try {
          const index = await barrier1.wait();
          if (index === Math.floor(N / 2)) throw new RuntimeError();
          await barrier1.wait();
          results1.push(true);
        } catch (error) {
          if (error instanceof BrokenBarrierError) results2.push(true);
          else if (error instanceof RuntimeError) await barrier1.abort();
          else throw error;
        }
        // Synchronize and reset the barrier: everyone has left it when it is reset, and no
        // one enters it before.
        const index = await barrier2.wait();
        if (index === Math.floor(N / 2)) await barrier1.reset();
        await barrier2.wait();
        await barrier1.wait();
        results3.push(true);
      });
      expect(barrier1.broken).toBe(false);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(results3.length).toBe(N);
      expect(barrier1.nWaiting).toBe(0);
    });
  });

  it("wait returns a Future of distinct indexes; BrokenBarrierError messages are Python's", async () => {
    await run(async () => {
      const barrier = new Barrier(3);
      const waiting = [createTask(() => barrier.wait()), createTask(() => barrier.wait())];
      await sleep(0);
      await barrier.reset();
      const errors = await gatherTasks(waiting, true);
      expect(errors.map((error) => (error as Error).message)).toEqual([
        "Abort or reset of barrier",
        "Abort or reset of barrier",
      ]);
      const indexes = await gatherTasks([0, 1, 2].map(() => createTask(() => barrier.wait())));
      expect([...indexes].sort()).toEqual([0, 1, 2]);
    });
  });

  it("a wait that completes the barrier at once is done at the call: one Future, no loop iteration", async () => {
    await run(async () => {
      const barrier = new Barrier(1);
      const waited = barrier.wait();
      expect(waited).toBeInstanceOf(Future);
      expect(waited.done()).toBe(true);
      expect(waited.result()).toBe(0);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).toBe("<Barrier [filling, waiters:0/1]>");
    });
  });

  it("a wait cancelled while it waits for the barrier's lock counts nothing", async () => {
    await run(async () => {
      const barrier = new Barrier(2);
      // reset() holds the barrier's lock until its body runs, a microtask later.
      const reset = barrier.reset();
      const waited = barrier.wait();
      expect(barrier._cond._lock._waiters?.size).toBe(1);
      waited.cancel();
      expect(await errorOf(waited)).toBeInstanceOf(CancelledError);
      await reset;
      expect(barrier._count).toBe(0);
      expect(barrier._cond.locked()).toBe(false);
      // The barrier still fills with two parties.
      expect(await gatherTasks([createTask(() => barrier.wait()), createTask(() => barrier.wait())])).toEqual([0, 1]);
    });
  });

  it("a wait woken for the barrier's lock and then cancelled hands the lock on", async () => {
    await run(async () => {
      const barrier = new Barrier(2);
      const reset = barrier.reset();
      const first = barrier.wait();
      const second = barrier.wait();
      const other = createTask(() => barrier.wait());
      await reset; // released the lock: `first` was woken for it
      first.cancel();
      expect(await errorOf(first)).toBeInstanceOf(CancelledError);
      // `second` got the lock, counted itself, and completes the barrier with the other task.
      expect(await second).toBe(0);
      expect(await other).toBe(1);
      expect(barrier._count).toBe(0);
      expect(barrier._cond.locked()).toBe(false);
    });
  });

  it("a wait cancelled while it drains out of the barrier gives its count back", async () => {
    await run(async () => {
      const barrier = new Barrier(3);
      const waits = [barrier.wait(), barrier.wait()];
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const last = barrier.wait(); // the last party: the others are notified, the barrier drains
      expect(last.result()).toBe(2);
      expect(String(barrier)).toContain("draining");
      waits[0]?.cancel();
      expect(await errorOf(waits[0] as Future<number>)).toBeInstanceOf(CancelledError);
      expect(await waits[1]).toBe(1);
      expect(barrier._count).toBe(0);
      expect(String(barrier)).toBe("<Barrier [filling, waiters:0/3]>");
    });
  });
});
