/**
 * @asyncio-ts/subprocess: Python's `asyncio.create_subprocess_exec`,
 * `asyncio.create_subprocess_shell` and `asyncio.subprocess.Process`, with `PIPE`, `STDOUT`
 * and `DEVNULL` (the same values as in `@asyncio-ts/core`, whose `loop.subprocessExec` and
 * `loop.subprocessShell` this package builds on).
 *
 * @packageDocumentation
 */
export { createSubprocessExec } from "./create-subprocess-exec.js";
export type { CreateSubprocessOptions } from "./create-subprocess-options.js";
export { createSubprocessShell } from "./create-subprocess-shell.js";
export { Process } from "./process.js";
export { PIPE, STDOUT, DEVNULL } from "@asyncio-ts/core";
