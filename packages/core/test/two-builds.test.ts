// Two copies of core in one process (the ESM build and a require() of the CommonJS build, as a
// dual-package program gets them) share one runtime: the running loop, the current task and
// what a Future is. The first test runs on the built package (dist/, made by the build; skipped
// without it), in a child process so that the two builds are loaded as a program would load
// them; the others check the registry and the brand on the sources.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { currentTask, getRunningLoop, isFuture } from "../src/index.js";
import { newLoop } from "./helpers.js";

const ESM = new URL("../dist/index.js", import.meta.url);
const CJS = new URL("../dist/index.cjs", import.meta.url);

const PROGRAM = `
import { createRequire } from "node:module";
import * as esm from ${JSON.stringify(ESM.href)};
const cjs = createRequire(import.meta.url)(${JSON.stringify(fileURLToPath(CJS))});
const answers = {};
answers.distinctCopies = esm.Future !== cjs.Future;
answers.outside = [esm.isFuture(new cjs.Future({ loop: esm.newEventLoop() })), cjs.isFuture(Promise.resolve())];
answers.result = await esm.run(async () => {
  const loop = esm.getRunningLoop();
  answers.sameLoop = cjs.getRunningLoop() === loop;
  answers.eventLoop = cjs.getEventLoop() === loop;
  const main = esm.currentTask();
  answers.sameTask = cjs.currentTask() === main && main !== undefined;
  answers.brands = [cjs.isFuture(loop.createFuture()), esm.isFuture(cjs.createTask(async () => 1)), cjs.isFuture(main)];
  // A task of the other copy, on this loop: it sees itself as current in both copies.
  const other = cjs.createTask(async () => {
    await cjs.sleep(0);
    const me = cjs.currentTask();
    return me === esm.currentTask() && me !== main ? "own task" : "wrong task";
  }, { name: "cjs-task" });
  answers.otherTask = await other;
  // A cancel reaches an await of the other copy's future, with its message.
  const sleeper = esm.createTask(() => cjs.sleep(10));
  await esm.sleep(0);
  sleeper.cancel("stop");
  try { await sleeper; } catch (error) { answers.cancel = [esm.isCancelledError(error), cjs.isCancelledError(error), error.message]; }
  // ContextVars of one copy are read in a task of the other.
  const variable = new cjs.ContextVar("variable");
  variable.set("set in esm task");
  answers.context = await esm.createTask(async () => { await cjs.sleep(0); return variable.get(); });
  return "done";
});
answers.afterRun = (() => { try { cjs.getRunningLoop(); return "still running"; } catch (error) { return error.message; } })();
console.log(JSON.stringify(answers));
`;

describe("the ESM and the CommonJS build in one process", () => {
  it.skipIf(!existsSync(fileURLToPath(ESM)) || !existsSync(fileURLToPath(CJS)))(
    "share the running loop, the current task, ContextVars, cancellation and the Future brand",
    { timeout: 60_000 },
    () => {
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", PROGRAM], {
        encoding: "utf8",
        timeout: 50_000,
      });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({
        distinctCopies: true,
        outside: [true, false],
        result: "done",
        sameLoop: true,
        eventLoop: true,
        sameTask: true,
        brands: [true, true, true],
        otherTask: "own task",
        cancel: [true, true, "stop"],
        context: "set in esm task",
        afterRun: "no running event loop",
      });
    },
  );
});

describe("the runtime registry, in this process", () => {
  it("holds the running loop and the task storage on globalThis under a registered symbol", async () => {
    const registry = (globalThis as Record<symbol, unknown>)[Symbol.for("asyncio-ts.runtime.v1")] as {
      runningLoop: unknown;
      taskStorage: { getStore(): { _frameTask?: unknown } | undefined };
    };
    const loop = newLoop();
    const seen = await loop.runUntilComplete(async () => [
      registry.runningLoop === getRunningLoop(),
      registry.taskStorage.getStore()?._frameTask === currentTask(),
    ]);
    expect(seen).toEqual([true, true]);
    expect(registry.runningLoop).toBeUndefined();
  });

  it("recognises a future by the registered brand, not by its class", () => {
    const foreign = Object.create(null) as Record<symbol, unknown>;
    foreign[Symbol.for("asyncio-ts.future")] = true;
    expect(isFuture(foreign)).toBe(true);
    expect(isFuture({ then() {} })).toBe(false);
    expect(isFuture(Promise.resolve())).toBe(false);
    expect(isFuture(null)).toBe(false);
  });
});
