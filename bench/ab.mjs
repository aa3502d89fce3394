// A/B comparison of variants of asyncio-ts on chosen workloads: every round runs each variant
// (and plain Node) once, in fresh processes, alternating, so that a machine whose speed drifts
// does not decide the comparison; prints medians and each variant's ratio to the first one.
//
//   node bench/ab.mjs --only tasks,gather [--rounds 11] [--node /path/to/node]
//        --variant accelerated --variant plain:ASYNCIO_TS_ACCELERATE=0
//        [--variant before:core=/path/to/an/other/core/dist/index.js] [--cpu]
//
// A variant is `name[:KEY=value,...]`: `impl=` runs another implementation of the workload than
// "asyncio-ts" (`impl=plain Node` with BENCH_ASYNC_LOCAL_STORAGE=1 or BENCH_RUN_FIRST=1, read in
// measure.mjs, measures what plain code pays for an enabled AsyncLocalStorage), `core=` loads @asyncio-ts/core from that file instead of
// the build in packages/core/dist (a build of another commit), `@asyncio-ts/<name>=` any other
// package of ours likewise (`@asyncio-ts/queues=/tmp/before/queues/index.js`), anything else is
// set in the environment. Figures are what bench/measure.mjs prints: milliseconds for a timed workload
// (lower is better), bytes per task for a memory one; with --cpu, the timed run's CPU time in
// milliseconds (user + system), which a busy machine disturbs less than elapsed time.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const options = { rounds: 11, only: [], node: process.execPath, variants: [], cpu: false };
const argv = process.argv.slice(2);
for (let index = 0; index < argv.length; index++) {
  const argument = argv[index];
  if (argument === "--rounds") options.rounds = Number(argv[++index]);
  else if (argument === "--only") options.only = argv[++index].split(",");
  else if (argument === "--node") options.node = argv[++index];
  else if (argument === "--variant") options.variants.push(parseVariant(argv[++index]));
  else if (argument === "--cpu") options.cpu = true;
  else if (argument !== "--") throw new Error(`unknown argument ${argument}`);
}
if (options.variants.length === 0) options.variants.push(parseVariant("default"));

function parseVariant(text) {
  const [name, settings = ""] = text.split(/:(.*)/s);
  const env = {};
  const packages = {};
  let implementation = "asyncio-ts";
  for (const setting of settings.split(",").filter(Boolean)) {
    const [key, value] = setting.split(/=(.*)/s);
    if (key === "impl") implementation = value;
    else if (key === "core") packages["@asyncio-ts/core"] = value;
    else if (key.startsWith("@asyncio-ts/")) packages[key] = value;
    else env[key] = value;
  }
  return { name, env, packages, implementation };
}

/** Node flags that make each package named in `packages` resolve to its file, for every importer. */
function packageRedirect(packages = {}) {
  if (Object.keys(packages).length === 0) return [];
  const urls = Object.fromEntries(Object.entries(packages).map(([name, file]) => [name, pathToFileURL(file).href]));
  const hooks = `const urls = ${JSON.stringify(urls)};
  export async function resolve(specifier, context, next) {
    if (Object.hasOwn(urls, specifier)) return { url: urls[specifier], shortCircuit: true };
    return next(specifier, context);
  }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return ["--import", `data:text/javascript,${encodeURIComponent(register)}`];
}

function measure(workload, implementation, variant) {
  const output = execFileSync(
    options.node,
    ["--expose-gc", ...packageRedirect(variant?.packages), join(here, "measure.mjs"), workload, implementation],
    { encoding: "utf8", cwd: here, env: { ...process.env, ...(variant?.env ?? {}) } },
  );
  const result = JSON.parse(output.trim().split("\n").pop());
  return options.cpu && result.cpu !== undefined && workload !== "pending-memory" ? result.cpu : result.value;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const nodeVersion = execFileSync(options.node, ["--version"], { encoding: "utf8" }).trim();
console.log(
  `Node ${nodeVersion}, ${options.rounds} rounds, variants: ${options.variants.map((v) => v.name).join(", ")}`,
);
for (const workload of options.only) {
  const samples = new Map([...options.variants.map((variant) => [variant.name, []]), ["plain Node", []]]);
  for (let round = 0; round < options.rounds; round++) {
    for (const variant of options.variants)
      samples.get(variant.name).push(measure(workload, variant.implementation, variant));
    samples.get("plain Node").push(measure(workload, "plain Node", undefined));
  }
  const first = median(samples.get(options.variants[0].name));
  const plain = median(samples.get("plain Node"));
  for (const [name, values] of samples) {
    const value = median(values);
    console.log(
      `${workload.padEnd(15)} ${name.padEnd(14)} median ${value.toFixed(1).padStart(9)}   vs ${options.variants[0].name}: ${(value / first).toFixed(2)}x   vs plain Node: ${(value / plain).toFixed(2)}x`,
    );
  }
}
