#!/usr/bin/env node
// test:all — everything CI checks, in order. Every step runs even if an earlier one failed (the
// tests use the TypeScript sources, so they do not need the build, except the umbrella's
// built-packages suite, which checks dist/ and so runs after step 2), and the exit code is 1 if
// any failed:
//
//   1. check:imports and its self-test            (scripts/check-imports.mjs, check-imports.test.mjs)
//   1b. format:check and lint:code                (Biome: layout and lint rules, biome.json)
//   2. turbo run typecheck build lint, on the Node running this script (Node 20 here)
//   2b. check:docs (scripts/check-docs.mjs: READMEs, TSDoc, lint scripts, the docs' examples)
//   2c. runtimes (scripts/runtimes.mjs): the smoke program examples/smoke.mjs on the build, on
//      Node 20, 22, 24, 26 (async-context-frame on and off), Bun and Deno, and with
//      ASYNCIO_TS_ACCELERATE=0; the outputs must be identical (runtimes fetched into .runtimes/)
//   3. turbo run test,                 on the same Node
//   3b. turbo run test again, same Node, on the plain path (ASYNCIO_TS_ACCELERATE=0: no
//      accelerator of packages/core/src/internal/accelerators, documented APIs only)
//   3c. turbo run test again, same Node, with every accelerator whose probe passes taking its
//      memory-sparing form from the first await (ASYNCIO_TS_ACCELERATE=always: loops take it
//      from 10,000 pending awaits, so the suites would otherwise run through it almost never)
//   4. turbo run test,                 on Node 24  (binary from scripts/node24.mjs, in .node24/)
//   4b. turbo run test again on Node 24, on the plain path (ASYNCIO_TS_ACCELERATE=0)
//
// Run it as `pnpm test:all` (through `npx -y pnpm@10.34.8 test:all` on a machine without pnpm):
// pnpm puts node_modules/.bin (turbo) on PATH, and turbo runs each package's script with the
// pnpm that started it. For the Node 24 pass, the Node 24 folder goes first on PATH, so pnpm,
// vitest and every test process run on Node 24 (the pass prints which Node that is).
//
// Each step runs with turbo's `--force` (no replay from turbo's cache: this command is the proof
// that everything passes) and `--continue=dependencies-successful` (every package's failures
// are shown, not only the first; tasks whose dependencies failed are skipped). Tests run one
// package at a time (`--concurrency=1`): each vitest already uses 2 workers and the machine has
// 2 cores, so timing-sensitive tests stay reliable. Each test pass prints "On Node vX: N passed,
// N failed", from vitest's JSON reports (.turbo/vitest-vX.json in each package), and the last
// line of the output is "tests: N passed, N failed" for all passes together.
//
// Options: --skip-node24     skip pass 4 (for a quick local run; CI never passes it).
//          --skip-runtimes   skip step 2c (the same).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const skipNode24 = process.argv.includes("--skip-node24");
const skipRuntimes = process.argv.includes("--skip-runtimes");
const steps = [];
const started = Date.now();

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

function banner(text) {
  const line = "═".repeat(Math.min(100, text.length + 4));
  console.log(`\n${line}\n  ${text}\n${line}`);
}

// Test counts of each pass, summed into the closing line "tests: N passed, N failed".
const counts = { passed: 0, failed: 0, skipped: 0 };

function finish() {
  const failedSteps = steps.filter((step) => !step.ok).map((step) => step.name);
  banner(failedSteps.length === 0 ? "test:all: PASSED" : `test:all: FAILED: ${failedSteps.join("; ")}`);
  for (const step of steps)
    console.log(
      `  ${step.ok ? "ok  " : "FAIL"}  ${seconds(step.ms).padStart(7)}  ${step.name}${step.note ? `  (${step.note})` : ""}`,
    );
  console.log(`  total ${seconds(Date.now() - started)}\n`);
  // Last line: every test run of every pass (each test once per Node version).
  console.log(
    `tests: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
  );
  process.exit(failedSteps.length === 0 ? 0 : 1);
}

function run(name, command, args, { env = process.env, note, after } = {}) {
  banner(name);
  console.log(`$ ${command} ${args.join(" ")}`);
  const begin = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    shell: process.platform === "win32",
  });
  const ok = result.status === 0;
  const step = { name, ok, ms: Date.now() - begin, note };
  steps.push(step);
  if (result.error) console.error(`test:all: could not start ${command}: ${result.error.message}`);
  after?.(step);
  return step;
}

function capture(command, args, env) {
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    shell: process.platform === "win32",
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function packageDirectories() {
  const directory = join(root, "packages");
  return readdirSync(directory)
    .map((folder) => join(directory, folder))
    .filter((folder) => existsSync(join(folder, "package.json")));
}

// vitest writes one JSON report per package to .turbo/<report>; sum them.
function testReportPath(packageDirectory, tag) {
  return join(packageDirectory, ".turbo", `vitest-${tag}.json`);
}

function summarize(tag) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const missing = [];
  for (const packageDirectory of packageDirectories()) {
    const manifest = JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8"));
    if (manifest.scripts?.test === undefined) continue;
    const report = testReportPath(packageDirectory, tag);
    if (!existsSync(report)) {
      missing.push(manifest.name);
      continue;
    }
    const json = JSON.parse(readFileSync(report, "utf8"));
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  }
  return { passed, failed, skipped, missing };
}

function testPass(label, env, nodeVersion, variant = "") {
  const tag = nodeVersion.replace(/[^0-9A-Za-z.]/g, "") + variant;
  for (const packageDirectory of packageDirectories()) rmSync(testReportPath(packageDirectory, tag), { force: true });
  const name = `tests on Node ${nodeVersion} (${label})`;
  // Counted also when the pass fails, so the closing line tells how many failed.
  const count = (step) => {
    const { passed, failed, skipped, missing } = summarize(tag);
    counts.passed += passed;
    counts.failed += failed;
    counts.skipped += skipped;
    step.note = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
    if (missing.length > 0) step.note += `; no vitest report from ${missing.join(", ")}`;
    console.log(`\nOn Node ${nodeVersion}: ${step.note}`);
  };
  run(
    name,
    "turbo",
    [
      "run",
      "test",
      "--force",
      "--continue=dependencies-successful",
      "--concurrency=1",
      "--output-logs=full",
      "--",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=.turbo/vitest-${tag}.json`,
    ],
    { env: { ...env, NODE_VERSION_TAG: nodeVersion }, after: count },
  );
}

// The Node that vitest really runs on when pnpm (found on PATH) starts it in a package, as
// `turbo run test` does: `vitest --version` prints "vitest/3.2.7 linux-x64 node-v24.21.0".
function nodeSeenByPackageScripts(env) {
  const output = capture("pnpm", ["--silent", "--filter", "@asyncio-ts/core", "exec", "vitest", "--version"], env);
  return output?.match(/node-(v\S+)/)?.[1];
}

// ---------------------------------------------------------------- the passes

const here = process.version;
banner(`test:all on ${process.platform}-${process.arch}; this script runs on Node ${here}`);

run("check:imports", process.execPath, ["scripts/check-imports.mjs"]);
run("check:imports self-test", process.execPath, ["scripts/check-imports.test.mjs"]);

// Biome decides layout and checks lint rules; `pnpm format` rewrites what format:check rejects.
run("format:check and lint:code (Biome)", "biome", ["ci", "--formatter-enabled=true", "--linter-enabled=true", "."]);

run(
  `typecheck, build, lint on Node ${here}`,
  "turbo",
  // biome-ignore format: scripts/check-docs.mjs checks that "typecheck", "build", "lint" run, on one line
  ["run", "typecheck", "build", "lint", "--force", "--continue=dependencies-successful", "--concurrency=2", "--output-logs=errors-only"],
  {
    env: { ...process.env, NODE_VERSION_TAG: here },
  },
);
// Needs the build above: the docs' examples import the built "asyncio-ts".
run("check:docs", process.execPath, ["scripts/check-docs.mjs"]);
// Needs the build too: the smoke program imports the built "asyncio-ts".
if (!skipRuntimes)
  run("runtimes: one smoke program, identical output everywhere", process.execPath, ["scripts/runtimes.mjs"]);
const scriptsNode = nodeSeenByPackageScripts(process.env) ?? here;
testPass("this machine's Node", process.env, scriptsNode);
testPass("this machine's Node, plain path", { ...process.env, ASYNCIO_TS_ACCELERATE: "0" }, scriptsNode, "-plain");
testPass(
  "this machine's Node, every accelerator from the first await",
  { ...process.env, ASYNCIO_TS_ACCELERATE: "always" },
  scriptsNode,
  "-always",
);

if (skipNode24) {
  console.log("\n(--skip-node24: the Node 24 pass was skipped)");
  finish();
}

const node24Step = run("get Node 24 (scripts/node24.mjs, into .node24/)", process.execPath, ["scripts/node24.mjs"]);
const binDirectory = capture(process.execPath, ["scripts/node24.mjs"], process.env);
if (binDirectory === undefined) {
  node24Step.ok = false;
  finish();
}
const env24 = { ...process.env, PATH: `${binDirectory}${delimiter}${process.env.PATH ?? ""}` };
const version24 = nodeSeenByPackageScripts(env24);
node24Step.note = `package scripts see Node ${version24 ?? "?"}`;
if (version24 === undefined || !version24.startsWith("v24.")) {
  console.error(
    `test:all: with ${binDirectory} first on PATH, package scripts run on Node ${version24 ?? "(unknown)"}, not 24`,
  );
  node24Step.ok = false;
  finish();
}
testPass("from .node24/", env24, version24);
testPass("from .node24/, plain path", { ...env24, ASYNCIO_TS_ACCELERATE: "0" }, version24, "-plain");
finish();
