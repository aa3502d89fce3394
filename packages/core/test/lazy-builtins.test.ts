// Node's I/O modules load on first use: a program that imports core (either build) and runs a
// task loads none of node:net, node:child_process, node:dgram, node:dns, node:tty (and, until
// `run`, node:worker_threads); the first connection loads node:net and works. Runs on the built
// package (dist/, made by the build; skipped without it), in a child process, since this test
// process has loaded all of them already.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ESM = new URL("../dist/index.js", import.meta.url);
const CJS = new URL("../dist/index.cjs", import.meta.url);

const IO_MODULES = ["net", "child_process", "dgram", "dns", "tty", "worker_threads"];

// process.moduleLoadList names every built-in module the process has loaded so far.
const LOADED = `(names) => names.filter((name) => process.moduleLoadList.includes("NativeModule " + name))`;

function programFor(load: string): string {
  return `
const loaded = ${LOADED};
const names = ${JSON.stringify(IO_MODULES)};
const before = loaded(names);
${load}
const answers = { atStart: before, afterImport: loaded(names) };
await core.run(async () => {
  await core.sleep(0);
  answers.afterRun = loaded(names);
  const server = await core.getRunningLoop().createServer(() => new core.Protocol(), "127.0.0.1", 0);
  const [host, port] = server.sockets[0].getsockname();
  const [transport] = await core.getRunningLoop().createConnection(() => new core.Protocol(), host, port);
  answers.connected = transport.getExtraInfo("peername")[1] === port;
  transport.close();
  server.close();
  await server.waitClosed();
  answers.afterConnection = loaded(["net"]);
});
console.log(JSON.stringify(answers));
`;
}

function runProgram(program: string): unknown {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", program], {
    encoding: "utf8",
    timeout: 50_000,
  });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

const expected = {
  atStart: [],
  afterImport: [],
  // Runner asks worker_threads whether it runs on the main thread (for its SIGINT handler).
  afterRun: ["worker_threads"],
  connected: true,
  afterConnection: ["net"],
};

describe("importing core loads no I/O module of Node", () => {
  it.skipIf(!existsSync(fileURLToPath(ESM)))("the ESM build", { timeout: 60_000 }, () => {
    expect(runProgram(programFor(`const core = await import(${JSON.stringify(ESM.href)});`))).toEqual(expected);
  });

  it.skipIf(!existsSync(fileURLToPath(CJS)))("the CommonJS build", { timeout: 60_000 }, () => {
    const load = `const core = (await import("node:module")).createRequire(import.meta.url)(${JSON.stringify(fileURLToPath(CJS))});`;
    expect(runProgram(programFor(load))).toEqual(expected);
  });
});
