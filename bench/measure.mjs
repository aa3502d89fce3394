// Runs one implementation of one workload in this (fresh) process and prints one JSON line.
import * as asyncio from "asyncio-ts";

const [workloadName, implementation] = process.argv.slice(2);
const workload = await import(`./workloads/${workloadName}.mjs`);
const run = workload.implementations[implementation];
if (run === undefined) throw new Error(`no implementation ${implementation} of ${workloadName}`);
const value = await run(asyncio);
process.stdout.write(`${JSON.stringify({ value })}\n`);
