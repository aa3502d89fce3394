import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RuntimeError, callCoroutine, createTask, getRunningLoop, run, sleep, watchHold } from "../../src/index.js";
import { runVirtual } from "asyncio-ts-test-support";
import { captureExceptions, newLoop, runBriefly } from "../helpers.js";

// Debug mode's reports name the task and where it was created, as Python's reprs do with a
// source traceback: "created at <file>:<line>", the first frame outside the library.
const CREATED_HERE = /created at \S*debug-reports\.test\.ts:\d+/;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collectUntil(seen: readonly unknown[]): Promise<void> {
  for (let attempt = 0; attempt < 20 && seen.length === 0; attempt++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function busy(): void {
  // A step that takes measurable time; the threshold is 0, so how long does not matter.
  let total = 0;
  for (let index = 0; index < 1000; index++) total += index;
  if (total < 0) throw new Error("unreachable");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("slow callbacks in debug mode", () => {
  it("name the task whose step was slow, with its creation site, for its first step and each resumption", async () => {
    const warned: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((message: unknown) => void warned.push(String(message)));
    await run(
      async () => {
        getRunningLoop().slowCallbackDuration = 0;
        const worker = createTask(
          async () => {
            busy(); // first step: the task itself is the ready item
            await sleep(0.001); // resumed by an await of a timer's future
            busy();
            await sleep(0); // resumed by sleep(0)'s own ready item
            busy();
          },
          { name: "worker" },
        );
        await worker;
      },
      { debug: true },
    );
    const aboutWorker = warned.filter((message) => message.includes('name="worker"'));
    // First step, the resumption after the timer, the resumption after sleep(0).
    expect(aboutWorker.length).toBeGreaterThanOrEqual(3);
    for (const message of aboutWorker) {
      expect(message).toMatch(/^Executing <Task .*name="worker".*> took \d+\.\d{3} seconds$/);
      expect(message).toMatch(CREATED_HERE);
    }
  });

  it("name the task when a library coroutine inside it resumes", async () => {
    const warned: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((message: unknown) => void warned.push(String(message)));
    await run(
      async () => {
        getRunningLoop().slowCallbackDuration = 0;
        const waiter = getRunningLoop().createFuture<number>();
        const task = createTask(() => callCoroutine(async () => (await waiter) + 1), { name: "in-call" });
        await sleep(0);
        warned.length = 0;
        waiter.setResult(1);
        expect(await task).toBe(2);
      },
      { debug: true },
    );
    expect(warned.some((message) => /^Executing <Task .*name="in-call".*created at/.test(message))).toBe(true);
  });

  it("are not logged outside debug mode", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await run(async () => {
      getRunningLoop().slowCallbackDuration = 0;
      await createTask(async () => {
        busy();
        await sleep(0);
      });
    });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("reports of collected tasks and futures in debug mode", () => {
  it("'Task was destroyed but it is pending!' names the task and its creation site", async () => {
    const loop = newLoop();
    loop.setDebug(true);
    const seen = captureExceptions(loop) as Array<{ message: string; taskDescription?: string }>;
    (function abandon() {
      const never = loop.createFuture();
      loop.createTask(
        async () => {
          await never;
        },
        { name: "abandoned" },
      );
    })();
    await runBriefly(loop);
    await collectUntil(seen);
    const report = seen.find((context) => context.message === "Task was destroyed but it is pending!");
    expect(report?.taskDescription).toMatch(/^<Task pending name="abandoned"/);
    expect(report?.taskDescription).toMatch(CREATED_HERE);
    loop.close();
  });

  it("'Task exception was never retrieved' names the task and its creation site", async () => {
    const loop = newLoop();
    loop.setDebug(true);
    const seen = captureExceptions(loop) as Array<{ message: string; exception?: unknown; futureDescription?: string }>;
    (function leak() {
      loop.createTask(
        async () => {
          throw new RuntimeError("lost");
        },
        { name: "failing" },
      );
    })();
    await runBriefly(loop);
    await runBriefly(loop);
    await collectUntil(seen);
    const report = seen.find((context) => context.message === "Task exception was never retrieved");
    expect((report?.exception as Error).message).toBe("lost");
    expect(report?.futureDescription).toMatch(/^<Task finished name="failing"/);
    expect(report?.futureDescription).toMatch(CREATED_HERE);
    loop.close();
  });
});

// On a VirtualTimeLoop: the report's timer and the sleeps come in deadline order, and a slow
// step on a loaded machine adds no slow-callback report (the virtual clock stands still while
// callbacks run).
describe("watchHold", () => {
  it("reports a hold that outlasts longHoldDuration while it goes on, with the task and where it was taken", async () => {
    const warned: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((message: unknown) => void warned.push(String(message)));
    const resource = { toString: () => "<Resource>" };
    await runVirtual(
      async () => {
        getRunningLoop().longHoldDuration = 0;
        const holder = createTask(
          async () => {
            const hold = watchHold(resource);
            await sleep(0.01); // the report's timer (due at once) fires before this wakes
            expect(warned).toHaveLength(1);
            hold?.end();
          },
          { name: "holder" },
        );
        await holder;
      },
      { debug: true },
    );
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/^<Resource> held for more than 0\.000 seconds by <Task pending name="holder"/);
    expect(warned[0]).toMatch(CREATED_HERE);
    expect(warned[0]).toMatch(/, acquired at \S*debug-reports\.test\.ts:\d+$/);
  });

  it("does not report a hold ended in time, and does nothing outside debug mode", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await runVirtual(
      async () => {
        getRunningLoop().longHoldDuration = 0;
        const hold = watchHold({});
        expect(hold?.heldByCurrentTask()).toBe(true);
        hold?.end();
        await sleep(0.01);
      },
      { debug: true },
    );
    await runVirtual(async () => {
      getRunningLoop().longHoldDuration = 0;
      expect(watchHold({})).toBeUndefined();
      await sleep(0.01);
    });
    expect(watchHold({})).toBeUndefined(); // no running loop
    expect(warn).not.toHaveBeenCalled();
  });
});
