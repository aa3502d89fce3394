import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, taskTreeSocketPath } from "../src/cli/task-tree-client.js";

// The child process runs the built core, as a user's program would.
const coreDist = join(dirname(fileURLToPath(import.meta.url)), "../../core/dist/index.js");

const PROGRAM = `
const { run, createTask, sleep, getRunningLoop } = await import(${JSON.stringify(pathToFileURL(coreDist).href)});
await run(async () => {
  const loop = getRunningLoop();
  const gate = loop.createFuture();
  const worker = createTask(async () => { await gate; }, { name: "worker" });
  const waiter = createTask(async () => { await worker; }, { name: "waiter" });
  await sleep(0);
  process.stdout.write("ready\\n");
  await sleep(30);
}, {});
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

function start(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", PROGRAM], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`child exited with ${code}`)));
  });
}

async function cli(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const status = await runCli(
    argv,
    { write: (text: string) => (out += text) },
    { write: (text: string) => (err += text) },
  );
  return { status, out, err };
}

describe.skipIf(process.platform === "win32" || !existsSync(coreDist))("asyncio-ts ps / pstree", () => {
  it("prints the task tree of a process started with ASYNCIO_TS_INTROSPECT=1", async () => {
    const child = await start({ ASYNCIO_TS_INTROSPECT: "1" });
    const pid = child.pid as number;
    const tree = await cli(["pstree", String(pid)]);
    expect(tree.status).toBe(0);
    const lines = tree.out
      .replace(/#\d+/g, "#?")
      .replace(/, \d+\.\d{3}s\]/g, "]")
      .trimEnd()
      .split("\n");
    expect(lines).toEqual([
      "└── (T) 'Task-1' #? [pending] awaiting sleep timer",
      "    └── (T) 'waiter' #? [pending] awaiting Task(name='worker')",
      "        └── (T) 'worker' #? [pending] awaiting Future",
    ]);
    const table = await cli(["ps", String(pid)]);
    expect(table.status).toBe(0);
    const rows = table.out.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^id\s+name\s+state\s+age\s+awaited by\s+awaiting$/);
    expect(rows.slice(1).map((row) => row.split(/\s{2,}/)[1])).toEqual(["Task-1", "waiter", "worker"]);
    const json = await cli(["pstree", String(pid), "--json"]);
    const parsed = JSON.parse(json.out) as { pid: number; taskCount: number };
    expect(parsed.pid).toBe(pid);
    expect(parsed.taskCount).toBe(3);
  });

  it("says how to enable it when the process does not serve its tree", async () => {
    const child = await start({ ASYNCIO_TS_INTROSPECT: "" });
    expect(existsSync(taskTreeSocketPath(child.pid as number))).toBe(false);
    const result = await cli(["ps", String(child.pid)]);
    expect(result.status).toBe(1);
    expect(result.err).toContain("start it with ASYNCIO_TS_INTROSPECT=1");
  });

  it("checks its arguments", async () => {
    expect((await cli(["top", "1"])).status).toBe(2);
    expect((await cli(["ps", "abc"])).err).toContain("usage: asyncio-ts ps PID");
  });
});
