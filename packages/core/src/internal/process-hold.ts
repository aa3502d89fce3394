// What keeps the process alive while `run()`/`Runner.run()` waits for main, and what an
// uncaught KeyboardInterrupt does to the process.
import type { EventLoop } from "../event-loop.js";
import { KeyboardInterrupt } from "../exceptions/keyboard-interrupt.js";
import type { Task } from "../task.js";
import { isTaskOfAnyCopy } from "./any-copy.js";
import { describeWaiter, waitChain } from "./call-graph-walk.js";

/**
 * In debug mode, a loop idle (nothing ready, no timer scheduled) this many times its
 * `slowCallbackDuration` while main is pending is reported: either main waits for something
 * from outside (a signal, a connection), or nothing will ever wake it.
 */
const IDLE_REPORT_FACTOR = 10;

/** Node's longest timer (2^31 - 1 ms): the hold's timer fires only to re-arm itself. */
const LONGEST_NODE_TIMER_MILLISECONDS = 2 ** 31 - 1;

/**
 * Keeps Node's event loop alive until the returned function is called, as Python's
 * `run_until_complete` blocks until main is done: the loop's own Node timer is armed only
 * while a callback is due, so a main waiting for a signal or a foreign event would otherwise
 * let Node exit (a top-level `await run(...)` then ends with status 13 and skips `finally`).
 * A ref'd interval is Node's documented way of holding the loop; clearing it lets a program
 * whose main ended exit at once. In debug mode the same interval checks for a loop idle with
 * main pending and reports what main awaits.
 */
export function holdProcess(loop: EventLoop, main: Task<unknown> | undefined): () => void {
  const debug = loop.getDebug();
  let reportedIdleSince = -1;
  const period = debug
    ? Math.max(1, Math.ceil(loop.slowCallbackDuration * IDLE_REPORT_FACTOR * 1000) / 2)
    : LONGEST_NODE_TIMER_MILLISECONDS;
  const interval = setInterval(() => {
    if (!debug || main === undefined || main.done() || !loop.getDebug()) return;
    const idleSince = loop._idleSince;
    if (idleSince < 0 || idleSince === reportedIdleSince) return;
    const idle = loop.time() - idleSince;
    if (idle < loop.slowCallbackDuration * IDLE_REPORT_FACTOR) return;
    reportedIdleSince = idleSince;
    console.warn(
      `Event loop idle for ${idle.toFixed(3)} seconds with nothing scheduled while ${main.toString()} is pending: ${describeAwaits(main)}`,
    );
  }, period);
  return () => clearInterval(interval);
}

/** What `task` awaits, down through the tasks it awaits ("awaits Event.wait() -> Future"). */
export function describeAwaits(task: Task<unknown>): string {
  const parts: string[] = [];
  const seen = new Set<Task<unknown>>();
  let current: Task<unknown> | undefined = task;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const chain = waitChain(current);
    if (chain.length === 0) {
      parts.push(current === task ? "nothing of the library's (a foreign promise?)" : `${current.toString()}`);
      break;
    }
    parts.push(chain.map(describeWaiter).join(" -> "));
    const last = chain[chain.length - 1];
    current = isTaskOfAnyCopy(last) && !last.done() ? last : undefined;
  }
  return `it awaits ${parts.join(" -> ")}`;
}

let interruptExitInstalled = false;

/**
 * Makes a `KeyboardInterrupt` that nobody catches end the process by SIGINT, as Python does
 * (shells show status 130), instead of Node's status 1 for an uncaught error. The monitor
 * event does not change Node's handling of any other error; after printing the error as Node
 * would, the process re-raises SIGINT with its default disposition.
 */
export function exitBySigintWhenUncaught(): void {
  if (interruptExitInstalled) return;
  interruptExitInstalled = true;
  process.on("uncaughtExceptionMonitor", (error) => {
    if (!KeyboardInterrupt.isInstance(error)) return;
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    process.removeAllListeners("SIGINT");
    process.kill(process.pid, "SIGINT");
  });
}
