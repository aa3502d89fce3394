// Port of CPython's test_locks.py (3.13): SemaphoreTests (with the 3.12+ FIFO and
// cancellation rules), plus BoundedSemaphore.
import { describe, expect, it } from "vitest";
import { CancelledError, Future, ValueError, createTask, getRunningLoop, sleep, type Task } from "@asyncio-ts/core";
import { BoundedSemaphore, Semaphore } from "../src/index.js";
import { errorOf, gatherTasks, runVirtual, waitFor } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("Semaphore", () => {
  it("initial value zero is locked", () => {
    expect(new Semaphore(0).locked()).toBe(true);
  });

  it("toString shows the state, the value and the waiters", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore();
      expect(String(sem)).toBe("<Semaphore [unlocked, value:1]>");
      await sem.acquire();
      expect(String(sem)).toBe("<Semaphore [locked]>");
      const waiters = [createTask(() => sem.acquire()), createTask(() => sem.acquire())];
      await sleep(0);
      expect(String(sem)).toBe("<Semaphore [locked, waiters:2]>");
      sem.release();
      sem.release();
      await gatherTasks(waiters);
    });
  });

  it("default value is 1", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore();
      expect(sem._value).toBe(1);
      expect(sem.locked()).toBe(false);
    });
  });

  it("a negative value is a ValueError", () => {
    expect(() => new Semaphore(-1)).toThrow(ValueError);
    expect(() => new Semaphore(-1)).toThrow("Semaphore initial value must be >= 0");
    expect(() => new BoundedSemaphore(-1)).toThrow("Semaphore initial value must be >= 0");
    expect(() => new Semaphore("2" as unknown as number)).toThrow(TypeError);
  });

  it("acquire: permits are handed out as released, FIFO, never more than the value", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(3);
      const result: number[] = [];
      expect(await sem.acquire()).toBe(true);
      expect(await sem.acquire()).toBe(true);
      expect(sem.locked()).toBe(false);
      const c = (n: number) => async () => {
        await sem.acquire();
        result.push(n);
        return true;
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      await sleep(0);
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.size).toBe(2);
      expect(sem._value).toBe(0);

      const t4 = createTask(c(4));
      sem.release();
      sem.release();
      expect(sem._value).toBe(0);

      await sleep(0);
      expect(sem._value).toBe(0);
      expect(result.length).toBe(3);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.size).toBe(1);
      expect(sem._value).toBe(0);
      expect(t1.done() && t1.result()).toBe(true);
      const raceTasks = [t2, t3, t4];
      expect(raceTasks.filter((task) => task.done() && task.result()).length).toBe(2);
      // Clean up the locked semaphore.
      sem.release();
      await gatherTasks(raceTasks);
    });
  });

  it("acquire cancel: CancelledError, no live waiter left", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore();
      await sem.acquire();
      const acquire = createTask(() => sem.acquire());
      getRunningLoop().callSoon(() => acquire.cancel());
      expect(await errorOf(acquire)).toBeInstanceOf(CancelledError);
      expect([...(sem._waiters ?? [])].every((waiter) => waiter.done())).toBe(true);
    });
  });

  it("acquire cancelled before awoken: the permit goes to the next live waiter only", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const [t1, t2, t3, t4] = [0, 1, 2, 3].map(() => createTask(() => sem.acquire())) as [
        Task<true>,
        Task<true>,
        Task<true>,
        Task<true>,
      ];
      await sleep(0);
      t1.cancel();
      t2.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect([t3, t4].filter((task) => task.done()).length).toBe(1);
      expect(t3.done()).toBe(true);
      expect(t4.done()).toBe(false);
      t3.cancel();
      t4.cancel();
      await sleep(0);
    });
  });

  it("acquire hang: a cancelled first waiter does not swallow the release", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const t1 = createTask(() => sem.acquire());
      const t2 = createTask(() => sem.acquire());
      await sleep(0);
      t1.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect(sem.locked()).toBe(true);
      expect(t2.done()).toBe(true);
    });
  });

  it("acquire cancelled after release woke it: the permit goes to the next waiter, none is lost", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const order: string[] = [];
      const waiter = (name: string) => async () => {
        try {
          await sem.acquire();
        } catch (error) {
          order.push(`${name} ${(error as Error).name}`);
          throw error;
        }
        order.push(`${name} acquired`);
      };
      const t1 = createTask(waiter("t1"));
      const t2 = createTask(waiter("t2"));
      await sleep(0);
      sem.release(); // hands the permit to t1...
      expect(sem._value).toBe(0);
      t1.cancel(); // ...which is cancelled before it runs
      expect(await errorOf(t1)).toBeInstanceOf(CancelledError);
      await t2;
      expect(order).toEqual(["t1 CancelledError", "t2 acquired"]);
      expect(sem._value).toBe(0);
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem._value).toBe(1);
    });
  });

  it("acquire no hang: a waiter cancelled after it was handed the permit gives it back", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      let t2: Task<void>;
      const t1 = createTask(async () => {
        await sem.with(() => sleep(0));
        t2.cancel();
      });
      t2 = createTask(() =>
        sem.with(() => {
          throw new Error("must not run");
        }),
      );
      const [r1, r2] = await gatherTasks([t1, t2], true);
      expect(r1).toBeUndefined();
      expect(r2).toBeInstanceOf(CancelledError);
      expect(await waitFor(() => sem.acquire(), 1)).toBe(true);
    });
  });

  it("release of an unacquired BoundedSemaphore is a ValueError", () => {
    const sem = new BoundedSemaphore();
    expect(() => sem.release()).toThrow(ValueError);
    expect(() => sem.release()).toThrow("BoundedSemaphore released too many times");
  });

  it("release with no waiters", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore();
      await sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem.locked()).toBe(false);
    });
  });

  it("acquire FIFO order: tasks that release and re-acquire queue up behind the others", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      const result: string[] = [];
      const coro = (tag: string) => async () => {
        await sem.acquire();
        result.push(`${tag}_1`);
        await sleep(0.001);
        sem.release();
        await sem.acquire();
        result.push(`${tag}_2`);
        await sleep(0.001);
        sem.release();
      };
      await gatherTasks([createTask(coro("c1")), createTask(coro("c2")), createTask(coro("c3"))]);
      expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
    });
  });

  it("acquire FIFO order 2: a release-and-reacquire goes behind the waiting task", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      const result: number[] = [];
      const t1 = createTask(async () => {
        await sem.acquire();
        result.push(1);
        return true;
      });
      const t2 = createTask(async () => {
        await sem.acquire();
        result.push(2);
        sem.release();
        await sem.acquire();
        result.push(4);
        return true;
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        result.push(3);
        return true;
      });
      await sleep(0);
      sem.release();
      sem.release();
      await gatherTasks([t1, t2, t3]);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  it("acquire FIFO order 3: a cancelled waiter is skipped", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      const c = (n: number) => async () => {
        await sem.acquire();
        result.push(n);
        return true;
      };
      const tasks = [createTask(c(1)), createTask(c(2)), createTask(c(3))];
      await sleep(0);
      tasks[0]?.cancel();
      await sleep(0);
      sem.release();
      sem.release();
      await gatherTasks(tasks, true);
      expect(result).toEqual([2, 3]);
    });
  });

  it("acquire FIFO order 4: a successful acquire wakes every waiter FIFO kept waiting", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      const checks: string[] = [];
      let t4: Task<boolean> | undefined;
      const c4 = async (): Promise<boolean> => {
        result.push(4);
        return true;
      };
      const t1 = createTask(async () => {
        // The first task waits at once; c2 wakes it.
        checks.push(`c1 value before ${sem._value}`);
        await sem.acquire();
        // Every waiting task has been woken now.
        checks.push(`c1 value after ${sem._value}`);
        // A fourth task: it runs after c3, not after c2.
        t4 = createTask(c4);
        result.push(1);
        return true;
      });
      const t2 = createTask(async () => {
        // Release three times, for c1, c2 and c3.
        sem.release();
        sem.release();
        sem.release();
        checks.push(`c2 value ${sem._value}`);
        // Locked, because c1 has not woken up yet.
        checks.push(`c2 locked ${sem.locked()}`);
        await sem.acquire();
        result.push(2);
        return true;
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        checks.push(`c3 locked ${sem.locked()}`);
        result.push(3);
        return true;
      });
      await sleep(0);
      // Three tasks are in the queue; the first has not woken up yet.
      expect(sem._value).toBe(2);
      expect(sem._waiters?.size).toBe(3);
      await sleep(0);
      await gatherTasks([t1, t2, t3, t4!]);
      expect(result).toEqual([1, 2, 3, 4]);
      expect(checks).toEqual([
        "c1 value before 0",
        "c2 value 2",
        "c2 locked true",
        "c1 value after 0",
        "c3 locked true",
      ]);
    });
  });

  it("with() releases the permit when the body throws or is cancelled", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      expect(await errorOf(sem.with(() => Promise.reject(new TypeError("boom"))))).toBeInstanceOf(TypeError);
      expect(sem._value).toBe(1);
      const task = createTask(() => sem.with(() => sleep(10)));
      await sleep(0);
      expect(sem._value).toBe(0);
      task.cancel();
      expect(await errorOf(task)).toBeInstanceOf(CancelledError);
      expect(sem._value).toBe(1);
      expect(sem.locked()).toBe(false);
    });
  });

  it("acquire of a free permit takes it at the call, else returns a Future; await using releases", async () => {
    await runVirtual(async () => {
      const sem = new BoundedSemaphore(2);
      const acquired = sem.acquire();
      // Python's acquire returns without suspending here: a settled native Promise, no Future.
      expect(acquired).toBeInstanceOf(Promise);
      expect(acquired).not.toBeInstanceOf(Future);
      expect(sem._value).toBe(1);
      await acquired;
      await sem.acquire();
      const waiting = sem.acquire();
      expect(waiting).toBeInstanceOf(Future);
      sem.release();
      await waiting;
      sem.release();
      {
        await using _permit = sem;
        expect(sem._value).toBe(1);
      }
      expect(sem._value).toBe(2);
    });
  });

  it("no permit is lost or doubled under random cancellations (stress)", async () => {
    await runVirtual(async () => {
      const permits = 3;
      const sem = new BoundedSemaphore(permits);
      let inside = 0;
      let maxInside = 0;
      const tasks = Array.from({ length: 80 }, () =>
        createTask(() =>
          sem.with(async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await sleep(0);
            await sleep(0);
            inside--;
          }),
        ),
      );
      // Deterministic "random" cancellations, at various points of the tasks' lives.
      let seed = 12345;
      const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let round = 0; round < 30; round++) {
        if (next() < 0.5) await sleep(0);
        else await Promise.resolve();
        tasks[Math.floor(next() * tasks.length)]?.cancel();
        if (next() < 0.3) {
          // An acquire and release from outside, waiting its turn.
          await sem.acquire();
          sem.release();
        }
      }
      await gatherTasks(tasks, true);
      expect(maxInside).toBeLessThanOrEqual(permits);
      expect(inside).toBe(0);
      expect(sem._value).toBe(permits);
      expect(sem.locked()).toBe(false);
      expect(() => sem.release()).toThrow(ValueError);
    });
  });
});

describe("BoundedSemaphore", () => {
  it("refuses to go above its initial value, also with waiters around", async () => {
    await runVirtual(async () => {
      const sem = new BoundedSemaphore(2);
      await sem.acquire();
      await sem.acquire();
      const waiter = createTask(() => sem.acquire());
      await sleep(0);
      sem.release(); // handed to the waiter
      sem.release();
      await waiter; // three acquired, two released
      sem.release();
      expect(() => sem.release()).toThrow("BoundedSemaphore released too many times");
      expect(sem._value).toBe(2);
      expect(String(sem)).toBe("<BoundedSemaphore [unlocked, value:2]>");
    });
  });
});
