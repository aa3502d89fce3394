// Once every loop of the thread that ran is closed, core disables the AsyncLocalStorage whose
// store is the task frame (AsyncLocalStorage.prototype.disable), so that plain code after
// `await run(main)` does not pay for it: where the storage runs on async_hooks (Node 20), an
// enabled one makes every promise of the process run hooks. A loop still open keeps it, and the
// next loop enables it again, as `run` and `enterWith` do. With the record entry (AsyncContextFrame,
// where an unused storage costs nothing) the storage is never disabled.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import {
  ContextVar,
  Runner,
  VirtualTimeLoop,
  createTask,
  currentTask,
  getRunningLoop,
  newEventLoop,
  run,
  sleep,
  type Task,
} from "../src/index.js";
import { acceleratorsInUse } from "../src/internal/accelerators/index.js";
import { runtimeRegistry } from "../src/internal/runtime-registry.js";

const storage = runtimeRegistry.taskStorage;
const BUILT = new URL("../dist/index.js", import.meta.url);

/**
 * Runs two run()s in a worker thread on the built package: what the worker's own storage
 * released (counted as in the tests below), what each main task saw of itself in a timer, and
 * the worker's count of loops in use at the end.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const asyncio = await import(workerData.built);
  const registry = globalThis[Symbol.for("asyncio-ts.runtime.v1")];
  const disable = registry.taskStorage.disable;
  let releases = 0;
  registry.taskStorage.disable = function () {
    if (registry.runningLoop === undefined && registry.loopsInUse === 0) releases++;
    return disable.call(this);
  };
  const seen = [];
  for (let round = 0; round < 2; round++) {
    seen.push(await asyncio.run(async () => {
      const me = asyncio.currentTask();
      await asyncio.sleep(0);
      return new Promise((resolve) => setTimeout(() => resolve(asyncio.currentTask() === me), 1));
    }));
  }
  parentPort.postMessage({ releases, seen, loopsInUse: registry.loopsInUse });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;
let spy: MockInstance<() => void>;
/** The storage's `disable()` calls made while no loop runs or is open: on async_hooks, `exit()` calls it too, inside loops. */
let disable: { calls: number };
let releases: number;

beforeEach(async () => {
  // Whether this runtime's frame entry lets the storage go (not the record entry).
  releases = (await acceleratorsInUse()).frameEntry === "record" ? 0 : 1;
  expect(runtimeRegistry.loopsInUse).toBe(0);
  const original = storage.disable;
  const counted = { calls: 0 };
  disable = counted;
  spy = vi.spyOn(storage, "disable").mockImplementation(function (this: typeof storage) {
    if (runtimeRegistry.runningLoop === undefined && runtimeRegistry.loopsInUse === 0) counted.calls++;
    original.call(this);
  });
});

afterEach(() => {
  spy.mockRestore();
});

/** What a task sees of itself: through awaits of library and foreign promises, and in a timer it set. */
async function whatATaskSees(variable: ContextVar<string>, value: string): Promise<string[]> {
  const seen: string[] = [];
  const task = createTask(
    async () => {
      variable.set(value);
      const me = currentTask();
      const check = (label: string): void => {
        seen.push(`${label}: ${currentTask() === me ? "own task" : "another"} ${variable.get()}`);
      };
      await sleep(0);
      check("after sleep");
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          check("in a timer");
          resolve();
        }, 1),
      );
      check("after a foreign await");
    },
    { eagerStart: value.endsWith("eager") },
  );
  await task;
  return seen;
}

const expected = (value: string): string[] => [
  `after sleep: own task ${value}`,
  `in a timer: own task ${value}`,
  `after a foreign await: own task ${value}`,
];

describe("the frame storage once no loop is open", () => {
  it("is disabled when run() ends, and the next run() enables it again with every frame right", async () => {
    const variable = new ContextVar<string>("variable", { default: "none" });
    expect(await run(() => whatATaskSees(variable, "first"))).toEqual(expected("first"));
    expect(disable.calls).toBe(releases);
    expect(runtimeRegistry.loopsInUse).toBe(0);
    expect(storage.getStore()).toBeUndefined();

    expect(await run(() => whatATaskSees(variable, "second"))).toEqual(expected("second"));
    expect(await run(() => whatATaskSees(variable, "third, eager"))).toEqual(expected("third, eager"));
    expect(disable.calls).toBe(3 * releases);
    expect(variable.get()).toBe("none");
  });

  it("stays enabled between the runs of a Runner, and goes when the Runner closes", async () => {
    const variable = new ContextVar<string>("variable", { default: "none" });
    const runner = new Runner();
    expect(await runner.run(() => whatATaskSees(variable, "first"))).toEqual(expected("first"));
    expect(await runner.run(() => whatATaskSees(variable, "second"))).toEqual(expected("second"));
    expect(disable.calls).toBe(0);
    await runner.close();
    expect(disable.calls).toBe(releases);
  });

  it("is released by a VirtualTimeLoop's close too, and a VirtualTimeLoop after it sees its frames", async () => {
    const variable = new ContextVar<string>("variable", { default: "none" });
    const options = { loopFactory: () => new VirtualTimeLoop() };
    expect(await run(() => whatATaskSees(variable, "virtual"), options)).toEqual(expected("virtual"));
    expect(await run(() => whatATaskSees(variable, "again"), options)).toEqual(expected("again"));
    expect(disable.calls).toBe(2 * releases);
  });

  it("stays enabled while another loop that ran is open, so its suspended task keeps its frame", async () => {
    const loop = newEventLoop();
    let openFirstGate!: () => void;
    let openSecondGate!: () => void;
    const firstGate = new Promise<void>((resolve) => {
      openFirstGate = resolve;
    });
    const seen: string[] = [];
    const suspended: Task<void> = loop.createTask(async () => {
      await firstGate;
      // Runs while no loop runs: the await made here must still carry the task's frame.
      await new Promise<void>((resolve) => {
        openSecondGate = resolve;
      });
      seen.push(currentTask(loop) === suspended ? "own task" : "lost its task");
      await sleep(0);
      seen.push(currentTask(loop) === suspended ? "own task" : "lost its task");
    });
    await loop.runUntilComplete(() => sleep(0));
    // The other loop is stopped with its task suspended in a foreign await; a whole run() goes by.
    expect(await run(async () => "in between")).toBe("in between");
    expect(disable.calls).toBe(0);
    openFirstGate();
    await new Promise((resolve) => setTimeout(resolve, 1));
    await loop.runUntilComplete(async () => {
      openSecondGate();
      await suspended;
    });
    expect(seen).toEqual(["own task", "own task"]);
    loop.close();
    expect(disable.calls).toBe(releases);
  });

  it("is not released by closing a loop from inside another running loop, only when that one closes", async () => {
    const other = newEventLoop();
    await other.runUntilComplete(() => sleep(0));
    const runner = new Runner();
    await runner.run(async () => {
      other.close();
      expect(getRunningLoop()).toBe(runner.getLoop());
      await sleep(0);
    });
    expect(disable.calls).toBe(0);
    await runner.close();
    expect(disable.calls).toBe(releases);
  });

  it.skipIf(!existsSync(fileURLToPath(BUILT)))(
    "in a worker thread is the worker's own: its run() releases it while this thread keeps its loop (built package)",
    async () => {
      const loop = newEventLoop();
      await loop.runUntilComplete(() => sleep(0));
      const worker = new Worker(WORKER, { eval: true, workerData: { built: BUILT.href } });
      const report = await new Promise<unknown>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      await worker.terminate();
      expect(report).toEqual({ releases: 2 * releases, seen: [true, true], loopsInUse: 0 });
      expect(disable.calls).toBe(0);
      expect(runtimeRegistry.loopsInUse).toBe(1);
      loop.close();
      expect(disable.calls).toBe(releases);
    },
  );

  it("counts a loop once however often it runs, and not at all when it never ran", async () => {
    const idle = newEventLoop();
    const loop = newEventLoop();
    await loop.runUntilComplete(() => sleep(0));
    await loop.runUntilComplete(() => sleep(0));
    expect(runtimeRegistry.loopsInUse).toBe(1);
    idle.close();
    expect(disable.calls).toBe(0);
    loop.close();
    loop.close();
    expect(runtimeRegistry.loopsInUse).toBe(0);
    expect(disable.calls).toBe(releases);
  });
});
