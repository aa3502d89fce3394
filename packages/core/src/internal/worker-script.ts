/**
 * The script each `ThreadPoolExecutor` worker runs: an inline (`eval: true`) CommonJS script,
 * so the built package needs no extra file and a worker starts without loading any module.
 *
 * Protocol (one job at a time per worker):
 * - `workerData`: `{ initializer?: WorkerTarget, initargs: unknown[] }`.
 * - loop → worker: `{ id, target: WorkerTarget, args }`.
 * - worker → loop: `{ id, ok: true, value }` or `{ id, ok: false, error: SerializedThrown }`;
 *   `{ broken: SerializedThrown }` once, if the initializer failed (the worker then exits).
 *
 * @module
 */
import { WORKER_HELPERS_SOURCE } from "./worker-helpers.js";

/** The worker's source text (everything inside a function, so user code cannot see our names). */
export const WORKER_SCRIPT = `"use strict";
(() => {
  // A CommonJS script, unless the process runs with --input-type=module (workers inherit it).
  const { parentPort, workerData } =
    typeof require === "function" ? require("node:worker_threads") : process.getBuiltinModule("node:worker_threads");
  const { compileFunction, serializeError } = ${WORKER_HELPERS_SOURCE};
  // Helpers that tools insert into the functions they compile, so that such a function still
  // runs here: esbuild's keepNames (tsx, some bundlers) calls __name; vitest (vite-node)
  // turns import() into __vite_ssr_dynamic_import__().
  const toolHelpers = {
    __name: (target, value) => Object.defineProperty(target, "name", { value, configurable: true }),
    __vite_ssr_dynamic_import__: (specifier, options) => import(specifier, options),
  };
  for (const [name, value] of Object.entries(toolHelpers)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const loadedExports = new Map();
  async function resolve(target) {
    if (target.source !== undefined) return compileFunction(target.source);
    const key = target.export + " " + target.module;
    let fn = loadedExports.get(key);
    if (fn === undefined) {
      const namespace = await import(target.module);
      fn = namespace[target.export];
      if (typeof fn !== "function") {
        throw new TypeError("module " + JSON.stringify(target.module) + " has no function export " + JSON.stringify(target.export));
      }
      loadedExports.set(key, fn);
    }
    return fn;
  }
  async function call(target, args) {
    const fn = await resolve(target);
    return await fn(...args);
  }
  async function runJob(job) {
    let reply;
    try {
      reply = { id: job.id, ok: true, value: await call(job.target, job.args) };
    } catch (error) {
      reply = { id: job.id, ok: false, error: serializeError(error, job.target.source !== undefined) };
    }
    try {
      parentPort.postMessage(reply);
    } catch (error) {
      const message = "the result could not be sent back to the loop's thread: " + (error && error.message);
      parentPort.postMessage({
        id: job.id,
        ok: false,
        error: { kind: "error", name: (error && error.name) || "DataCloneError", message, stack: undefined, fields: {}, hasCause: false },
      });
    }
  }
  const initializer = workerData.initializer;
  const ready = initializer === undefined ? Promise.resolve() : call(initializer, workerData.initargs);
  ready.then(
    () => parentPort.on("message", runJob),
    (error) => {
      parentPort.postMessage({ broken: serializeError(error, initializer.source !== undefined) });
      parentPort.close();
    },
  );
})();
`;
