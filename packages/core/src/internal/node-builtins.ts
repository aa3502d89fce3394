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

let net: typeof NetModule | undefined;
let childProcess: typeof ChildProcessModule | undefined;
let workerThreads: typeof WorkerThreadsModule | undefined;
let dgram: typeof DgramModule | undefined;
let dns: typeof DnsModule | undefined;
let tty: typeof TtyModule | undefined;
let stream: typeof StreamModule | undefined;

/** node:net. */
export function nodeNet(): typeof NetModule {
  return (net ??= builtin("node:net") as typeof NetModule);
}

/** node:child_process. */
export function nodeChildProcess(): typeof ChildProcessModule {
  return (childProcess ??= builtin("node:child_process") as typeof ChildProcessModule);
}

/** node:worker_threads. */
export function nodeWorkerThreads(): typeof WorkerThreadsModule {
  return (workerThreads ??= builtin("node:worker_threads") as typeof WorkerThreadsModule);
}

/** node:dgram. */
export function nodeDgram(): typeof DgramModule {
  return (dgram ??= builtin("node:dgram") as typeof DgramModule);
}

/** node:dns. */
export function nodeDns(): typeof DnsModule {
  return (dns ??= builtin("node:dns") as typeof DnsModule);
}

/** node:tty. */
export function nodeTty(): typeof TtyModule {
  return (tty ??= builtin("node:tty") as typeof TtyModule);
}

/** node:stream. */
export function nodeStream(): typeof StreamModule {
  return (stream ??= builtin("node:stream") as typeof StreamModule);
}
