// Introspection meets tasks of another copy of core (a nested install, or the CommonJS build
// beside the ESM one). The second copy is core's sources evaluated afresh (vi.resetModules): a
// different Task class carrying the same registered brand, on the same running loop.
import { runVirtual, shape } from "asyncio-ts-test-support";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as core from "../../src/index.js";
import { describeAwaits } from "../../src/internal/process-hold.js";

let other: typeof core;

beforeAll(async () => {
  vi.resetModules();
  other = (await import("../../src/index.js")) as typeof core;
});

describe("introspection of another copy's tasks", () => {
  it("captureCallGraph takes a task of the other copy, and names it", async () => {
    await runVirtual(async () => {
      const foreign = new other.Task(() => core.sleep(10), { loop: core.getRunningLoop(), name: "foreign" });
      expect(foreign instanceof core.Task).toBe(false);
      await core.sleep(0);
      const graph = core.captureCallGraph(foreign);
      expect(graph?.name).toBe("foreign");
      expect(graph?.awaiting).toEqual(["sleep timer"]);
      foreign.cancel();
    });
  });

  it("an awaited-by edge marked by one copy is seen by the other", async () => {
    await runVirtual(async () => {
      core.currentTask()?.setName("main");
      const foreign = new other.Task(() => core.sleep(10), { loop: core.getRunningLoop(), name: "foreign" });
      core.futureAddToAwaitedBy(foreign, core.currentTask());
      await core.sleep(0);
      expect(shape(other.captureCallGraph(foreign))).toEqual({ foreign: [{ main: [] }] });
      other.futureDiscardFromAwaitedBy(foreign, core.currentTask());
      expect(shape(core.captureCallGraph(foreign))).toEqual({ foreign: [] });
      foreign.cancel();
    });
  });

  it("a task awaiting the other copy's task is described down through it", async () => {
    await runVirtual(async () => {
      const foreign = new other.Task(() => core.sleep(10), { loop: core.getRunningLoop(), name: "foreign" });
      const local = core.createTask(async () => await foreign, { name: "local" });
      await core.sleep(0);
      expect(describeAwaits(local)).toBe("it awaits Task(name='foreign') -> sleep timer");
      foreign.cancel();
      await core.sleep(0);
    });
  });
});
