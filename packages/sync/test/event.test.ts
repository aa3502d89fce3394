// Port of CPython's test_locks.py (3.13): EventTests.
import { describe, expect, it } from "vitest";
import { CancelledError, Future, createTask, getRunningLoop, run, sleep } from "@asyncio-ts/core";
import { Event } from "../src/index.js";
import { errorOf, gatherTasks } from "asyncio-ts-test-support";

describe("Event", () => {
  it("toString shows the state and the waiters", async () => {
    await run(async () => {
      const ev = new Event();
      expect(String(ev)).toBe("<Event [unset]>");
      ev.set();
      expect(String(ev)).toBe("<Event [set]>");
      ev.clear();
      const waiter = createTask(() => ev.wait());
      await sleep(0);
      expect(String(ev)).toBe("<Event [unset, waiters:1]>");
      ev.set();
      await waiter;
    });
  });

  it("wait: set() wakes every waiter; one created just before set() runs first", async () => {
    await run(async () => {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      const result: number[] = [];
      const c = (n: number) => async () => {
        if (await ev.wait()) result.push(n);
      };
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      const t3 = createTask(c(3));
      ev.set();
      await sleep(0);
      expect(result).toEqual([3, 1, 2]);
      for (const task of [t1, t2, t3]) {
        expect(task.done()).toBe(true);
        expect(task.result()).toBeUndefined();
      }
    });
  });

  it("wait on a set event returns true at once", async () => {
    await run(async () => {
      const ev = new Event();
      ev.set();
      const waited = ev.wait();
      // Python's wait returns without suspending: a settled native Promise, no Future.
      expect(waited).toBeInstanceOf(Promise);
      expect(waited).not.toBeInstanceOf(Future);
      expect(await waited).toBe(true);
      ev.clear();
      expect(ev.wait()).toBeInstanceOf(Future);
    });
  });

  it("wait cancel: CancelledError and no waiter left", async () => {
    await run(async () => {
      const ev = new Event();
      const wait = createTask(() => ev.wait());
      getRunningLoop().callSoon(() => wait.cancel());
      expect(await errorOf(wait)).toBeInstanceOf(CancelledError);
      expect(ev._waiters.size).toBe(0);
    });
  });

  it("clear", async () => {
    await run(async () => {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      ev.set();
      expect(ev.isSet()).toBe(true);
      ev.clear();
      expect(ev.isSet()).toBe(false);
    });
  });

  it("clear with waiters: a waiter woken by set() still returns after clear()", async () => {
    await run(async () => {
      const ev = new Event();
      const result: number[] = [];
      const t = createTask(async () => {
        if (await ev.wait()) result.push(1);
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);
      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);
      ev.set();
      ev.set();
      expect(ev._waiters.size).toBe(1);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(ev._waiters.size).toBe(0);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("a waiter cancelled after set() woke it ends cancelled; the others still return", async () => {
    await run(async () => {
      const ev = new Event();
      const tasks = [createTask(() => ev.wait()), createTask(() => ev.wait())];
      await sleep(0);
      ev.set();
      tasks[0]?.cancel();
      expect(await errorOf(tasks[0]!)).toBeInstanceOf(CancelledError);
      expect(await tasks[1]).toBe(true);
      expect(ev._waiters.size).toBe(0);
    });
  });

  it("many waiters all wake on one set()", async () => {
    await run(async () => {
      const ev = new Event();
      const tasks = Array.from({ length: 50 }, () => createTask(() => ev.wait()));
      await sleep(0);
      ev.set();
      expect(await gatherTasks(tasks)).toEqual(Array.from({ length: 50 }, () => true));
    });
  });

  it("waiters cancelled without a set() leave; set() wakes the rest in the order they waited", async () => {
    await run(async () => {
      const ev = new Event();
      const woke: number[] = [];
      // Enough cancelled waiters among the others that the event sweeps them out meanwhile.
      const tasks = Array.from({ length: 3_000 }, (_, index) =>
        createTask(async () => {
          await ev.wait();
          woke.push(index);
        }),
      );
      await sleep(0);
      expect(ev._waiters.size).toBe(3_000);
      const kept = tasks.filter((_, index) => index % 3 === 2);
      for (const [index, task] of tasks.entries()) if (index % 3 !== 2) task.cancel();
      await sleep(0);
      expect(ev._waiters.size).toBe(1_000);
      expect(String(ev)).toBe("<Event [unset, waiters:1000]>");
      const late = createTask(async () => {
        await ev.wait();
        woke.push(-1);
      });
      await sleep(0);
      ev.set();
      await gatherTasks([...kept, late]);
      expect(woke).toEqual([...Array.from({ length: 1_000 }, (_, index) => index * 3 + 2), -1]);
      expect(ev._waiters.size).toBe(0);
      for (const [index, task] of tasks.entries()) expect(task.cancelled()).toBe(index % 3 !== 2);
    });
  });

  it("a waiter cancelled in the iteration of a set() stays cancelled; set() after clear() wakes only new waiters", async () => {
    await run(async () => {
      const ev = new Event();
      const first = createTask(() => ev.wait());
      const second = createTask(() => ev.wait());
      await sleep(0);
      first.cancel();
      ev.set();
      expect(await errorOf(first)).toBeInstanceOf(CancelledError);
      expect(await second).toBe(true);
      ev.clear();
      const third = createTask(() => ev.wait());
      await sleep(0);
      expect(ev._waiters.size).toBe(1);
      ev.set();
      expect(await third).toBe(true);
      expect(ev._waiters.size).toBe(0);
    });
  });
});
