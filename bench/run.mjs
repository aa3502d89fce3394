// Runs every workload for every implementation, alternating them round by round in fresh
// processes, so that a machine whose speed drifts does not decide a comparison. Prints a
// table, writes JSON lines to results/node-<major>.jsonl, and regenerates docs/benchmarks.md
// with its chart docs/benchmarks.svg (bench/chart.mjs).
//
//   node bench/run.mjs [--rounds 5] [--only tasks,timers] [--no-python] [--node /path/to/node]
//                      [--no-docs] [--render-only]
//
// Results of each Node version are kept in results/node-<major>.jsonl; the docs page shows
// every version measured, so run it once per Node (`pnpm bench` and `pnpm bench:node24`).
// --render-only measures nothing: it regenerates the docs page and chart from those files.
// --only measures the workloads named and replaces just their rows in those files.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart.mjs";
import { formatFigure } from "./format-figure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseArguments(process.argv.slice(2));
const measuring = !options.renderOnly;
const nodeBinary = options.node ?? process.execPath;
const nodeVersion = measuring ? execFileSync(nodeBinary, ["--version"], { encoding: "utf8" }).trim() : undefined;
const pythonVersion = measuring && options.python ? probePython() : undefined;
// uvloop, where Debian's python3-uvloop (for the system python3) is installed.
const uvloopPython = measuring && options.python ? probeUvloop() : undefined;
if (measuring && options.python && pythonVersion === undefined)
  console.log("note: no python3 found: CPython and uvloop are left out");
else if (measuring && options.python && uvloopPython === undefined) {
  console.log("note: uvloop is not installed, so it is left out (on Debian: apt-get install python3-uvloop)");
}

if (measuring) await runBenchmarks();
if (options.writeDocs) writeDocs(readAllResults());

// Measures every workload and writes this Node version's results file.
async function runBenchmarks() {
  const workloadNames = readdirSync(join(here, "workloads"))
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => file.slice(0, -".mjs".length))
    .filter((name) => options.only === undefined || options.only.includes(name));

  const results = [];
  for (const name of workloadNames) {
    const workload = await import(join(here, "workloads", `${name}.mjs`));
    const implementations = Object.keys(workload.implementations);
    const samples = new Map(implementations.map((implementation) => [implementation, []]));
    if (pythonVersion !== undefined && workload.python) samples.set("CPython asyncio", []);
    // A workload may leave uvloop out (`export const uvloop = false`) when its Python needs more.
    if (uvloopPython !== undefined && workload.python && workload.uvloop !== false) samples.set("uvloop", []);
    for (let round = 0; round < options.rounds; round++) {
      for (const implementation of samples.keys()) {
        samples.get(implementation).push(measure(name, workload, implementation));
      }
    }
    for (const [implementation, values] of samples) {
      const median = medianOf(values);
      const memory = workload.measures === "memory";
      results.push({
        workload: name,
        description: workload.description,
        implementation,
        unit: workload.unit,
        // Throughput for timings (higher is better); bytes for memory (lower is better).
        value: memory ? median : workload.count / (median / 1000),
        medianMilliseconds: memory ? undefined : median,
        samples: values,
      });
    }
    printWorkload(results.filter((result) => result.workload === name));
  }

  const machine = {
    date: new Date().toISOString(),
    node: nodeVersion,
    python: pythonVersion,
    uvloop: uvloopPython?.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    rounds: options.rounds,
  };
  mkdirSync(join(here, "results"), { recursive: true });
  const resultFile = join(here, "results", `node-${nodeVersion.slice(1).split(".")[0]}.jsonl`);
  const lines = results.map((result) => JSON.stringify({ ...machine, ...result }));
  // With --only, the other workloads' rows of the last run stay: the file is always a whole run.
  const kept =
    options.only === undefined || !existsSync(resultFile)
      ? []
      : readFileSync(resultFile, "utf8")
          .split("\n")
          .filter((line) => line !== "" && !options.only.includes(JSON.parse(line).workload));
  writeFileSync(resultFile, `${[...kept, ...lines].join("\n")}\n`);
}

function writeDocs(runs) {
  const docs = join(here, "..", "docs");
  writeFileSync(join(docs, "benchmarks.md"), renderMarkdown(runs));
  writeFileSync(join(docs, "benchmarks.svg"), renderChart(runs));
}

function readAllResults() {
  return readdirSync(join(here, "results"))
    .filter((file) => /^node-\d+\.jsonl$/.test(file))
    .sort()
    .map((file) =>
      readFileSync(join(here, "results", file), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    );
}

function measure(name, workload, implementation) {
  const nodeFlags = ["--expose-gc"];
  const python = implementation === "CPython asyncio" || implementation === "uvloop";
  const output =
    implementation === "CPython asyncio"
      ? execFileSync("python3", [join(here, "python", workload.python)], { encoding: "utf8" })
      : implementation === "uvloop"
        ? execFileSync(uvloopPython.binary, [join(here, "python", workload.python)], {
            encoding: "utf8",
            env: { ...process.env, ASYNCIO_TS_BENCH_UVLOOP: "1" },
          })
        : execFileSync(nodeBinary, [...nodeFlags, join(here, "measure.mjs"), name, implementation], {
            encoding: "utf8",
            cwd: here,
          });
  const line = output.trim().split("\n").pop();
  return python ? Number(line) : JSON.parse(line).value;
}

function medianOf(values) {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function ratioToPlain(result, all) {
  const plain = all.find((other) => other.workload === result.workload && other.implementation === "plain Node");
  if (plain === undefined || plain === result) return "1.00";
  return result.unit === "bytes/task"
    ? (result.value / plain.value).toFixed(2)
    : (plain.value / result.value).toFixed(2);
}

function printWorkload(rows) {
  console.log(`\n${rows[0].description}`);
  for (const row of rows)
    console.log(
      `  ${row.implementation.padEnd(16)} ${formatFigure(row).padStart(20)}   cost vs plain Node: ${ratioToPlain(row, rows)}x`,
    );
}

function renderMarkdown(runs) {
  const lines = [
    "# Benchmarks",
    "",
    "Generated by `pnpm bench` and `pnpm bench:node24` (bench/run.mjs); do not edit by hand. Each",
    "workload runs every implementation in a fresh process, alternating them round by round, and",
    'reports the median. "Cost vs plain Node" is how many times more time (or memory) the',
    "implementation takes than plain Node doing the same work the way a user would write it without",
    "asyncio-ts (lower is better). What each workload does, and why the figures are what they are:",
    "[benchmark-notes.md](benchmark-notes.md). `node bench/run.mjs --render-only` regenerates this",
    "page and its chart from bench/results/ without measuring.",
    "",
    "![Throughput relative to plain Node](benchmarks.svg)",
  ];
  for (const rows of runs) {
    const machine = rows[0];
    lines.push(
      "",
      `## Node ${machine.node}`,
      "",
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ` +
        (machine.python ? `CPython asyncio on ${machine.python}; ` : "") +
        (machine.uvloop ? `uvloop on ${machine.uvloop}; ` : "") +
        `${machine.rounds} rounds; ${machine.date.slice(0, 10)}.`,
      "",
      "| workload | implementation | median | cost vs plain Node |",
      "|---|---|---|---|",
    );
    for (const row of rows)
      lines.push(`| ${row.description} | ${row.implementation} | ${formatFigure(row)} | ${ratioToPlain(row, rows)}x |`);
  }
  lines.push("");
  return lines.join("\n");
}

function probePython() {
  try {
    return execFileSync("python3", ["-c", "import sys; print('Python', sys.version.split()[0])"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return undefined;
  }
}

function probeUvloop() {
  for (const binary of ["/usr/bin/python3", "python3"]) {
    try {
      const version = execFileSync(
        binary,
        ["-c", "import sys, uvloop; print('Python', sys.version.split()[0], '+ uvloop', uvloop.__version__)"],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        },
      ).trim();
      return { binary, version };
    } catch {
      // not there: try the next interpreter
    }
  }
  return undefined;
}

function parseArguments(argv) {
  const parsed = { rounds: 5, only: undefined, python: true, writeDocs: true, node: undefined, renderOnly: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--rounds") parsed.rounds = Number(argv[++index]);
    else if (argument === "--only") parsed.only = argv[++index].split(",");
    else if (argument === "--no-python") parsed.python = false;
    else if (argument === "--no-docs") parsed.writeDocs = false;
    else if (argument === "--node") parsed.node = argv[++index];
    else if (argument === "--render-only") parsed.renderOnly = true;
    // `pnpm bench -- --rounds 7` hands the separator on.
    else if (argument === "--") continue;
    else throw new Error(`unknown argument ${argument}`);
  }
  return parsed;
}
