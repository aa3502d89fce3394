// The accelerators (internal/accelerators): each is chosen by a probe of its behaviour, never by
// version numbers or flags, and ASYNCIO_TS_ACCELERATE=0 turns them all off. A child process runs
// the same program on the built package (dist/, made by the build; skipped without it) under the
// runtime's flags that change how AsyncLocalStorage works (both spellings Node accepts), with and
// without the accelerators: the answers must not change.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { acceleratorsInUse } from "../src/internal/accelerators/index.js";

const BUILT = new URL("../dist/index.js", import.meta.url);
const PROGRAM = `
import { run, createTask, currentTask, getRunningLoop, sleep, ContextVar } from ${JSON.stringify(BUILT.href)};
const identity = new ContextVar("identity", { default: -1 });
let loopCallbacksInATask = 0;
let timersMissingTheirTask = 0;
let awaitsMissingTheirTask = 0;
await run(async () => {
  const loop = getRunningLoop();
  const tasks = [];
  for (let index = 0; index < 200; index++) {
    tasks.push(createTask(async () => {
      identity.set(index);
      const me = currentTask();
      await sleep(0);
      loop.callSoon(() => { if (currentTask() !== undefined) loopCallbacksInATask++; });
      await new Promise((resolve) => setTimeout(() => {
        if (currentTask() !== me || identity.get() !== index) timersMissingTheirTask++;
        resolve();
      }, 0));
      await sleep(0);
      if (currentTask() !== me || identity.get() !== index) awaitsMissingTheirTask++;
    }));
  }
  for (const task of tasks) await task;
});
console.log(JSON.stringify([loopCallbacksInATask, timersMissingTheirTask, awaitsMissingTheirTask]));
`;

/** Runs PROGRAM on this Node with `flags`; undefined when Node refuses a flag. */
function runProgram(flags: string[], accelerate: string): number[] | undefined {
  const accepted = spawnSync(process.execPath, [...flags, "-e", ""], { encoding: "utf8" });
  if (accepted.status !== 0) return undefined;
  const env = { ...process.env };
  delete env["NODE_OPTIONS"];
  env["ASYNCIO_TS_ACCELERATE"] = accelerate;
  const result = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", PROGRAM], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`program failed (${flags.join(" ")}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) as string);
}

describe("accelerators", () => {
  it("report what they chose, and nothing but the plain path when turned off", async () => {
    const used = await acceleratorsInUse();
    expect(["record", "enter-with", "run"]).toContain(used.frameEntry);
    if (used.setting === "off")
      expect(used).toEqual({ setting: "off", frameEntry: "run", compactAwait: false, ownThen: false });
  });

  const flagSets = [
    [],
    ["--no-async-context-frame"],
    ["--no_async_context_frame"],
    ["--experimental-async-context-frame"],
  ];
  for (const flags of flagSets) {
    it.skipIf(!existsSync(fileURLToPath(BUILT)))(
      `give the plain path's answers under node ${flags.join(" ") || "(no flag)"}, on and off (built package)`,
      { timeout: 60_000 },
      () => {
        const accelerated = runProgram(flags, "1");
        if (accelerated === undefined) return; // this Node does not know the flag
        expect(accelerated).toEqual([0, 0, 0]);
        expect(runProgram(flags, "0")).toEqual([0, 0, 0]);
      },
    );
  }
});
