import { afterEach } from "vitest";
import { newEventLoop, type EventLoop } from "../src/index.js";

const openLoops: EventLoop[] = [];

/** A fresh loop, closed after the test. */
export function newLoop(): EventLoop {
  const loop = newEventLoop();
  openLoops.push(loop);
  return loop;
}

afterEach(() => {
  for (const loop of openLoops.splice(0)) if (!loop.isRunning()) loop.close();
});

/** Runs the loop briefly, as CPython's test_utils.run_briefly: a task that does nothing, to completion. */
export async function runBriefly(loop: EventLoop): Promise<void> {
  await loop.runUntilComplete(async () => {});
}

/** Collects what the loop's exception handler receives. */
export function captureExceptions(loop: EventLoop): Array<{ message: string; exception?: unknown }> {
  const seen: Array<{ message: string; exception?: unknown }> = [];
  loop.setExceptionHandler((_loop, context) => seen.push(context));
  return seen;
}

/** What awaiting `promise` gives: its value, or the error it throws. */
export async function outcome(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}
