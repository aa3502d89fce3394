// Regenerates docs/benchmarks.md and its chart docs/benchmarks.svg (bench/chart.mjs) from one
// run: every workload, every implementation (asyncio-ts and plain Node on each Node version
// asked for, CPython asyncio and uvloop), each sample in a fresh process, alternating them
// round by round, so that a machine whose speed drifts does not decide a comparison.
//
// In one command, from the repository root (builds first; Node of the PATH and Node 24):
//
//   pnpm bench
//
//   node bench/run.mjs [--rounds 5] [--only tasks,timers] [--node /path/to/node]... [--node24]
//                      [--python /path/to/python3] [--no-python] [--no-docs] [--render-only]
//
// --node may be given more than once; without it, the Node running this script is measured.
// --node24 adds Node 24 (installed into .node24/ by scripts/node24.mjs if need be). The results
// of each Node version go to results/node-<major>.jsonl, with the Python rows of the same run.
// --render-only measures nothing: it regenerates the docs page and chart from those files.
// --only measures the workloads named and replaces just their rows in those files.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pythonLabel, renderChart } from "./chart.mjs";
import { compactFigure, formatFigure, formatRatio } from "./format-figure.mjs";
import { workloadDetails, workloadOrder } from "./workload-details.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pythonImplementations = ["CPython asyncio", "uvloop"];
const options = parseArguments(process.argv.slice(2));
if (options.help) {
  console.log(
    readFileSync(fileURLToPath(import.meta.url), "utf8")
      .split("\nimport ")[0]
      .replace(/^\/\/ ?/gm, ""),
  );
  process.exit(0);
}
const measuring = !options.renderOnly;
const nodeBinaries = measuring ? nodeBinariesOf(options) : [];
// The newest CPython on the machine is the asyncio baseline; uvloop runs on whichever CPython
// has it installed (Debian's python3-uvloop is for the system python3), which may be older.
const cpython = measuring && options.python ? probePython(options.pythonBinary) : undefined;
const pythonVersion = cpython?.version;
const uvloopPython = measuring && options.python ? probeUvloop() : undefined;
if (measuring && options.python && pythonVersion === undefined)
  console.log("note: no python3 found: CPython and uvloop are left out");
else if (measuring && options.python && uvloopPython === undefined) {
  console.log("note: uvloop is not installed, so it is left out (on Debian: apt-get install python3-uvloop)");
}

if (measuring) await runBenchmarks();
if (options.writeDocs) writeDocs(readAllResults());

function nodeBinariesOf({ nodes, node24 }) {
  const binaries = nodes.length > 0 ? [...nodes] : [process.execPath];
  if (node24) {
    const folder = execFileSync(process.execPath, [join(here, "..", "scripts", "node24.mjs")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    binaries.push(join(folder, "node"));
  }
  const byMajor = new Map();
  for (const binary of binaries) {
    const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
    const major = version.slice(1).split(".")[0];
    if (!byMajor.has(major)) byMajor.set(major, { binary, version, major });
  }
  return [...byMajor.values()];
}

// Measures every workload and writes one results file per Node version.
async function runBenchmarks() {
  const workloadNames = readdirSync(join(here, "workloads"))
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => file.slice(0, -".mjs".length))
    .filter((name) => options.only === undefined || options.only.includes(name));

  // Rows per Node major; the Python rows go into every one of them.
  const results = new Map(nodeBinaries.map((node) => [node.major, []]));
  const pythonResults = [];
  // The machine may be shared: the one-minute load average, sampled at every round, goes on
  // the page so that a reader can judge how quiet the run was.
  const loadSamples = [];
  const started = new Date();
  // Written after every workload, so that a run cut short keeps what it measured (the rows of
  // workloads not yet measured stay as they were, each with its own date).
  const writeResults = (measuredNames) => {
    const common = {
      date: new Date().toISOString(),
      minutes: Math.round((Date.now() - started.getTime()) / 60_000),
      load: {
        median: Number(medianOf(loadSamples).toFixed(2)),
        lowest: Number(Math.min(...loadSamples).toFixed(2)),
        highest: Number(Math.max(...loadSamples).toFixed(2)),
      },
      nodes: nodeBinaries.map((node) => node.version),
      python: pythonVersion,
      uvloop: uvloopPython?.version,
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      rounds: options.rounds,
    };
    mkdirSync(join(here, "results"), { recursive: true });
    for (const node of nodeBinaries) {
      const resultFile = join(here, "results", `node-${node.major}.jsonl`);
      const machine = { ...common, node: node.version };
      const lines = [...results.get(node.major), ...pythonResults].map((result) =>
        JSON.stringify({ ...machine, ...result }),
      );
      // The other workloads' rows of the last run stay (with --only, or while measuring).
      const kept = !existsSync(resultFile)
        ? []
        : readFileSync(resultFile, "utf8")
            .split("\n")
            .filter((line) => line !== "" && !measuredNames.includes(JSON.parse(line).workload));
      writeFileSync(resultFile, `${[...kept, ...lines].join("\n")}\n`);
    }
  };
  const measuredNames = [];
  for (const name of workloadNames) {
    const workload = await import(join(here, "workloads", `${name}.mjs`));
    // Every sample of every implementation on every Node, and Python's, alternate in each round.
    const contenders = [];
    for (const node of nodeBinaries)
      for (const implementation of Object.keys(workload.implementations))
        contenders.push({ implementation, node, values: [] });
    if (pythonVersion !== undefined && workload.python)
      contenders.push({ implementation: "CPython asyncio", values: [] });
    // A workload may leave uvloop out (`export const uvloop = false`) when its Python needs more.
    if (uvloopPython !== undefined && workload.python && workload.uvloop !== false)
      contenders.push({ implementation: "uvloop", values: [] });
    for (let round = 0; round < options.rounds; round++) {
      loadSamples.push(loadavg()[0]);
      for (const contender of contenders)
        contender.values.push(measure(name, workload, contender.implementation, contender.node));
    }
    for (const { implementation, node, values } of contenders) {
      const median = medianOf(values);
      const memory = workload.measures === "memory";
      const row = {
        workload: name,
        description: workload.description,
        implementation,
        unit: workload.unit,
        // Throughput for timings (higher is better); bytes for memory (lower is better).
        value: memory ? median : workload.count / (median / 1000),
        medianMilliseconds: memory ? undefined : median,
        samples: values,
      };
      (node === undefined ? pythonResults : results.get(node.major)).push(row);
    }
    for (const node of nodeBinaries) {
      console.log(`\n${workload.description}, Node ${node.major}`);
      printWorkload([...results.get(node.major), ...pythonResults].filter((row) => row.workload === name));
    }
    measuredNames.push(name);
    writeResults(measuredNames);
  }
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

function measure(name, workload, implementation, node) {
  const python = implementation === "CPython asyncio" || implementation === "uvloop";
  const output =
    implementation === "CPython asyncio"
      ? execFileSync(cpython.binary, [join(here, "python", workload.python)], { encoding: "utf8" })
      : implementation === "uvloop"
        ? execFileSync(uvloopPython.binary, [join(here, "python", workload.python)], {
            encoding: "utf8",
            env: { ...process.env, ASYNCIO_TS_BENCH_UVLOOP: "1" },
          })
        : execFileSync(node.binary, ["--expose-gc", join(here, "measure.mjs"), name, implementation], {
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

// Throughput relative to plain Node in the same run (higher is better); undefined for memory.
function throughputRatio(row, rows) {
  if (row.unit === "bytes/task") return undefined;
  const plain = rows.find((other) => other.workload === row.workload && other.implementation === "plain Node");
  return plain === undefined ? undefined : row.value / plain.value;
}

function printWorkload(rows) {
  for (const row of rows) {
    const ratio = throughputRatio(row, rows);
    console.log(
      `  ${row.implementation.padEnd(16)} ${formatFigure(row).padStart(20)}` +
        (ratio === undefined ? "" : `   ${formatRatio(ratio)} plain Node's throughput`),
    );
  }
}

function renderMarkdown(unsortedRuns) {
  const runs = unsortedRuns
    .filter((rows) => rows.length > 0)
    .sort((left, right) => majorOf(left[0].node) - majorOf(right[0].node));
  const newest = runs.at(-1);
  const isMemory = (row) => row.unit === "bytes/task";
  const workloadsOf = (memory) => {
    const seen = new Map();
    for (const rows of runs) for (const row of rows) if (isMemory(row) === memory) seen.set(row.workload, row);
    return [...seen.values()].sort(
      (left, right) =>
        workloadOrder(left.workload) - workloadOrder(right.workload) || (left.workload < right.workload ? -1 : 1),
    );
  };
  const timed = workloadsOf(false);
  const memory = workloadsOf(true);
  const find = (rows, workload, implementation) =>
    rows.find((row) => row.workload === workload && row.implementation === implementation);
  const python = (implementation) => newest.find((row) => row.implementation === implementation);
  const pythonColumns = pythonImplementations.filter((implementation) => python(implementation) !== undefined);
  const pythonHeader = (implementation) => pythonLabel(python(implementation));
  const cell = (text) => text.replace(/\|/g, "\\|");

  const lines = [
    "# Benchmarks",
    "",
    "asyncio-ts against the same work written with plain Node promises, against CPython's asyncio",
    "and against uvloop. Generated by `pnpm bench` (bench/run.mjs, which measures on the Node of the",
    "PATH and on Node 24, then writes this page and its chart); do not edit by hand.",
    "",
    "**How to read it.** Time figures are **throughput relative to plain Node, higher is better**:",
    "an implementation's operations per second divided by plain Node's in the same run. 1.00× is",
    "plain Node's speed, 0.50× half of it, 2.00× twice. Memory figures are **heap bytes per blocked",
    "task, lower is better**. Plain Node is the same work the way a Node user writes it without",
    "asyncio-ts: async functions, `setImmediate`, `Promise.all`, node:net, node:child_process, and a",
    "hand-written promise queue, mutex, semaphore, event and condition (bench/plain/).",
    "",
    "![Throughput relative to plain Node and memory per blocked task, per workload](benchmarks.svg)",
    "",
    "## The run",
    "",
  ];
  const [first] = newest;
  const distinct = (values) => [...new Set(values.filter((value) => value !== undefined))];
  lines.push(
    `- Machine: ${distinct(runs.map(([row]) => `${row.cpu}, ${row.cores} cores, ${row.memoryGiB} GiB`)).join("; ")}.`,
  );
  for (const rows of runs) {
    const [row] = rows;
    lines.push(
      `- Node ${row.node}: ${row.date.slice(0, 10)}, medians of ${row.rounds} rounds` +
        (row.minutes !== undefined ? `, ${row.minutes} minutes` : "") +
        (row.nodes?.length > 1
          ? ` (in one run with ${row.nodes.filter((node) => node !== row.node).join(", ")})`
          : "") +
        ".",
    );
  }
  if (first.python)
    lines.push(`- CPython asyncio: ${first.python}, the newest CPython on the machine${first.uvloop ? "" : "."}`);
  if (first.uvloop)
    lines[lines.length - 1] += `; uvloop: ${first.uvloop} (the CPython that has uvloop installed here).`;
  const loads = distinct(runs.map(([row]) => row.load && JSON.stringify(row.load))).map((load) => JSON.parse(load));
  if (loads.length > 0) {
    const median = loads.map((load) => load.median).join(" and ");
    const lowest = Math.min(...loads.map((load) => load.lowest));
    const highest = Math.max(...loads.map((load) => load.highest));
    // The benchmark itself keeps about one core busy; a load above the core count means other work.
    const busy = Math.max(...loads.map((load) => load.median)) > first.cores;
    lines.push(
      `- Load: the one-minute load average, read at every round, had a median of ${median}`,
      `  (${lowest} to ${highest}) on ${first.cores} cores: ${
        busy
          ? "the machine was shared with other work, so absolute figures are lower and noisier than on a quiet machine."
          : "the machine was otherwise quiet."
      }`,
      "  Each round runs every implementation once, one after the other, in fresh processes: the",
      "  ratios inside one run are what to compare, not the figures across runs.",
    );
  }
  // How far apart one implementation's samples of one timed workload were: the honest error bar.
  const spreads = runs
    .flat()
    .filter((row) => !isMemory(row) && row.samples?.length > 1)
    .map((row) => Math.max(...row.samples) / Math.min(...row.samples))
    .sort((left, right) => left - right);
  lines.push(
    "- Each figure is the median of the rounds. A JavaScript implementation runs the workload once",
    "  to warm up the JIT and times a second run; raw samples are in bench/results/." +
      (spreads.length > 0
        ? ` The slowest and the fastest sample of one implementation of one timed workload were`
        : ""),
  );
  if (spreads.length > 0)
    lines.push(
      `  ${spreads[spreads.length >> 1].toFixed(1)}× apart in the typical case (median) and up to ` +
        `${spreads.at(-1).toFixed(1)}× apart: read a ratio as a rough figure${spreads[spreads.length >> 1] > 1.3 ? ", not a measurement to the percent" : ""}.`,
    );

  if (timed.length > 0) {
    lines.push("", "## Throughput relative to plain Node (higher is better)");
    for (const rows of runs) {
      const [row] = rows;
      lines.push(
        "",
        `### Node ${row.node}`,
        "",
        "Each cell: throughput ÷ plain Node's in the same run, then the median figure.",
        "",
        `| workload (unit) | plain Node | asyncio-ts | ${pythonColumns.map(pythonHeader).join(" | ")} |`,
        `|---|---|---|${pythonColumns.map(() => "---|").join("")}`,
      );
      for (const workload of timed) {
        const plain = find(rows, workload.workload, "plain Node");
        const cells = ["plain Node", "asyncio-ts", ...pythonColumns].map((implementation) => {
          const result = find(rows, workload.workload, implementation);
          if (result === undefined || plain === undefined) return "not measured";
          return `${formatRatio(result.value / plain.value)} (${compactFigure(result.value)})`;
        });
        lines.push(`| ${cell(workload.description)} (${workload.unit}) | ${cells.join(" | ")} |`);
      }
    }
  }

  if (memory.length > 0) {
    const columns = [
      ...runs.flatMap((rows) =>
        ["plain Node", "asyncio-ts"].map((implementation) => ({
          header: `${implementation}, Node ${majorOf(rows[0].node)}`,
          rows,
          implementation,
        })),
      ),
      ...pythonColumns.map((implementation) => ({
        header: pythonHeader(implementation),
        rows: newest,
        implementation,
      })),
    ];
    lines.push(
      "",
      "## Memory per blocked task (bytes, lower is better)",
      "",
      "Heap growth per task while 100,000 tasks are blocked at once, measured after a full garbage",
      "collection (Python: tracemalloc). The bare-Future row is the floor the primitives add to.",
      "",
      `| memory per | ${columns.map((column) => column.header).join(" | ")} |`,
      `|---|${columns.map(() => "---|").join("")}`,
    );
    for (const workload of memory) {
      const cells = columns.map((column) => {
        const result = find(column.rows, workload.workload, column.implementation);
        return result === undefined ? "not measured" : String(Math.round(result.value));
      });
      const name = workload.description.replace(/^memory per /, "").replace(/ \(100,000 tasks\)$/, "");
      lines.push(`| ${cell(name)} | ${cells.join(" | ")} |`);
    }
  }

  lines.push(
    "",
    "## What each workload does",
    "",
    "What each implementation runs, as a user would write it (bench/workloads/ for JavaScript,",
    "bench/python/ for Python, which runs the same file under uvloop). Why the figures are what they",
    "are, and what profiling changed: [benchmark-notes.md](benchmark-notes.md).",
    "",
  );
  for (const workload of [...timed, ...memory]) {
    const details = workloadDetails[workload.workload];
    lines.push(`- **${workload.workload}**: ${workload.description}.`);
    if (details !== undefined)
      for (const [side, text] of Object.entries(details))
        lines.push(`  - ${side === "python" ? "Python" : side}: ${text}.`);
  }
  lines.push(
    "",
    "To measure again: `pnpm bench` (add `-- --rounds 7` for more rounds, `-- --only tasks,gather` for",
    "some workloads); `node bench/run.mjs --render-only` rewrites this page and its chart from",
    "bench/results/ without measuring; `node bench/run.mjs --help` lists the options.",
    "",
  );
  return lines.join("\n");
}

function majorOf(version) {
  return Number(String(version).replace(/^v/, "").split(".")[0]);
}

// The newest CPython 3 found among python3.N on PATH, python3, and pyenv's installed versions
// (whose python3.N shims run only the version selected, so their prefixes are asked for);
// or exactly the interpreter named by --python.
function probePython(named) {
  const candidates = named !== undefined ? [named] : pythonCandidates();
  let newest;
  for (const binary of candidates) {
    try {
      const output = execFileSync(binary, ["-c", "import sys; print(*sys.version_info[:3])"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      const parts = output.trim().split(" ").map(Number);
      if (parts[0] !== 3) continue;
      if (newest === undefined || compareParts(parts, newest.parts) > 0) newest = { binary, parts };
    } catch {
      // not there, or not runnable: try the next one
    }
  }
  if (named !== undefined && newest === undefined) throw new Error(`--python ${named}: not a runnable CPython 3`);
  return newest && { binary: newest.binary, version: `Python ${newest.parts.join(".")}` };
}

function pythonCandidates() {
  const candidates = ["python3.14", "python3.13", "python3.12", "python3.11", "python3"];
  try {
    const versions = execFileSync("pyenv", ["versions", "--bare"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    for (const version of versions.split("\n").filter((line) => /^3\.\d+\.\d+$/.test(line.trim()))) {
      const prefix = execFileSync("pyenv", ["prefix", version.trim()], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      candidates.push(join(prefix, "bin", "python3"));
    }
  } catch {
    // no pyenv
  }
  return candidates;
}

function compareParts(left, right) {
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
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
  const parsed = {
    rounds: 5,
    only: undefined,
    python: true,
    pythonBinary: undefined,
    writeDocs: true,
    nodes: [],
    node24: false,
    renderOnly: false,
    help: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--rounds") parsed.rounds = Number(argv[++index]);
    else if (argument === "--only") parsed.only = argv[++index].split(",");
    else if (argument === "--no-python") parsed.python = false;
    else if (argument === "--python") parsed.pythonBinary = argv[++index];
    else if (argument === "--no-docs") parsed.writeDocs = false;
    else if (argument === "--node") parsed.nodes.push(argv[++index]);
    else if (argument === "--node24") parsed.node24 = true;
    else if (argument === "--render-only") parsed.renderOnly = true;
    else if (argument === "--help" || argument === "-h") parsed.help = true;
    // `pnpm bench -- --rounds 7` hands the separator on.
    else if (argument === "--") continue;
    else throw new Error(`unknown argument ${argument} (node bench/run.mjs --help)`);
  }
  if (!Number.isInteger(parsed.rounds) || parsed.rounds < 1)
    throw new Error(`--rounds must be a positive whole number, not ${parsed.rounds}`);
  return parsed;
}
