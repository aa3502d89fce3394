import { describe, expect, it } from "vitest";
import { run, sleep, createTask, currentTask, CancelledError, getRunningLoop, newEventLoop } from "../src/index.js";

describe("smoke", () => {
  it("runs main and returns its result", async () => {
    expect(await run(async () => { await sleep(0); return 42; })).toBe(42);
  });

  it("interleaves callbacks and task steps as CPython", async () => {
    const order: string[] = [];
    await run(async () => {
      const loop = getRunningLoop();
      const a = createTask(async () => { order.push("a1"); await sleep(0); order.push("a2"); await sleep(0); order.push("a3"); });
      loop.callSoon(() => order.push("cb1"));
      const b = createTask(async () => { order.push("b1"); await sleep(0); order.push("b2"); });
      loop.callSoon(() => order.push("cb2"));
      await a; await b;
    });
    // python: a1 cb1 b1 cb2 a2 b2 a3
    expect(order).toEqual(["a1", "cb1", "b1", "cb2", "a2", "b2", "a3"]);
  });

  it("cancels at the exact await", async () => {
    const seen: string[] = [];
    await run(async () => {
      const task = createTask(async () => {
        try { await sleep(10); } catch (e) { seen.push((e as Error).name + ":" + (e as Error).message); throw e; }
      });
      await sleep(0);
      task.cancel("stop");
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
    expect(seen).toEqual(["CancelledError:stop"]);
  });

  it("currentTask inside a task", async () => {
    await run(async () => {
      const t = createTask(async () => ({ task: currentTask() }));
      expect((await t).task).toBe(t);
    });
  });

  it("timers in order", async () => {
    const loop = newEventLoop();
    const order: number[] = [];
    loop.callLater(0.02, () => order.push(2));
    loop.callLater(0.01, () => order.push(1));
    loop.callLater(0.02, () => order.push(3));
    loop.callLater(0.03, () => loop.stop());
    await loop.runForever();
    loop.close();
    expect(order).toEqual([1, 2, 3]);
  });
});
