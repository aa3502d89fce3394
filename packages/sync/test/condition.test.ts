// Port of CPython's test_locks.py (3.13): ConditionTests.
import { describe, expect, it } from "vitest";
import { CancelledError, RuntimeError, TimeoutError, createTask, getRunningLoop, run, sleep } from "@asyncio-ts/core";
import { Condition, Lock } from "../src/index.js";
import { errorOf, gatherTasks, waitFor } from "asyncio-ts-test-support";

describe("Condition", () => {
  it("wait: notify wakes waiters in order, each once the lock is released", async () => {
    await run(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = (n: number) => async () => {
        await cond.acquire();
        if (await cond.wait()) result.push(n);
        return true;
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(await cond.acquire()).toBe(true);
      cond.notify();
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);

      for (const task of [t1, t2, t3]) {
        expect(task.done()).toBe(true);
        expect(task.result()).toBe(true);
      }
    });
  });

  it("wait cancel: CancelledError, no waiter left, the lock re-acquired", async () => {
    await run(async () => {
      const cond = new Condition();
      await cond.acquire();
      const wait = createTask(() => cond.wait());
      getRunningLoop().callSoon(() => wait.cancel());
      expect(await errorOf(wait)).toBeInstanceOf(CancelledError);
      expect(cond._waiters.size).toBe(0);
      expect(cond.locked()).toBe(true);
    });
  });

  it("wait cancel contested: notified, lock contested, then cancelled: the lock is still re-acquired", async () => {
    await run(async () => {
      const cond = new Condition();
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = createTask(() => cond.wait());
      await sleep(0);
      expect(cond.locked()).toBe(false);
      // Notify, but contest the lock before cancelling.
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      getRunningLoop().callSoon(() => waitTask.cancel());
      getRunningLoop().callSoon(() => cond.release());
      try {
        await waitTask;
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
      }
      expect(cond.locked()).toBe(true);
    });
  });

  it("wait cancelled after notify (bpo-32841): the task ends cancelled", async () => {
    await run(async () => {
      let waited = false;
      const cond = new Condition();
      const waiter = createTask(() =>
        cond.with(async () => {
          waited = true;
          await cond.wait();
        }),
      );
      await sleep(0); // start waiting
      await cond.acquire();
      cond.notify();
      await sleep(0); // get to acquire()
      waiter.cancel();
      await sleep(0); // activate the cancellation
      cond.release();
      await sleep(0); // the cancellation happens
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
    });
  });

  it("wait without the lock is a RuntimeError", async () => {
    await run(async () => {
      const cond = new Condition();
      const error = await errorOf(cond.wait());
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe("cannot wait on un-acquired lock");
    });
  });

  it("waitFor: waits until the predicate holds", async () => {
    await run(async () => {
      const cond = new Condition();
      let presult = false;
      const result: number[] = [];
      const t = createTask(async () => {
        await cond.acquire();
        if (await cond.waitFor(() => presult)) {
          result.push(1);
          cond.release();
        }
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([]);

      presult = true;
      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("waitFor without the lock: fine if the predicate already holds, else RuntimeError", async () => {
    await run(async () => {
      const cond = new Condition();
      expect(await cond.waitFor(() => [1, 2, 3])).toEqual([1, 2, 3]);
      expect(await errorOf(cond.waitFor(() => false))).toBeInstanceOf(RuntimeError);
    });
  });

  it("notify(n) wakes n waiters; notify(2048) wakes the rest", async () => {
    await run(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = (n: number) => async () => {
        await cond.acquire();
        if (await cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      };
      const tasks = [createTask(c(1)), createTask(c(2)), createTask(c(3))];
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notify(1);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);

      await cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const task of tasks) expect(task.result()).toBe(true);
    });
  });

  it("notifyAll wakes every waiter", async () => {
    await run(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = (n: number) => async () => {
        await cond.acquire();
        if (await cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      };
      const tasks = [createTask(c(1)), createTask(c(2))];
      await sleep(0);
      expect(result).toEqual([]);
      await cond.acquire();
      cond.notifyAll();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      for (const task of tasks) expect(task.result()).toBe(true);
    });
  });

  it("notify and notifyAll without the lock are RuntimeErrors", () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrow(RuntimeError);
    expect(() => cond.notify()).toThrow("cannot notify on un-acquired lock");
    expect(() => cond.notifyAll()).toThrow(RuntimeError);
  });

  it("toString shows the lock's state and the waiters", async () => {
    await run(async () => {
      const cond = new Condition();
      expect(String(cond)).toBe("<Condition [unlocked]>");
      await cond.acquire();
      expect(String(cond)).toBe("<Condition [locked]>");
      const waiters = [createTask(() => cond.with(() => cond.wait())), createTask(() => cond.with(() => cond.wait()))];
      cond.release();
      await sleep(0);
      expect(String(cond)).toBe("<Condition [unlocked, waiters:2]>");
      await cond.with(() => cond.notifyAll());
      await gatherTasks(waiters);
    });
  });

  it("context manager", async () => {
    await run(async () => {
      const cond = new Condition();
      expect(cond.locked()).toBe(false);
      await cond.with(() => expect(cond.locked()).toBe(true));
      expect(cond.locked()).toBe(false);
    });
  });

  it("explicit lock: the condition and the lock share one state", async () => {
    await run(async () => {
      const check = async (lock?: Lock, cond?: Condition): Promise<void> => {
        const theLock = lock ?? new Lock();
        const theCond = cond ?? new Condition(theLock);
        expect(theCond._lock).toBe(theLock);
        expect(theLock.locked()).toBe(false);
        expect(theCond.locked()).toBe(false);
        await theCond.with(() => {
          expect(theLock.locked()).toBe(true);
          expect(theCond.locked()).toBe(true);
        });
        expect(theLock.locked()).toBe(false);
        expect(theCond.locked()).toBe(false);
        await theLock.with(() => {
          expect(theLock.locked()).toBe(true);
          expect(theCond.locked()).toBe(true);
        });
        expect(theLock.locked()).toBe(false);
        expect(theCond.locked()).toBe(false);
      };
      await check();
      await check(new Lock());
      const lock = new Lock();
      await check(lock, new Condition(lock));
    });
  });

  it("ambiguous loops: a lock or condition bound to another loop is a RuntimeError, and keeps the lock", async () => {
    const lock = new Lock();
    const cond = new Condition();
    await run(async () => {
      // Bind both to this loop: each waits once.
      await lock.acquire();
      const lockWaiter = createTask(() => lock.acquire());
      await cond.acquire();
      const condWaiter = createTask(() => cond.wait());
      await sleep(0); // the condition's waiter released the lock and waits
      lock.release();
      await cond.with(() => cond.notify());
      await lockWaiter;
      lock.release();
      await condWaiter;
      cond.release();
    });
    await run(async () => {
      // Wrong loop in the lock: acquired through the fast path, then a wait discovers it.
      await lock.with(async () => {
        const condOverLock = new Condition(lock);
        const error = await errorOf(condOverLock.acquire());
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toMatch(/is bound to a different event loop$/);
      });
      // Wrong loop in the condition.
      await cond.with(async () => {
        const error = await errorOf(cond.wait());
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toMatch(/is bound to a different event loop$/);
        expect(cond.locked()).toBe(true); // not released
      });
    });
  });

  it("timeout in the block: wait cancelled by a timeout re-acquires the lock", async () => {
    await run(async () => {
      const condition = new Condition();
      await condition.with(async () => {
        expect(await errorOf(waitFor(() => condition.wait(), 0.01))).toBeInstanceOf(TimeoutError);
        expect(condition.locked()).toBe(true);
      });
      expect(condition.locked()).toBe(false);
    });
  });

  it("cancelled error on wake-up is rethrown unchanged (same instance, same message)", async () => {
    await run(async () => {
      const wake = false;
      let raised: unknown;
      const cond = new Condition();
      const task = createTask(() =>
        cond.with(async () => {
          raised = await errorOf(cond.waitFor(() => wake));
          expect(raised).toBeInstanceOf(CancelledError);
          throw raised;
        }),
      );
      await sleep(0);
      // The task waits on the condition: cancel it there.
      task.cancel("foo");
      const error = await errorOf(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("foo");
      expect(error).toBe(raised);
    });
  });

  it("cancelled error while re-acquiring is rethrown unchanged (same instance, same message)", async () => {
    await run(async () => {
      let wake = false;
      let raised: unknown;
      const cond = new Condition();
      const task = createTask(() =>
        cond.with(async () => {
          raised = await errorOf(cond.waitFor(() => wake));
          expect(raised).toBeInstanceOf(CancelledError);
          throw raised;
        }),
      );
      await sleep(0);
      await cond.acquire();
      wake = true;
      cond.notify();
      await sleep(0);
      // The task now tries to re-acquire the lock: cancel it there.
      task.cancel("foo");
      cond.release();
      const error = await errorOf(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("foo");
      expect(error).toBe(raised);
    });
  });

  const consumerScenario = (settleBeforeCancel: boolean) => async () => {
    await run(async () => {
      const condition = new Condition();
      let state = 0;
      const consumer = () =>
        condition.with(async () => {
          for (;;) {
            await condition.waitFor(() => state !== 0);
            if (state < 0) return;
            state--;
          }
        });
      const consumers = [createTask(consumer), createTask(consumer)];
      await sleep(0); // both wait
      await condition.with(async () => {
        // Produce one item and wake one consumer...
        state++;
        condition.notify(1);
        if (settleBeforeCancel) await sleep(0); // it wakes and waits for the lock
        // ...and cancel it (while it waits to run, or to re-acquire the lock).
        consumers[0]?.cancel();
        // The notification must not be lost: the other consumer takes the item.
        try {
          await waitFor(() => condition.waitFor(() => state === 0), 0.05);
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
        }
        expect(state).toBe(0);
        state = -1;
        condition.notifyAll();
      });
      await consumers[1];
      expect(await errorOf(consumers[0]!)).toBeInstanceOf(CancelledError);
    });
  };

  it("cancelled wake-up: cancelled right after notify, the notification passes on", consumerScenario(false));

  it("cancelled wake-up while re-locking: the notification passes on", consumerScenario(true));

  it("notify skips waiters already notified and wakes in FIFO order", async () => {
    await run(async () => {
      const cond = new Condition();
      const order: number[] = [];
      const tasks = [1, 2, 3, 4].map((n) =>
        createTask(() =>
          cond.with(async () => {
            await cond.wait();
            order.push(n);
          }),
        ),
      );
      await sleep(0);
      await cond.with(() => {
        cond.notify(1);
        cond.notify(1); // wakes the second, not the first again
      });
      await sleep(0);
      await sleep(0);
      expect(order).toEqual([1, 2]);
      await cond.with(() => cond.notifyAll());
      await gatherTasks(tasks);
      expect(order).toEqual([1, 2, 3, 4]);
    });
  });
});
