// Port of CPython's Lib/test/test_asyncio/test_locks.py (3.13): LockTests.
import { describe, expect, it } from "vitest";
import { CancelledError, Future, RuntimeError, createTask, getRunningLoop, sleep } from "@asyncio-ts/core";
import { BoundedSemaphore, Condition, Lock, Semaphore } from "../src/index.js";
import { errorOf, runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("Lock", () => {
  it("toString shows the state", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(String(lock)).toBe("<Lock [unlocked]>");
      await lock.acquire();
      expect(String(lock)).toBe("<Lock [locked]>");
      const waiter = createTask(() => lock.acquire());
      await sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
      lock.release();
      await waiter;
    });
  });

  it("a new lock is unlocked; acquire of a free lock takes it at the call, else returns a Future", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      const acquired = lock.acquire();
      // Python's acquire returns without suspending here: a settled native Promise, no Future.
      expect(acquired).toBeInstanceOf(Promise);
      expect(acquired).not.toBeInstanceOf(Future);
      expect(lock.locked()).toBe(true);
      expect(await acquired).toBe(true);
      const waiting = lock.acquire();
      expect(waiting).toBeInstanceOf(Future);
      lock.release();
      expect(await waiting).toBe(true);
      lock.release();
    });
  });

  it("primitives are not awaitable themselves: `await lock` acquires nothing", async () => {
    await runVirtual(async () => {
      for (const primitive of [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()]) {
        expect("then" in primitive).toBe(false);
        expect(await primitive).toBe(primitive);
        expect(primitive.locked()).toBe(false);
      }
    });
  });

  it("with() works on every context-manager primitive and releases after", async () => {
    await runVirtual(async () => {
      for (const primitive of [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()]) {
        await sleep(0.001);
        expect(primitive.locked()).toBe(false);
        const result = await primitive.with(async () => {
          expect(primitive.locked()).toBe(true);
          return 42;
        });
        expect(result).toBe(42);
        expect(primitive.locked()).toBe(false);
      }
    });
  });

  it("acquire: waiters get the lock in FIFO order, one per release", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      const result: number[] = [];
      expect(await lock.acquire()).toBe(true);
      const c = (n: number) => async () => {
        if (await lock.acquire()) result.push(n);
        return true;
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1]);
      await sleep(0);
      expect(result).toEqual([1]);
      const t3 = createTask(c(3));
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const task of [t1, t2, t3]) {
        expect(task.done()).toBe(true);
        expect(task.result()).toBe(true);
      }
    });
  });

  it("acquire cancel: CancelledError and no waiter left", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(await lock.acquire()).toBe(true);
      const task = createTask(() => lock.acquire());
      getRunningLoop().callSoon(() => task.cancel());
      expect(await errorOf(task)).toBeInstanceOf(CancelledError);
      expect(lock._waiters?.size ?? 0).toBe(0);
    });
  });

  it("cancel race: a waiter cancelled as the lock is released is skipped", async () => {
    // A holds the lock, B and C wait. B is cancelled while A releases: the lock must go to C.
    await runVirtual(async () => {
      const lock = new Lock();
      const lockit = async (blocker: Future<void> | undefined): Promise<void> => {
        await lock.acquire();
        try {
          if (blocker !== undefined) await blocker;
        } finally {
          lock.release();
        }
      };
      const fa = getRunningLoop().createFuture<void>();
      const ta = createTask(() => lockit(fa));
      await sleep(0);
      expect(lock.locked()).toBe(true);
      const tb = createTask(() => lockit(undefined));
      await sleep(0);
      expect(lock._waiters?.size).toBe(1);
      const tc = createTask(() => lockit(undefined));
      await sleep(0);
      expect(lock._waiters?.size).toBe(2);
      // Create the race.
      fa.setResult(undefined);
      tb.cancel();
      // CPython's `lock._waiters[0].cancelled()`: B's waiter was cancelled before any wake-up.
      const first = [...(lock._waiters ?? [])][0];
      expect(first?.waiting()).toBe(false);
      expect(first?.woken()).toBe(false);
      await sleep(0);
      expect(lock.locked()).toBe(false);
      expect(ta.done()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
    });
  });

  it("cancel release race: cancel the first waiter and release: only one takes the lock", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      let lockCount = 0;
      let callCount = 0;
      const lockit = async (): Promise<void> => {
        callCount++;
        await lock.acquire();
        lockCount++;
      };
      await lock.acquire();
      const t1 = createTask(lockit);
      const t2 = createTask(lockit);
      const t3 = createTask(lockit);
      await sleep(0);
      getRunningLoop().callSoon(() => {
        t1.cancel();
        lock.release();
      });
      expect(await errorOf(t1)).toBeInstanceOf(CancelledError);
      // Only one lock was taken, while three calls were made.
      expect(lockCount).toBe(1);
      expect(callCount).toBe(3);
      expect(t1.cancelled() && t2.done()).toBe(true);
      t3.cancel();
      await sleep(0);
      expect(t3.cancelled()).toBe(true);
    });
  });

  it("finished waiter cancelled: a waiter woken and cancelled passes the lock to the next", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      const tb = createTask(() => lock.acquire());
      await sleep(0);
      expect(lock._waiters?.size).toBe(1);
      // A second waiter; wake the first and cancel it.
      const tc = createTask(() => lock.acquire());
      tb.cancel();
      lock.release();
      await sleep(0);
      expect(lock.locked()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
    });
  });

  it("acquire cancelled after release woke it: the lock is not left held, the next waiter gets it", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      const order: string[] = [];
      const waiter = (name: string) => async () => {
        try {
          await lock.acquire();
        } catch (error) {
          order.push(`${name} ${(error as Error).name}`);
          throw error;
        }
        order.push(`${name} acquired`);
        lock.release();
      };
      const tb = createTask(waiter("b"));
      const tc = createTask(waiter("c"));
      await sleep(0);
      lock.release(); // wakes b
      await Promise.resolve();
      tb.cancel(); // b was woken, but is cancelled before it runs
      expect(await errorOf(tb)).toBeInstanceOf(CancelledError);
      await tc;
      expect(order).toEqual(["b CancelledError", "c acquired"]);
      expect(lock.locked()).toBe(false);
    });
  });

  it("release of an unlocked lock is a RuntimeError('Lock is not acquired.')", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(() => lock.release()).toThrow(RuntimeError);
      expect(() => lock.release()).toThrow("Lock is not acquired.");
    });
  });

  it("release with no waiters unlocks", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("context manager: with() holds the lock during the body", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      await lock.with(() => {
        expect(lock.locked()).toBe(true);
      });
      expect(lock.locked()).toBe(false);
    });
  });

  it("with() releases when the body throws, and rethrows", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      const error = await errorOf(
        lock.with(async () => {
          await sleep(0);
          throw new TypeError("boom");
        }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(lock.locked()).toBe(false);
    });
  });

  it("with() releases when the body is cancelled; CancelledError comes out of the body's await", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      const seen: string[] = [];
      const task = createTask(() =>
        lock.with(async () => {
          try {
            await sleep(10);
          } catch (error) {
            seen.push(`body ${(error as Error).name}`);
            throw error;
          }
        }),
      );
      await sleep(0);
      expect(lock.locked()).toBe(true);
      task.cancel();
      expect(await errorOf(task)).toBeInstanceOf(CancelledError);
      expect(seen).toEqual(["body CancelledError"]);
      expect(lock.locked()).toBe(false);
    });
  });

  it("with() cancelled while acquiring releases nothing and runs no body", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      let ran = false;
      const task = createTask(() =>
        lock.with(() => {
          ran = true;
        }),
      );
      await sleep(0);
      task.cancel();
      expect(await errorOf(task)).toBeInstanceOf(CancelledError);
      expect(ran).toBe(false);
      expect(lock.locked()).toBe(true); // still ours
      lock.release();
    });
  });

  it("await using releases at the end of the scope", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      {
        await lock.acquire();
        await using _held = lock;
        expect(lock.locked()).toBe(true);
      }
      expect(lock.locked()).toBe(false);
    });
  });

  it("a lock is bound to the loop it first waited on", async () => {
    const lock = new Lock();
    await runVirtual(async () => {
      await lock.acquire();
      const waiter = createTask(() => lock.acquire()); // waits: binds the lock to this loop
      await sleep(0);
      lock.release();
      await waiter;
      lock.release();
    });
    await runVirtual(async () => {
      await lock.acquire(); // no wait: no loop needed
      const error = await errorOf(lock.acquire());
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe("<Lock [locked]> is bound to a different event loop");
      expect(lock.locked()).toBe(true);
    });
  });

  it("never leaves the lock held after many cancelled acquirers (stress)", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      let inside = 0;
      let maxInside = 0;
      let completed = 0;
      const tasks = Array.from({ length: 60 }, (_, index) =>
        createTask(async () => {
          await lock.with(async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await sleep(0);
            inside--;
          });
          completed++;
          return index;
        }),
      );
      for (let round = 0; round < 10; round++) {
        await sleep(0);
        tasks[round * 5 + 3]?.cancel();
        tasks[round * 5 + 1]?.cancel();
      }
      let cancelled = 0;
      for (const task of tasks) {
        try {
          await task;
        } catch (error) {
          expect(error).toBeInstanceOf(CancelledError);
          cancelled++;
        }
      }
      expect(maxInside).toBe(1);
      expect(completed + cancelled).toBe(60);
      expect(lock.locked()).toBe(false);
      expect(lock._waiters?.size ?? 0).toBe(0);
    });
  });
});
