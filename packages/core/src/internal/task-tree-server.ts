import { peekLoop } from "./abstract-event-loop.js";
import type { Server } from "node:net";
import { unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureTaskTree } from "../task-tree.js";
import { nodeNet } from "./node-builtins.js";

/** The environment variable that turns the task tree socket on (any value but "" and "0"). */
export const INTROSPECT_VARIABLE = "ASYNCIO_TS_INTROSPECT";

let server: Server | undefined;
let checked = false;

/** Where the process with id `pid` serves its task tree: a Unix socket, so local only. */
export function taskTreeSocketPath(pid: number): string {
  return join(tmpdir(), `asyncio-ts-${pid}.sock`);
}

/**
 * Called when a loop starts running: with `ASYNCIO_TS_INTROSPECT` set, opens (once per process)
 * a Unix socket that answers every connection with the running loop's task tree as JSON and
 * closes it (`asyncio-ts ps PID` / `pstree PID` read it). It does not keep the process alive.
 */
export function maybeServeTaskTree(): void {
  if (checked) return;
  checked = true;
  const value = process.env[INTROSPECT_VARIABLE];
  if (value === undefined || value === "" || value === "0" || process.platform === "win32") return;
  const path = taskTreeSocketPath(process.pid);
  try {
    unlinkSync(path);
  } catch {
    // No stale socket.
  }
  server = nodeNet().createServer((socket) => {
    let answer: string;
    try {
      const loop = peekLoop();
      answer = JSON.stringify(
        loop === undefined
          ? { pid: process.pid, time: 0, taskCount: 0, roots: [] }
          : { pid: process.pid, ...captureTaskTree(loop) },
      );
    } catch (error) {
      answer = JSON.stringify({ pid: process.pid, error: String(error) });
    }
    socket.on("error", () => {});
    socket.end(`${answer}\n`);
  });
  server.on("error", () => {});
  server.listen(path);
  server.unref();
  process.once("exit", () => {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  });
}
