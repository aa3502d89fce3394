// The built packages (dist/), as users load them, not the TypeScript sources the other suites
// run on. The bundler may rename a class when another declaration in the bundle takes its name
// (`_Task`), which users would see in `String(task)`, stack traces and error messages.
//
// Each check runs in a child Node process that imports the umbrella's dist/index.js (ESM) or
// requires dist/index.cjs (CommonJS): inside vitest, our package names resolve to the sources.
// `pnpm test:all` builds every package before the tests run; without a build (or with a build
// older than the sources) this suite is skipped, saying so.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packagesDirectory = join(dirname(fileURLToPath(import.meta.url)), "../..");
const umbrellaDist = join(packagesDirectory, "asyncio-ts", "dist");
const entries = { esm: join(umbrellaDist, "index.js"), cjs: join(umbrellaDist, "index.cjs") };

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why the built packages cannot be tested, or undefined when every package's dist is current. */
function whyNotBuilt(): string | undefined {
  for (const folder of readdirSync(packagesDirectory)) {
    const source = join(packagesDirectory, folder, "src");
    const built = join(packagesDirectory, folder, "dist", "index.js");
    if (!existsSync(source)) continue;
    if (!existsSync(built)) return `packages/${folder} is not built`;
    if (newestModification(source) > statSync(built).mtimeMs)
      return `packages/${folder}/dist is older than its sources`;
  }
  return undefined;
}

const notBuilt = whyNotBuilt();
if (notBuilt !== undefined) {
  console.warn(`built-packages.test.ts skipped: ${notBuilt}; run \`pnpm build\` first (pnpm test:all does).`);
}

// Prints, as JSON, what the checks below compare; `asyncio` is the umbrella's exports.
const PROBE = `
const report = { misnamed: [], slowConstructors: [], strings: {}, instances: {}, errorNames: {} };
for (const [name, value] of Object.entries(asyncio)) {
  if (typeof value === "function" && /^[A-Z]/.test(name) && value.name !== name) report.misnamed.push([name, value.name]);
  if (typeof value === "function" && !%HasFastProperties(value)) report.slowConstructors.push(name);
}
const loop = asyncio.newEventLoop();
asyncio.setEventLoop(loop);
loop.runUntilComplete(async () => {
  const task = asyncio.createTask(() => asyncio.sleep(10), { name: "sleeper" });
  const future = loop.createFuture();
  report.strings.task = String(task);
  report.strings.future = String(future);
  const group = new asyncio.ExceptionGroup("two", [new asyncio.ValueError("v"), new asyncio.CancelledError()]);
  report.strings.group = String(group);
  report.strings.groupStack = group.stack.split("\\n")[0];
  report.instances.task = [task instanceof asyncio.Task, task instanceof asyncio.Future];
  report.instances.group = [group instanceof asyncio.ExceptionGroup, group instanceof AggregateError];
  report.instances.cancelled = [new asyncio.CancelledError() instanceof asyncio.CancelledError, new asyncio.CancelledError() instanceof Error];
  report.instances.connectionReset = [new asyncio.ConnectionResetError() instanceof asyncio.OSError];
  try {
    future.result();
  } catch (error) {
    report.errorNames.result = [error.constructor.name, error.name, error.message];
  }
  task.cancel();
  try {
    await task;
  } catch (error) {
    report.errorNames.cancelled = [error.constructor.name, String(error)];
  }
  report.strings.cancelledTask = String(task);
}).then(() => {
  loop.close();
  console.log(JSON.stringify(report));
});
`;

function probe(kind: "esm" | "cjs"): {
  misnamed: Array<[string, string]>;
  slowConstructors: string[];
  strings: Record<string, string>;
  instances: Record<string, boolean[]>;
  errorNames: Record<string, string[]>;
} {
  const load =
    kind === "esm"
      ? `const asyncio = await import(${JSON.stringify(`file://${entries.esm}`)});`
      : `const asyncio = require(${JSON.stringify(entries.cjs)});`;
  const output = execFileSync(
    process.execPath,
    // V8's %HasFastProperties: a class whose `name` was redefined is kept in dictionary mode.
    [`--input-type=${kind === "esm" ? "module" : "commonjs"}`, "--allow-natives-syntax", "-e", `${load}\n${PROBE}`],
    { encoding: "utf8", timeout: 20_000 },
  );
  return JSON.parse(output);
}

describe.skipIf(notBuilt !== undefined).each(["esm", "cjs"] as const)("the built umbrella package (%s)", (kind) => {
  const report = notBuilt === undefined ? probe(kind) : undefined;

  it("keeps every exported class's name", () => {
    expect(report?.misnamed).toEqual([]);
  });

  it("keeps every exported class and function out of V8's dictionary mode (no name redefined)", () => {
    expect(report?.slowConstructors).toEqual([]);
  });

  it("prints tasks, futures and exception groups by their class names", () => {
    expect(report?.strings).toEqual({
      task: '<Task pending name="sleeper" coro=<anonymous()>>',
      future: "<Future pending>",
      group: "ExceptionGroup: two",
      groupStack: "ExceptionGroup: two",
      cancelledTask: '<Task cancelled name="sleeper" coro=<anonymous()>>',
    });
  });

  it("keeps instanceof across the exported classes", () => {
    expect(report?.instances).toEqual({
      task: [true, true],
      group: [true, true],
      cancelled: [true, true],
      connectionReset: [true],
    });
  });

  it("names the errors it raises by their classes", () => {
    expect(report?.errorNames).toEqual({
      result: ["InvalidStateError", "InvalidStateError", "Result is not ready."],
      cancelled: ["CancelledError", "CancelledError"],
    });
  });
});

// What only a whole process shows, on the built package: run() holds the process until main
// ends, and what nobody retrieved is reported when the loop closes.
const LIFETIME = `
const asyncio = await import(${JSON.stringify(`file://${entries.esm}`)});
await asyncio.run(async () => {
  const loop = asyncio.getRunningLoop();
  const stop = loop.createFuture();
  loop.addSignalHandler("SIGTERM", () => stop.setResult());
  asyncio.createTask(async function failing() {
    throw new asyncio.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number");
  });
  try {
    console.log("ready");
    await stop;
  } finally {
    console.log("finally");
  }
});
console.log("after run");
`;

describe.skipIf(notBuilt !== undefined || process.platform === "win32")("the built umbrella package's process", () => {
  it("stays alive until main ends, runs finally, and reports the unretrieved error at close", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", LIFETIME], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const ended = new Promise<[number | null, string | null]>((resolve) =>
      child.on("close", (code, signal) => resolve([code, signal])),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("ready\n")) resolve();
      });
      child.on("close", () => resolve());
    });
    child.kill("SIGTERM");
    const [code, signal] = await ended;
    clearTimeout(killer);
    expect([code, signal]).toEqual([0, null]);
    expect(stdout).toBe("ready\nfinally\nafter run\n");
    expect(stderr.split("\n").slice(0, 3)).toEqual([
      "Task exception was never retrieved",
      'future: <Task finished name="Task-2" coro=<failing()> exception=SSLError("[SSL: WRONG_VERSION_NUMBER] wrong version number")>',
      "SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number",
    ]);
  });
});

// The JavaScript boundary, as users of the built package meet it: Futures in promise tools,
// AbortSignals in and out, a foreign promise under waitFor, a closed loop's I/O, TLS errors.
const BOUNDARY = `
const { rejects } = require("node:assert");
const { createServer } = require("node:net");
const { setTimeout: nodeSleep } = require("node:timers/promises");
const report = {};
const errorOf = async (promiseLike) => {
  try {
    await promiseLike;
    return "no error";
  } catch (error) {
    return [error.constructor.name, String(error.message)];
  }
};
asyncio
  .run(async () => {
    const failing = asyncio.createTask(async () => {
      throw new Error("boom");
    });
    await rejects(failing, { message: "boom" });
    report.catchFinally = [
      await asyncio.createTask(async () => { throw new Error("caught"); }).catch((error) => error.message),
      await asyncio.createTask(async () => "kept").finally(() => undefined),
    ];
    const controller = new AbortController();
    const aborted = asyncio.createTask(() => asyncio.sleep(3600), { signal: controller.signal });
    await asyncio.sleep(0);
    controller.abort("stop now");
    report.signalIn = await errorOf(aborted);
    report.signalOut = await errorOf(
      asyncio.waitFor(async () => {
        await nodeSleep(60_000, undefined, { signal: asyncio.currentTask().signal });
      }, 0.01),
    );
    const closed = asyncio.newEventLoop();
    closed.close();
    report.closedLoop = await errorOf(closed.createServer(() => new asyncio.Protocol(), "127.0.0.1", 0));
    const plain = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\\r\\n\\r\\n"));
    await new Promise((resolve) => plain.listen(0, "127.0.0.1", resolve));
    try {
      const error = await asyncio.openConnection("127.0.0.1", plain.address().port, { ssl: true }).then(
        () => undefined,
        (error) => error,
      );
      report.tls = [error?.constructor.name, error instanceof asyncio.SSLError, error instanceof asyncio.OSError];
    } finally {
      plain.close();
    }
  })
  .then(() => console.log(JSON.stringify(report)));
`;

describe.skipIf(notBuilt !== undefined).each(["esm", "cjs"] as const)(
  "the built umbrella package's boundary (%s)",
  (kind) => {
    it("has catch/finally, takes and gives AbortSignals, fails a closed loop's I/O, classes TLS errors", () => {
      const load =
        kind === "esm"
          ? `const asyncio = await import(${JSON.stringify(`file://${entries.esm}`)});\nconst require = (await import("node:module")).createRequire(import.meta.url);`
          : `const asyncio = require(${JSON.stringify(entries.cjs)});`;
      const output = execFileSync(
        process.execPath,
        [`--input-type=${kind === "esm" ? "module" : "commonjs"}`, "-e", `${load}\n${BOUNDARY}`],
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(JSON.parse(output)).toEqual({
        catchFinally: ["caught", "kept"],
        signalIn: ["CancelledError", "stop now"],
        signalOut: ["TimeoutError", ""],
        closedLoop: ["RuntimeError", "Event loop is closed"],
        tls: ["SSLError", true, true],
      });
    });
  },
);
