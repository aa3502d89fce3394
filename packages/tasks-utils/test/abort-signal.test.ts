// The JavaScript boundary: with() results as promises, AbortSignals in and out of cancel
// scopes, and foreign promises under timeouts.
import * as assert from "node:assert";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  CancelledError,
  createTask,
  currentTask,
  ExceptionGroup,
  getRunningLoop,
  isCancelledError,
  run,
  sleep,
  TimeoutError,
  type Future,
  type Task,
} from "@asyncio-ts/core";
import { TaskGroup, timeout, toThread, waitFor } from "../src/index.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** The signal of the scope the calling code runs in. */
function scopeSignal(): AbortSignal {
  return (currentTask() as Task<unknown>).signal;
}

/** @types/node wants a Promise type for assert.rejects; a Future's then is typed PromiseLike. */
function typedAsPromise<T>(future: Future<T>): Promise<T> {
  return future as unknown as Promise<T>;
}

class Boom extends Error {}

describe("with() results are promise-like enough for test tools", () => {
  it("node:assert's rejects takes what timeout().with and TaskGroup.with return", async () => {
    await run(async () => {
      await assert.rejects(typedAsPromise(timeout(0).with(() => sleep(10))), TimeoutError);
      await assert.rejects(
        typedAsPromise(
          new TaskGroup().with(async (group) => {
            group.createTask(async () => {
              throw new Boom("in the group");
            });
          }),
        ),
        ExceptionGroup,
      );
      await assert.rejects(typedAsPromise(waitFor(() => sleep(10), 0.001)), TimeoutError);
    });
  });

  it("vitest's rejects, and catch chains", async () => {
    await run(async () => {
      await expect(timeout(0).with(() => sleep(10))).rejects.toBeInstanceOf(TimeoutError);
      const handled = await waitFor(() => sleep(10), 0.001).catch((error: unknown) => (error as Error).name);
      expect(handled).toBe("TimeoutError");
    });
  });
});

describe("foreign promises under timeouts", () => {
  it("waitFor raises TimeoutError when the body's foreign await was given the body's signal", async () => {
    const outcome = run(() =>
      waitFor(async () => {
        await delay(60_000, undefined, { signal: scopeSignal() });
        return "done";
      }, 0.01),
    );
    await expect(outcome).rejects.toBeInstanceOf(TimeoutError);
    const error = await outcome.catch((caught: unknown) => caught);
    expect((error as Error).cause).toBeInstanceOf(CancelledError);
  });

  it("the issue's example: a Node timer with the task's signal under waitFor", async () => {
    await expect(
      run(() =>
        waitFor(async () => {
          await delay(1500, undefined, { signal: currentTask()?.signal });
          return "done";
        }, 0.1),
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it("timeout().with does the same, and the foreign call saw its own AbortError", async () => {
    await run(async () => {
      const seen: string[] = [];
      const error = await timeout(0.01)
        .with(async () => {
          try {
            await delay(60_000, undefined, { signal: scopeSignal() });
          } catch (caught) {
            seen.push((caught as Error).name);
            throw caught;
          }
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(seen).toEqual(["AbortError"]);
    });
  });

  it("a foreign promise without the signal is waited for, as Python waits for a task ignoring its cancel", async () => {
    await run(async () => {
      const result = await waitFor(async () => {
        await delay(30);
        return "done late";
      }, 0.001);
      expect(result).toBe("done late");
      // The expired timeout's cancel was withdrawn: the task goes on undisturbed.
      await sleep(0);
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });

  it("after the foreign await, the body's next library await throws, and TimeoutError comes out", async () => {
    await run(async () => {
      const steps: string[] = [];
      const error = await waitFor(async () => {
        await delay(30);
        steps.push("foreign await ended");
        await sleep(0);
        steps.push("not reached");
      }, 0.001).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(steps).toEqual(["foreign await ended"]);
    });
  });

  it("a cancel of the task (not the deadline) passes through as CancelledError, and aborts the body's signal", async () => {
    await run(async () => {
      let bodySignal: AbortSignal | undefined;
      const task = createTask(() =>
        waitFor(async () => {
          bodySignal = scopeSignal();
          await delay(60_000, undefined, { signal: bodySignal });
        }, 60),
      );
      await sleep(0);
      task.cancel("from outside");
      const error = await task.catch((caught: unknown) => caught);
      expect(isCancelledError(error)).toBe(true);
      expect(bodySignal?.aborted).toBe(true);
    });
  });

  it("in debug mode, a body that outlives its deadline in a foreign await is reported", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await run(
      async () => {
        getRunningLoop().slowCallbackDuration = 0.01;
        const task = createTask(
          () =>
            waitFor(async () => {
              await delay(200);
              return "late";
            }, 0.001),
          { name: "slow-body" },
        );
        expect(await task).toBe("late");
      },
      { debug: true },
    );
    const reports = warn.mock.calls
      .map((args) => String(args[0]))
      .filter((text) => text.includes("after it was cancelled"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^waitFor\(\) entered at .*abort-signal\.test\.ts:\d+ in <Task .*name="slow-body"/);
  });
});

describe("the signal of a cancel scope", () => {
  it("is aborted when the body's deadline passes, and fresh once the TimeoutError was raised", async () => {
    await run(async () => {
      const before = scopeSignal();
      let inBody: AbortSignal | undefined;
      const error = await waitFor(async () => {
        inBody = scopeSignal();
        await sleep(10);
      }, 0.001).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      const after = scopeSignal();
      expect(inBody?.aborted).toBe(true);
      expect(inBody?.reason).toBeInstanceOf(CancelledError);
      expect(after.aborted).toBe(false);
      expect(after).toBe(before);
      // A second body gets its own fresh signal.
      expect(await waitFor(async () => scopeSignal().aborted, 1)).toBe(false);
    });
  });

  it("nested: an inner timeout's expiry aborts only the inner body's signal", async () => {
    await run(async () => {
      const seen: Record<string, boolean> = {};
      await timeout(60).with(async () => {
        const outer = scopeSignal();
        await timeout(0.001)
          .with(async () => {
            const inner = scopeSignal();
            expect(inner).not.toBe(outer);
            await delay(60_000, undefined, { signal: inner });
          })
          .catch((caught: unknown) => {
            seen.timedOut = caught instanceof TimeoutError;
          });
        seen.outerAborted = outer.aborted;
        seen.sameOuter = scopeSignal() === outer;
      });
      expect(seen).toEqual({ timedOut: true, outerAborted: false, sameOuter: true });
    });
  });

  it("a TaskGroup body's signal is aborted when a sibling fails; its AbortError is not counted as an error", async () => {
    await run(async () => {
      let bodySignal: AbortSignal | undefined;
      const error = await new TaskGroup()
        .with(async (group) => {
          group.createTask(async () => {
            await sleep(0);
            throw new Boom("sibling failed");
          });
          bodySignal = scopeSignal();
          await delay(60_000, undefined, { signal: bodySignal });
        })
        .catch((caught: unknown) => caught);
      expect(bodySignal?.aborted).toBe(true);
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect((error as ExceptionGroup).exceptions.map((inner) => inner.message)).toEqual(["sibling failed"]);
      expect(scopeSignal().aborted).toBe(false);
    });
  });

  it("a TaskGroup body's signal is aborted when the task is cancelled, and CancelledError comes out", async () => {
    await run(async () => {
      let bodySignal: AbortSignal | undefined;
      let child: Task<void> | undefined;
      const task = createTask(() =>
        new TaskGroup().with(async (group) => {
          child = group.createTask(() => sleep(10));
          bodySignal = scopeSignal();
          await delay(60_000, undefined, { signal: bodySignal });
        }),
      );
      await sleep(0);
      task.cancel("outside");
      const error = await task.catch((caught: unknown) => caught);
      expect(isCancelledError(error)).toBe(true);
      expect(bodySignal?.aborted).toBe(true);
      expect(child?.cancelled()).toBe(true);
    });
  });

  it("TaskGroup.cancel() aborts the body's signal and the group ends quietly", async () => {
    await run(async () => {
      let bodySignal: AbortSignal | undefined;
      const result = await new TaskGroup().with(async (group) => {
        group.createTask(async () => {
          await sleep(0);
          group.cancel();
        });
        bodySignal = scopeSignal();
        await delay(60_000, undefined, { signal: bodySignal });
        return "not reached";
      });
      expect(result).toBeUndefined();
      expect(bodySignal?.aborted).toBe(true);
    });
  });

  it("TaskGroup.createTask(fn, { signal }): an abort cancels that task only, which is no error of the group", async () => {
    await run(async () => {
      const controller = new AbortController();
      let aborted: Task<void> | undefined;
      let other: Task<string> | undefined;
      await new TaskGroup().with(async (group) => {
        aborted = group.createTask(() => sleep(10), { signal: controller.signal });
        other = group.createTask(async () => {
          await sleep(0);
          controller.abort("not needed");
          await sleep(0);
          return "other done";
        });
      });
      expect(aborted?.cancelled()).toBe(true);
      expect(other?.result()).toBe("other done");
    });
  });
});

describe("toThread({ target, args, signal })", () => {
  it("runs target with args", async () => {
    await run(async () => {
      const product = toThread({ target: (a: number, b: number) => a * b, args: [6, 7] });
      expectTypeOf(product).toEqualTypeOf<Future<number>>();
      expect(await product).toBe(42);
    });
  });

  it("a signal aborted already cancels the future at once; an abort cancels a running call's future", async () => {
    await run(async () => {
      const early = toThread({ target: () => 1, signal: AbortSignal.abort("never") });
      expect(early.cancelled()).toBe(true);
      const controller = new AbortController();
      const running = toThread({
        target: () => new Promise((resolve) => setTimeout(resolve, 200, "slept")),
        signal: controller.signal,
      });
      await sleep(0.01);
      controller.abort("stop");
      const error = await running.catch((caught: unknown) => caught);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("stop");
      expect(() => toThread({ target: () => 1, signal: "no" as unknown as AbortSignal })).toThrow(TypeError);
    });
  });
});
