import { describe, expect, it } from "vitest";
import { CancelledError, ValueError, createTask, getRunningLoop, newEventLoop, sleep } from "../src/index.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("sleep", () => {
  it("resolves with the result given", async () => {
    expect(await runVirtual(async () => sleep(0.001, "value"))).toBe("value");
    expect(await runVirtual(async () => sleep(0, "zero"))).toBe("zero");
  });

  it("sleep(0) yields exactly one loop iteration (test_sleep_zero)", async () => {
    const order: string[] = [];
    await runVirtual(async () => {
      const loop = getRunningLoop();
      loop.callSoon(() => {
        order.push("iteration 1");
        loop.callSoon(() => {
          order.push("iteration 2");
          loop.callSoon(() => order.push("iteration 3"));
        });
      });
      await sleep(0);
      order.push("after one sleep(0)");
      await sleep(0);
      order.push("after two");
    });
    expect(order).toEqual(["iteration 1", "after one sleep(0)", "iteration 2", "after two", "iteration 3"]);
  });

  it("sleeps in deadline order", async () => {
    const order: number[] = [];
    await runVirtual(async () => {
      const tasks = [0.03, 0.01, 0.02].map((delay) =>
        createTask(async () => {
          await sleep(delay);
          order.push(delay);
        }),
      );
      for (const task of tasks) await task;
    });
    expect(order).toEqual([0.01, 0.02, 0.03]);
  });

  it("cancelling a sleeper cancels its timer (test_sleep_cancel)", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const task = createTask(() => sleep(10, "never"));
      await sleep(0);
      expect(loop._scheduled.size).toBe(1);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      await sleep(0);
      expect(loop._scheduled.size).toBe(0);
    });
  });

  it("needs a running loop, and a number", async () => {
    expect(() => sleep(1)).toThrow("no running event loop");
    await runVirtual(async () => {
      expect(() => sleep(Number.NaN)).toThrow(ValueError);
      expect(() => sleep("1" as never)).toThrow(TypeError);
    });
    newEventLoop().close();
  });
});
