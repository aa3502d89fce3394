// Node's I/O modules, loaded on first use. Core is one bundle, so a static import of node:net,
// node:child_process or node:worker_threads in any I/O file would load it (with the stream,
// DNS and worker internals behind it) in every program that imports core, though most never
// open a socket, spawn a process or start a worker.
import { createRequire } from "node:module";
import type * as ChildProcessModule from "node:child_process";
import type * as DgramModule from "node:dgram";
import type * as DnsModule from "node:dns";
import type * as NetModule from "node:net";
import type * as StreamModule from "node:stream";
import type * as TtyModule from "node:tty";
import type * as WorkerThreadsModule from "node:worker_threads";

let load: ((id: string) => unknown) | undefined;

/** Loads a built-in module synchronously: the same module object a static import gives. */
function builtin(id: string): unknown {
  if (load === undefined) {
    const getBuiltinModule = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    // Node before 20.16 has no getBuiltinModule; a require function resolves built-ins the same
    // from any base path, and the executable's path always exists.
    load = typeof getBuiltinModule === "function" ? getBuiltinModule : createRequire(process.execPath);
  }
  return load(id);
}

/** A function that loads built-in module `id` on its first call and returns it from then on. */
function lazyBuiltin<Module>(id: string): () => Module {
  let module: Module | undefined;
  return () => (module ??= builtin(id) as Module);
}

/** node:net. */
export const nodeNet = lazyBuiltin<typeof NetModule>("node:net");
/** node:child_process. */
export const nodeChildProcess = lazyBuiltin<typeof ChildProcessModule>("node:child_process");
/** node:worker_threads. */
export const nodeWorkerThreads = lazyBuiltin<typeof WorkerThreadsModule>("node:worker_threads");
/** node:dgram. */
export const nodeDgram = lazyBuiltin<typeof DgramModule>("node:dgram");
/** node:dns. */
export const nodeDns = lazyBuiltin<typeof DnsModule>("node:dns");
/** node:tty. */
export const nodeTty = lazyBuiltin<typeof TtyModule>("node:tty");
/** node:stream. */
export const nodeStream = lazyBuiltin<typeof StreamModule>("node:stream");
