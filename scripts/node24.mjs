#!/usr/bin/env node
// Makes sure a Node 24 binary is in .node24/ (gitignored) and prints the folder that holds it,
// so that `PATH="$(node scripts/node24.mjs):$PATH"` runs things on Node 24.
//
//   node scripts/node24.mjs            prints the bin folder (installs first if needed)
//   node scripts/node24.mjs --version  prints the Node 24 version instead
//
// How: `npm install node@24` into .node24/ (the `node` package's preinstall
// fetches `node-<platform>-<arch>` from the npm registry and links it to node_modules/.bin/node).
// If that binary is not there afterwards (say, a future npm that refuses install scripts by
// default), the platform package `node-<platform>-<arch>@24` is installed directly: it ships
// bin/node and needs no script. An existing Node 24 in .node24/ is reused: no download.
// Plain Node, no dependencies. Messages go to stderr; stdout has only the answer.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { npmInstallInto } from "./npm-install-into.mjs";

const MAJOR = 24;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const prefix = join(root, ".node24");
const platformPackage = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
const candidates = [
  join(prefix, "node_modules", ".bin"),
  join(prefix, "node_modules", "node", "bin"),
  join(prefix, "node_modules", platformPackage, "bin"),
  join(prefix, "node_modules", "node", "node_modules", platformPackage, "bin"),
];

function versionOf(binDirectory) {
  const binary = join(binDirectory, process.platform === "win32" ? "node.exe" : "node");
  if (!existsSync(binary)) return undefined;
  const result = spawnSync(binary, ["--version"], { encoding: "utf8" });
  const version = result.status === 0 ? result.stdout.trim() : undefined;
  return version?.startsWith(`v${MAJOR}.`) ? version : undefined;
}

function find() {
  for (const binDirectory of candidates) {
    const version = versionOf(binDirectory);
    if (version !== undefined) return { binDirectory, version };
  }
  return undefined;
}

function npmInstall(spec) {
  npmInstallInto(prefix, spec, "node24");
}

let found = find();
if (found === undefined) {
  npmInstall(`node@${MAJOR}`);
  found = find();
}
if (found === undefined) {
  npmInstall(`${platformPackage}@${MAJOR}`);
  found = find();
}
if (found === undefined) {
  console.error(`node24: could not get a Node ${MAJOR} binary into ${prefix}`);
  process.exit(1);
}
console.log(process.argv.includes("--version") ? found.version : found.binDirectory);
