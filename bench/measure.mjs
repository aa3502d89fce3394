// Runs one implementation of one workload in this (fresh) process and prints one JSON line.
// A timed workload runs twice and reports the second run: the first warms up the JIT (for every
// implementation alike), so the figure is steady-state throughput, not compile time; a full
// garbage collection in between starts the timed run with the heap the first one found. It also
// prints the timed run's CPU time, which bench/ab.mjs can compare instead (--cpu).
//
// Two settings in the environment measure what a process pays beside the workload itself:
// BENCH_RUN_FIRST=1 ends one `asyncio.run` before the workload (what plain code pays after
// asyncio-ts has run in its process), BENCH_ASYNC_LOCAL_STORAGE=1 enters a store of a fresh
// AsyncLocalStorage first (on async_hooks, as on Node 20, every promise then pays the hooks).
import { AsyncLocalStorage } from "node:async_hooks";
import * as asyncio from "asyncio-ts";

const [workloadName, implementation] = process.argv.slice(2);
const workload = await import(`./workloads/${workloadName}.mjs`);
const run = workload.implementations[implementation];
if (run === undefined) throw new Error(`no implementation ${implementation} of ${workloadName}`);
if (process.env.BENCH_RUN_FIRST === "1") await asyncio.run(() => asyncio.sleep(0));
if (process.env.BENCH_ASYNC_LOCAL_STORAGE === "1") new AsyncLocalStorage().enterWith({ bench: true });
if (workload.measures !== "memory") {
  await run(asyncio);
  globalThis.gc();
}
const cpuBefore = process.cpuUsage();
const value = await run(asyncio);
// CPU time of the timed run (user + system, ms): steadier than elapsed time on a busy machine.
const cpuUsed = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ value, cpu: (cpuUsed.user + cpuUsed.system) / 1000 })}\n`);
