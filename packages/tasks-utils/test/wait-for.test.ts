import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  currentTask,
  getRunningLoop,
  isCancelledError,
  sleep,
  TimeoutError,
  ValueError,
} from "@asyncio-ts/core";
import { shield, wait, waitFor } from "../src/index.js";
import { caught, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

const EPSILON = 0.0001;

/** Runs for `duration` seconds of loop time, ignoring cancel requests (CPython's SlowTask). */
function slowTask(duration = 0.05): { exited: boolean; run: () => Promise<void> } {
  const state = {
    exited: false,
    run: async (): Promise<void> => {
      const loop = getRunningLoop();
      const exitAt = loop.time() + duration;
      for (;;) {
        const toSleep = exitAt - loop.time();
        if (toSleep <= 0) break;
        try {
          await sleep(toSleep);
        } catch {
          // ignores the cancel
        }
      }
      state.exited = true;
    },
  };
  return state;
}

describe("waitFor", () => {
  it("returns the result in time", async () => {
    await runVirtual(async () => {
      expect(await waitFor(() => sleep(0.001, "done"), 1)).toBe("done");
      expect(await waitFor(sleep(0.001, 7), 1)).toBe(7);
      expect(await waitFor(Promise.resolve("foreign"), 1)).toBe("foreign");
    });
  });

  it("cancels a task on expiry, waits for it, then throws TimeoutError", async () => {
    await runVirtual(async () => {
      let running: boolean | undefined;
      const task = createTask(async () => {
        running = true;
        try {
          await sleep(60);
        } finally {
          running = false;
        }
        return "done";
      });
      const error = await caught(() => waitFor(task, 0.01));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(task.done()).toBe(true);
      expect(task.cancelled()).toBe(true);
      expect(running).toBe(false);
    });
  });

  it("waits for the cancelled task to finish before throwing, chained to its CancelledError", async () => {
    await runVirtual(async () => {
      let taskDone = false;
      const inner = createTask(async () => {
        try {
          await sleep(10);
        } catch (error) {
          await sleep(EPSILON);
          throw error;
        } finally {
          taskDone = true;
        }
      });
      const error = await caught(() => waitFor(inner, EPSILON));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(taskDone).toBe(true);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
    });
  });

  it("lets a coroutine that ignores cancellation run to its end (no TimeoutError: nothing was cancelled)", async () => {
    await runVirtual(async () => {
      const slow = slowTask();
      expect(await waitFor(slow.run, 0.01)).toBeUndefined();
      expect(slow.exited).toBe(true);
    });
  });

  it("returns the value of a coroutine that swallows the cancellation (GH-86296)", async () => {
    await runVirtual(async () => {
      const result = await waitFor(async () => {
        try {
          await sleep(10);
        } catch {
          return 42;
        }
        return 0;
      }, 0.01);
      expect(result).toBe(42);
    });
  });

  it("returns the result when the cancel races with the end (it throws CancelledError inside)", async () => {
    await runVirtual(async () => {
      const result = await waitFor(async () => {
        const error = await caught(() => sleep(1));
        expect(error).toBeInstanceOf(CancelledError);
        return 1;
      }, 0.01);
      expect(result).toBe(1);
    });
  });

  it("re-throws an error raised by the task while it is cancelled", async () => {
    await runVirtual(async () => {
      class FooError extends Error {}
      const inner = createTask(async () => {
        try {
          await sleep(0.2);
        } finally {
          throw new FooError();
        }
      });
      expect(await caught(() => waitFor(inner, EPSILON))).toBeInstanceOf(FooError);
    });
  });

  it("runs a coroutine function inline in the calling task", async () => {
    await runVirtual(async () => {
      const main = currentTask();
      // (wrapped: a Task returned from an async function would be unwrapped)
      expect((await waitFor(async () => ({ task: currentTask() }), 1)).task).toBe(main);
    });
  });

  it("gets the result of a future set in the next iteration", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const fut = pending<string>();
      const waiting = waitFor(fut, 0.2);
      loop.callSoon(() => fut.setResult("ok"));
      expect(await waiting).toBe("ok");
    });
  });

  it("waits forever with null", async () => {
    await runVirtual(async () => {
      expect(await waitFor(async () => "done", null)).toBe("done");
      expect(await waitFor(sleep(0.01, "slept"), undefined)).toBe("slept");
    });
  });

  describe("timeout of zero or less", () => {
    it("returns the result of a done future", async () => {
      await runVirtual(async () => {
        const fut = pending<string>();
        fut.setResult("done");
        expect(await waitFor(fut, 0)).toBe("done");
        expect(await waitFor(fut, -1)).toBe("done");
      });
    });

    it("never starts a coroutine function", async () => {
      await runVirtual(async () => {
        let started = false;
        const error = await caught(() =>
          waitFor(async () => {
            started = true;
          }, 0),
        );
        expect(error).toBeInstanceOf(TimeoutError);
        expect((error as Error).cause).toBeInstanceOf(CancelledError);
        expect(started).toBe(false);
      });
    });

    for (const seconds of [0, -1]) {
      it(`cancels a running task and waits for it (timeout ${seconds})`, async () => {
        await runVirtual(async () => {
          let running: boolean | undefined;
          const started = pending();
          const task = createTask(async () => {
            running = true;
            started.setResult(undefined);
            try {
              await sleep(10);
            } finally {
              running = false;
            }
            return "done";
          });
          await started;
          expect(await caught(() => waitFor(task, seconds))).toBeInstanceOf(TimeoutError);
          expect(task.cancelled()).toBe(true);
          expect(running).toBe(false);
        });
      });
    }

    it("waits for the task's cleanup, chained to its CancelledError", async () => {
      await runVirtual(async () => {
        let taskDone = false;
        const inner = createTask(async () => {
          try {
            await sleep(10);
          } catch (error) {
            await sleep(EPSILON);
            throw error;
          } finally {
            taskDone = true;
          }
        });
        await sleep(EPSILON);
        const error = await caught(() => waitFor(inner, 0));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(taskDone).toBe(true);
        expect((error as Error).cause).toBeInstanceOf(CancelledError);
      });
    });

    it("returns the result of a task that ignores the cancel", async () => {
      await runVirtual(async () => {
        const task = createTask(async () => {
          try {
            await sleep(10);
          } catch {
            return "kept going";
          }
          return "slept";
        });
        await sleep(0);
        expect(await waitFor(task, 0)).toBe("kept going");
      });
    });
  });

  describe("cancelled from outside", () => {
    for (const seconds of [null, 60]) {
      it(`cancels the awaited task too (timeout ${seconds}, CPython issue 23219)`, async () => {
        await runVirtual(async () => {
          const loop = getRunningLoop();
          const task = createTask(async () => {
            await pending();
          });
          const waiting = createTask(() => waitFor(task, seconds));
          loop.callSoon(() => waiting.cancel());
          expect(isCancelledError(await caught(() => waiting))).toBe(true);
          expect(task.cancelled()).toBe(true);
        });
      });
    }

    it("lets the task ignoring its cancel finish", async () => {
      await runVirtual(async () => {
        const slow = slowTask();
        const waiting = createTask(() => waitFor(slow.run, 0.1));
        await sleep(0);
        waiting.cancel();
        await wait([waiting]);
        expect(slow.exited).toBe(true);
        // The cancel was swallowed inside, as in CPython: the task ends normally.
        expect(waiting.cancelled()).toBe(false);
      });
    });

    it("stops the caller even when the awaited task finished within the same iteration (GH-86296)", async () => {
      await runVirtual(async () => {
        const inner = createTask(async () => "done");
        let reachedEnd = false;
        const task = createTask(async () => {
          await waitFor(inner, 100);
          await sleep(1);
          reachedEnd = true;
        });
        expect(task.done()).toBe(false);
        await sleep(0);
        task.cancel();
        expect(isCancelledError(await caught(() => task))).toBe(true);
        expect(inner.done()).toBe(true);
        expect(await inner).toBe("done");
        expect(reachedEnd).toBe(false);
      });
    });
  });

  describe("with shield", () => {
    it("timeout 0 cancels the shield, not the task under it", async () => {
      await runVirtual(async () => {
        const task = createTask(async () => {
          await sleep(0.01);
          return "done";
        });
        const shielded = shield(task);
        expect(await caught(() => waitFor(shielded, 0))).toBeInstanceOf(TimeoutError);
        expect(task.done()).toBe(false);
        expect(shielded.cancelled()).toBe(true);
        expect(await task).toBe("done");
      });
    });

    it("waits through a shield with null", async () => {
      await runVirtual(async () => {
        const task = createTask(async () => {
          await sleep(0.01);
          return "done";
        });
        expect(await waitFor(shield(task), null)).toBe("done");
        expect(task.done()).toBe(true);
      });
    });

    it("expires without cancelling the shielded task", async () => {
      await runVirtual(async () => {
        const task = createTask(async () => {
          await sleep(0.05);
          return "done";
        });
        expect(await caught(() => waitFor(shield(task), 0.005))).toBeInstanceOf(TimeoutError);
        expect(task.done()).toBe(false);
        expect(task.cancelled()).toBe(false);
        expect(await task).toBe("done");
      });
    });
  });

  it("rejects non-awaitables with TypeError and NaN with ValueError, at the await", async () => {
    await runVirtual(async () => {
      // Out of the await, as from Python's coroutine.
      expect(await caught(() => waitFor(42 as never, 1))).toBeInstanceOf(TypeError);
      expect(await caught(() => waitFor(null as never, 1))).toBeInstanceOf(TypeError);
      expect(await caught(() => waitFor(sleep(0), Number.NaN))).toBeInstanceOf(ValueError);
      expect(await caught(() => waitFor(sleep(0), "1" as never))).toBeInstanceOf(TypeError);
    });
  });

  it("started early in a task and awaited later", async () => {
    await runVirtual(async () => {
      const results = [waitFor(sleep(0.01, "a"), 1), waitFor(() => sleep(10), 0.01)];
      expect(await results[0]).toBe("a");
      expect(await caught(() => results[1])).toBeInstanceOf(TimeoutError);
    });
  });
});
