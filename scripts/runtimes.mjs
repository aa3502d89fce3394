#!/usr/bin/env node
// Runs the smoke program (examples/smoke.mjs, on the built "asyncio-ts") on every runtime
// asyncio-ts supports and compares what each prints with what this Node prints: the output must be
// identical everywhere. Needs the build (`pnpm build`) first.
//
//   node scripts/runtimes.mjs            fetch what is missing, run, compare; exit 1 on any difference
//   node scripts/runtimes.mjs --list     print the runtime folders only (fetching what is missing)
//
// Runtimes come from the npm registry into .runtimes/<name>/ (gitignored), each with its binary
// shipped in a registry package: `node@22` and `node@26` (the `node` package installs
// `node-<platform>-<arch>`), `bun` (`@oven/bun-<platform>-<arch>`), `deno` (`@deno/<platform>`).
// Node 24 comes from scripts/node24.mjs (.node24/). An existing install is reused.
//
// Configurations: this Node (Node 20 in CI), 22 with --experimental-async-context-frame and without,
// 24 and 26 with async-context-frame on and off (both spellings of the flag), Bun, Deno through
// its npm compatibility (`deno run -A`), and this Node with ASYNCIO_TS_ACCELERATE=0.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { npmInstallInto } from "./npm-install-into.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const smoke = join("examples", "smoke.mjs");
const scratch = join(root, ".runtimes");

/** Installs `spec` into .runtimes/<folder> unless `binary` there already answers `versionArgs`. */
function fetchRuntime(folder, spec, binary, versionArgs = ["--version"]) {
  const prefix = join(scratch, folder);
  const path = join(prefix, "node_modules", ".bin", binary);
  const works = () => existsSync(path) && spawnSync(path, versionArgs, { encoding: "utf8" }).status === 0;
  if (!works()) {
    npmInstallInto(prefix, spec, "runtimes");
  }
  if (!works()) return undefined;
  const version = spawnSync(path, versionArgs, { encoding: "utf8" }).stdout.trim().split("\n")[0].split(" (")[0];
  return { path, version };
}

function node24() {
  const result = spawnSync(process.execPath, ["scripts/node24.mjs"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) return undefined;
  const path = join(result.stdout.trim().split("\n").at(-1) ?? "", "node");
  const version = spawnSync(path, ["--version"], { encoding: "utf8" }).stdout?.trim();
  return version ? { path, version } : undefined;
}

const runtimes = {
  here: { path: process.execPath, version: process.version },
  node22: fetchRuntime("node22", "node@22", "node"),
  node24: node24(),
  node26: fetchRuntime("node26", "node@26", "node"),
  bun: fetchRuntime("bun", "bun", "bun"),
  deno: fetchRuntime("deno", "deno", "deno"),
};

if (process.argv.includes("--list")) {
  for (const [name, runtime] of Object.entries(runtimes))
    console.log(`${name}\t${runtime?.version ?? "missing"}\t${runtime?.path ?? ""}`);
  process.exit(Object.values(runtimes).every(Boolean) ? 0 : 1);
}

const configurations = [
  ["this Node (20 in CI)", "here", []],
  ["this Node, ASYNCIO_TS_ACCELERATE=0", "here", [], { ASYNCIO_TS_ACCELERATE: "0" }],
  ["node22", "node22", []],
  ["node22 --experimental-async-context-frame", "node22", ["--experimental-async-context-frame"]],
  ["node24", "node24", []],
  ["node24 --no-async-context-frame", "node24", ["--no-async-context-frame"]],
  ["node24 --no_async_context_frame", "node24", ["--no_async_context_frame"]],
  ["node24, ASYNCIO_TS_ACCELERATE=0", "node24", [], { ASYNCIO_TS_ACCELERATE: "0" }],
  ["node26", "node26", []],
  ["node26 --no-async-context-frame", "node26", ["--no-async-context-frame"]],
  ["bun", "bun", []],
  ["deno run -A", "deno", ["run", "-A"]],
];

function runSmoke(runtime, args, extraEnv = {}) {
  const env = { ...process.env, ...extraEnv };
  delete env.NODE_OPTIONS;
  const result = spawnSync(runtime.path, [...args, smoke], { cwd: root, env, encoding: "utf8", timeout: 180_000 });
  return { ok: result.status === 0, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

let reference;
let failures = 0;
for (const [label, name, args, extraEnv] of configurations) {
  const runtime = runtimes[name];
  if (runtime === undefined) {
    console.log(`FAIL  ${label}: runtime not available`);
    failures++;
    continue;
  }
  const started = Date.now();
  const { ok, stdout, stderr } = runSmoke(runtime, args, extraEnv);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  reference ??= ok ? stdout : undefined;
  const same = ok && stdout === reference;
  console.log(`${same ? "ok  " : "FAIL"}  ${label.padEnd(42)} ${runtime.version.padEnd(12)} ${seconds.padStart(5)}s`);
  if (!same) {
    failures++;
    if (!ok) console.log(stderr.split("\n").slice(0, 20).join("\n"));
    else {
      const expected = (reference ?? "").split("\n");
      const got = stdout.split("\n");
      for (let line = 0; line < Math.max(expected.length, got.length); line++) {
        if (expected[line] !== got[line])
          console.log(`  line ${line + 1}\n    expected: ${expected[line]}\n    got:      ${got[line]}`);
      }
    }
  }
}
if (reference !== undefined) console.log(`\nThe output every runtime must print:\n${reference}`);
console.log(failures === 0 ? "runtimes: identical output everywhere" : `runtimes: ${failures} configuration(s) differ`);
process.exit(failures === 0 ? 0 : 1);
