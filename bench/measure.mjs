// Runs one implementation of one workload in this (fresh) process and prints one JSON line.
// A timed workload runs twice and reports the second run: the first warms up the JIT (for every
// implementation alike), so the figure is steady-state throughput, not compile time; a full
// garbage collection in between starts the timed run with the heap the first one found. It also
// prints the timed run's CPU time, which bench/ab.mjs can compare instead (--cpu).
import * as asyncio from "asyncio-ts";

const [workloadName, implementation] = process.argv.slice(2);
const workload = await import(`./workloads/${workloadName}.mjs`);
const run = workload.implementations[implementation];
if (run === undefined) throw new Error(`no implementation ${implementation} of ${workloadName}`);
if (workload.measures !== "memory") {
  await run(asyncio);
  globalThis.gc();
}
const cpuBefore = process.cpuUsage();
const value = await run(asyncio);
// CPU time of the timed run (user + system, ms): steadier than elapsed time on a busy machine.
const cpuUsed = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ value, cpu: (cpuUsed.user + cpuUsed.system) / 1000 })}\n`);
