// Many tasks interleaving every kind of await: after each one, the task must still be the current
// task and see its own contextvars, in the plain form of an await and, where its probe passed,
// in the compact form (internal/accelerators).
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, ContextVar, currentTask, type EventLoop, type Future, type Task } from "../src/index.js";
import { setCompactAwaitThreshold } from "../src/internal/accelerators/index.js";
import { newLoop } from "./helpers.js";

const defaultThreshold = setCompactAwaitThreshold(10_000);
setCompactAwaitThreshold(defaultThreshold);
afterEach(() => {
  setCompactAwaitThreshold(defaultThreshold);
});

const TASKS = 60;
const STEPS = 12;

describe("frames across interleaved awaits of every kind", () => {
  for (const compact of [false, true]) {
    it(`keep each task current, with its own context, after every await (${compact ? "compact form from the first await, where available" : "default threshold"})`, async () => {
      if (compact) setCompactAwaitThreshold(0);
      const loop = newLoop();
      const random = seededRandom(compact ? 7 : 11);
      const identity = new ContextVar<number>("identity");
      const mismatches: string[] = [];
      const resumed: number[] = [];
      const tasks: Task<number>[] = [];

      const check = (index: number, label: string): void => {
        const task = currentTask();
        if (task !== tasks[index]) mismatches.push(`${index} after ${label}: current task ${task?.getName()}`);
        if (identity.get(-1) !== index) mismatches.push(`${index} after ${label}: identity ${identity.get(-1)}`);
      };

      for (let index = 0; index < TASKS; index++) {
        const kinds = Array.from({ length: STEPS }, () => Math.floor(random() * 9));
        identity.set(index);
        tasks.push(
          loop.createTask(async () => {
            check(index, "start");
            // The awaits are in the task's own function: there they take the compact form.
            for (const kind of kinds) {
              switch (kind) {
                case 0: {
                  // Its `then` must have found the task: the future is what a cancel would reach.
                  const future = laterFuture(loop, 2);
                  loop.callSoon(() => {
                    if (tasks[index]?._waiters !== future) mismatches.push(`${index}: not waiting on its future`);
                  });
                  await future;
                  check(index, "pending future");
                  break;
                }
                case 1: {
                  const done = loop.createFuture<number>();
                  done.setResult(1);
                  await done;
                  check(index, "done future");
                  break;
                }
                case 2:
                  await Promise.resolve(1);
                  check(index, "native promise");
                  break;
                case 3:
                  await 3;
                  check(index, "plain value");
                  break;
                case 4:
                  await { then: (resolve: (value: number) => void) => resolve(4) };
                  check(index, "thenable resolving at once");
                  break;
                case 5:
                  await { then: (resolve: (value: number) => void) => loop.callSoon(() => resolve(5)) };
                  check(index, "thenable resolving from the loop");
                  break;
                case 6:
                  await nested(loop);
                  check(index, "nested async function");
                  break;
                case 7:
                  await Promise.all([laterFuture(loop, 1), laterFuture(loop, 0)]);
                  check(index, "Promise.all over futures");
                  break;
                default:
                  await new Promise<void>((resolve) => setImmediate(resolve));
                  check(index, "foreign promise");
              }
            }
            resumed.push(index);
            return index;
          }),
        );
      }
      // One more task is cancelled while it waits, so cancellations run between the others.
      identity.set(TASKS);
      const cancelled = loop.createTask(async () => {
        await laterFuture(loop, 50);
      });
      loop.callSoon(() => cancelled.cancel());

      const results = await loop.runUntilComplete(
        loop.createTask(async () => {
          const settled: number[] = [];
          for (const task of tasks) settled.push(await task);
          return settled;
        }),
      );
      expect(mismatches).toEqual([]);
      expect(results).toEqual(tasks.map((_, index) => index));
      expect(resumed.sort((a, b) => a - b)).toEqual(results);
      await expect(loop.runUntilComplete(cancelled)).rejects.toBeInstanceOf(CancelledError);
    });
  }
});

/** A future the loop completes after `iterations` more iterations. */
function laterFuture(loop: EventLoop, iterations: number): Future<number> {
  const future = loop.createFuture<number>();
  const step = (left: number): void => {
    if (future.done()) return; // cancelled
    if (left === 0) future.setResult(iterations);
    else loop.callSoon(() => step(left - 1));
  };
  loop.callSoon(() => step(iterations));
  return future;
}

async function nested(loop: EventLoop): Promise<number> {
  await laterFuture(loop, 1);
  return await { then: (resolve: (value: number) => void) => resolve(2) };
}

/** A small deterministic generator (mulberry32), so a failure repeats. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
