// What the primitives show to the task tree, and debug mode's report of a long hold.
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureTaskTree, createTask, currentTask, getRunningLoop, run, sleep, type Task } from "@asyncio-ts/core";
import { Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore } from "../src/index.js";
import { runVirtual, treeShape } from "asyncio-ts-test-support";

afterEach(() => {
  vi.restoreAllMocks();
});

function captureWarnings(): string[] {
  const warned: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((message: unknown) => void warned.push(String(message)));
  return warned;
}

describe("waits in the task tree", () => {
  it("name the primitive method a task waits in, outside debug mode too", async () => {
    await run(async () => {
      currentTask()?.setName("root");
      const lock = new Lock();
      const semaphore = new Semaphore(0);
      const event = new Event();
      const condition = new Condition();
      const barrier = new Barrier(2);
      await lock.acquire();
      const tasks: Task<unknown>[] = [
        createTask(() => lock.acquire(), { name: "lock" }),
        createTask(() => semaphore.acquire(), { name: "semaphore" }),
        createTask(() => event.wait(), { name: "event" }),
        createTask(() => condition.with(() => condition.wait()), { name: "condition" }),
        createTask(() => condition.with(() => condition.waitFor(() => false)), { name: "predicate" }),
        createTask(() => barrier.wait(), { name: "barrier" }),
      ];
      await sleep(0);
      expect(treeShape(captureTaskTree().roots)).toEqual([
        {
          "root pending []": [
            { "lock pending [Lock.acquire()]": [] },
            { "semaphore pending [Semaphore.acquire()]": [] },
            { "event pending [Event.wait()]": [] },
            { "condition pending [Condition.with() -> Condition.wait()]": [] },
            { "predicate pending [Condition.with() -> Condition.waitFor()]": [] },
            { "barrier pending [Barrier.wait()]": [] },
          ],
        },
      ]);
      for (const task of tasks) task.cancel();
      for (const task of tasks) await task.then(undefined, () => undefined);
    });
  });
});

// On a VirtualTimeLoop: a hold's report and the sleeps around it come in the order of their
// deadlines, and a slow step on a loaded machine adds no slow-callback report (the virtual
// clock stands still while callbacks run).
describe("a hold longer than the loop's longHoldDuration, in debug mode", () => {
  it("is reported for a Lock, naming the task that took it, while the lock stays held", async () => {
    const warned = captureWarnings();
    const lock = new Lock();
    await runVirtual(
      async () => {
        getRunningLoop().longHoldDuration = 0;
        const holder = createTask(
          async () => {
            await lock.acquire();
            await sleep(0.01); // the report's timer, due at once, runs first
            expect(warned).toHaveLength(1);
            lock.release();
          },
          { name: "holder" },
        );
        await holder;
      },
      { debug: true },
    );
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^<Lock \[locked\]> held for more than 0\.000 seconds by <Task pending name="holder" .*created at \S*introspection\.test\.ts:\d+>, acquired at \S*introspection\.test\.ts:\d+$/,
    );
  });

  it("is reported for a lock taken after a wait, and shows who waits", async () => {
    const warned = captureWarnings();
    await runVirtual(
      async () => {
        const loop = getRunningLoop();
        const lock = new Lock();
        await lock.acquire();
        const second = createTask(
          async () => {
            await lock.acquire();
            await sleep(0.01);
            lock.release();
          },
          { name: "second" },
        );
        const third = createTask(() => lock.with(() => undefined), { name: "third" });
        await sleep(0);
        loop.longHoldDuration = 0;
        lock.release(); // ends the first hold before its report: the root's hold was watched at 1 s
        await second;
        await third;
      },
      { debug: true },
    );
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^<Lock \[locked, waiters:1\]> held for more than 0\.000 seconds by <Task pending name="second"/,
    );
  });

  it("is not reported when released in time, nor outside debug mode", async () => {
    const warned = captureWarnings();
    await runVirtual(
      async () => {
        getRunningLoop().longHoldDuration = 0;
        const lock = new Lock();
        await lock.with(() => undefined);
        await sleep(0.01);
      },
      { debug: true },
    );
    await runVirtual(async () => {
      getRunningLoop().longHoldDuration = 0;
      const lock = new Lock();
      await lock.acquire();
      await sleep(0.01);
      lock.release();
    });
    expect(warned).toEqual([]);
  });

  it("is reported per permit for a Semaphore; a release ends the releasing task's own hold", async () => {
    const warned = captureWarnings();
    await runVirtual(
      async () => {
        getRunningLoop().longHoldDuration = 0;
        const semaphore = new BoundedSemaphore(2);
        const gate = getRunningLoop().createFuture<void>();
        const first = createTask(
          async () => {
            await semaphore.acquire();
            await gate;
            semaphore.release();
          },
          { name: "first" },
        );
        const second = createTask(
          async () => {
            await semaphore.acquire();
            semaphore.release(); // ends its own hold, not first's older one
          },
          { name: "second" },
        );
        await second;
        await sleep(0.01);
        gate.setResult();
        await first;
      },
      { debug: true },
    );
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^<BoundedSemaphore \[unlocked, value:1\]> held for more than 0\.000 seconds by <Task pending name="first"/,
    );
  });
});
