#!/usr/bin/env node
// Self-test of scripts/check-imports.mjs: runs it on small workspaces made in a temporary
// folder and checks that each rule fails where it must (a type-only cycle, an import from a
// higher layer of core, a core file in no layer) and passes on a clean tree.
//
//   node scripts/check-imports.test.mjs        (part of test:all)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const script = join(dirname(fileURLToPath(import.meta.url)), "check-imports.mjs");
let failures = 0;

function workspace(files) {
  const root = mkdtempSync(join(tmpdir(), "check-imports-"));
  const all = { "packages/core/package.json": JSON.stringify({ name: "@asyncio-ts/core" }), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(name, files, expectedStatus, expectedLines) {
  const root = workspace(files);
  try {
    const run = spawnSync(process.execPath, [script, "--root", root], { encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    const missing = expectedLines.filter((line) => !output.includes(line));
    if (run.status !== expectedStatus || missing.length > 0) {
      failures++;
      console.error(`FAIL ${name}: status ${run.status} (expected ${expectedStatus})`);
      for (const line of missing) console.error(`  missing: ${line}`);
      console.error(output.replace(/^/gm, "  | "));
    } else {
      console.log(`ok   ${name}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

check(
  "a clean core passes",
  {
    "packages/core/src/exceptions/runtime-error.ts": "export class RuntimeError extends Error {}\n",
    "packages/core/src/future.ts":
      'import { RuntimeError } from "./exceptions/runtime-error.js";\nexport { RuntimeError };\n',
  },
  0,
  ["check-imports: OK"],
);

check(
  "a cycle of type-only imports fails",
  {
    "packages/core/src/future.ts": 'import type { H } from "./handle.js";\nexport type F = H;\n',
    "packages/core/src/handle.ts": 'import type { F } from "./future.js";\nexport type H = F | 1;\n',
  },
  1,
  ["src/future.ts → src/handle.ts → src/future.ts", "packages/core/src/future.ts:1", "packages/core/src/handle.ts:1"],
);

check(
  "an import from a higher layer fails, type-only too, with file:line",
  {
    "packages/core/src/future.ts": "export class Future {}\n",
    "packages/core/src/exceptions/bad.ts":
      '// a comment line\nimport type { Future } from "../future.js";\nexport type X = Future;\n',
  },
  1,
  ["packages/core/src/exceptions/bad.ts:2: type import of future.ts (layer futures) from layer base"],
);

check("a core file in no layer fails", { "packages/core/src/stray.ts": "export const stray = 1;\n" }, 1, [
  "packages/core/src/stray.ts: belongs to no layer",
]);

check(
  "a cycle in another package's src fails too",
  {
    "packages/sync/package.json": JSON.stringify({ name: "@asyncio-ts/sync" }),
    "packages/sync/src/a.ts": 'import type { B } from "./b.js";\nexport type A = B;\n',
    "packages/sync/src/b.ts": 'import type { A } from "./a.js";\nexport type B = A | 1;\n',
  },
  1,
  ["@asyncio-ts/sync: src/a.ts → src/b.ts → src/a.ts"],
);

const real = spawnSync(process.execPath, [script, "--quiet"], { encoding: "utf8" });
if (real.status !== 0) {
  failures++;
  console.error(`FAIL the workspace itself:\n${real.stdout}${real.stderr}`);
} else {
  console.log("ok   the workspace itself passes");
}

if (failures > 0) {
  console.error(`check-imports self-test: ${failures} failed`);
  process.exit(1);
}
console.log("check-imports self-test: all passed");
