// Tasks created before any ContextVar was ever set make their context on first use (task.ts):
// each must still behave as a copy taken at creation. A file of its own, so that no variable
// has been set in this module graph yet when it starts.
import { describe, expect, it } from "vitest";
import { ContextVar, copyContext, createTask, currentTask, run, sleep } from "../src/index.js";

describe("a task's context, made on first use", () => {
  it("is a copy taken at creation: later writes by the creator are not seen", async () => {
    await run(async () => {
      const variable = new ContextVar<string>("made-late");
      const early = createTask(async () => {
        await sleep(0.001);
        return variable.get("unset");
      });
      await sleep(0);
      variable.set("creator's"); // the first set of any variable in this file
      const late = createTask(async () => variable.get("unset"));
      expect(await early).toBe("unset");
      expect(await late).toBe("creator's");
    });
  });

  it("is one context per task, the same on every call, not the creator's", async () => {
    await run(async () => {
      const creator = currentTask()?.getContext();
      const task = createTask(async () => {
        await sleep(0);
        return currentTask()?.getContext();
      });
      const inside = await task;
      expect(task.getContext()).toBe(task.getContext());
      expect(inside).toBe(task.getContext());
      expect(task.getContext()).not.toBe(creator);
      expect(copyContext()).not.toBe(creator);
    });
  });

  it("keeps a value the task sets across its awaits and library calls, and away from siblings", async () => {
    await run(async () => {
      const variable = new ContextVar<number>("per-task");
      const work = (value: number) =>
        createTask(async () => {
          variable.set(value);
          await sleep(0.001);
          await Promise.resolve();
          return variable.get();
        });
      expect(await Promise.all([work(1), work(2)])).toEqual([1, 2]);
      expect(variable.get(0)).toBe(0);
    });
  });
});
