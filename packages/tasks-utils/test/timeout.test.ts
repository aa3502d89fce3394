import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  currentTask,
  ExceptionGroup,
  getRunningLoop,
  isCancelledError,
  type VirtualTimeLoop,
  RuntimeError,
  sleep,
  TimeoutError,
  ValueError,
  type Future,
} from "@asyncio-ts/core";
import { TaskGroup, Timeout, timeout, timeoutAt } from "../src/index.js";
import { caught, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// The tests run on a VirtualTimeLoop: deadlines fire in their virtual order whatever the
// machine's load.

/** Blocks the loop for `seconds` of its clock, as Python's time.sleep does in the CPython tests. */
function busyFor(seconds: number): void {
  (getRunningLoop() as VirtualTimeLoop).advanceTime(seconds);
}

describe("timeout: expiry", () => {
  it("turns the body's cancellation into TimeoutError", async () => {
    await runVirtual(async () => {
      let cm: Timeout | undefined;
      const error = await caught(() =>
        timeout(0.01).with(async (entered) => {
          cm = entered;
          await sleep(10);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(cm?.expired()).toBe(true);
    });
  });

  it("timeoutAt fires at a loop time and keeps it as when()", async () => {
    await runVirtual(async () => {
      const deadline = getRunningLoop().time() + 0.01;
      const cm = timeoutAt(deadline);
      await expect(cm.with(() => sleep(10))).rejects.toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(deadline);
    });
  });

  it("throws CancelledError at the awaited line, TimeoutError out of with", async () => {
    await runVirtual(async () => {
      let cancelledInside = false;
      const error = await caught(() =>
        timeout(0.01).with(async () => {
          try {
            await sleep(10);
          } catch (inner) {
            cancelledInside = isCancelledError(inner);
            throw inner;
          }
        }),
      );
      expect(cancelledInside).toBe(true);
      expect(error).toBeInstanceOf(TimeoutError);
      // Chained as `raise TimeoutError from exc`.
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
    });
  });

  it("does not fire before the deadline, and when() stays in the future", async () => {
    await runVirtual(async () => {
      const cm = timeout(10);
      await cm.with(() => sleep(0.01));
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeGreaterThan(getRunningLoop().time());
    });
  });

  it("never fires with null, and when() is null", async () => {
    await runVirtual(async () => {
      for (const cm of [timeout(null), timeout(undefined), timeoutAt(null)]) {
        await cm.with(() => sleep(0.001));
        expect(cm.expired()).toBe(false);
        expect(cm.when()).toBeNull();
      }
    });
  });

  for (const [name, delay, body] of [
    ["timeout(0) around a long sleep", 0, () => sleep(10)],
    ["timeout(0) around sleep(0)", 0, () => sleep(0)],
    ["a deadline in the past around sleep(0)", -11, () => sleep(0)],
  ] as const) {
    it(`expires in the next iteration: ${name}`, async () => {
      await runVirtual(async () => {
        const loop = getRunningLoop();
        const before = loop.time();
        const cm = timeout(delay);
        await expect(cm.with(body)).rejects.toBeInstanceOf(TimeoutError);
        expect(cm.expired()).toBe(true);
        if (delay === 0) expect(cm.when()).toBeGreaterThanOrEqual(before);
        else expect(cm.when()).toBeLessThan(before);
      });
    });
  }

  it("lets a body that ignores its cancellation finish with its result", async () => {
    await runVirtual(async () => {
      const cm = timeout(0.01);
      const result = await cm.with(async () => {
        try {
          await sleep(10);
        } catch {
          return "swallowed";
        }
        return "slept";
      });
      expect(result).toBe("swallowed");
      expect(cm.expired()).toBe(true);
      // The request was taken back: the task goes on undisturbed.
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0);
    });
  });

  it("takes back a cancel the body never saw (it awaited a foreign promise)", async () => {
    await runVirtual(async () => {
      const cm = timeout(0);
      const result = await cm.with(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return "done";
      });
      expect(cm.expired()).toBe(true);
      expect(result).toBe("done");
      await sleep(0); // not cancelled
    });
  });

  it("passes the body's own errors through, expired or not", async () => {
    await runVirtual(async () => {
      const cm = timeout(0.01);
      const thrown = new RangeError("own");
      expect(
        await caught(() =>
          cm.with(() => {
            throw thrown;
          }),
        ),
      ).toBe(thrown);
      expect(cm.expired()).toBe(false);

      // An error raised while handling our cancellation wins over TimeoutError.
      const crash = async (): Promise<void> => {
        try {
          await sleep(1);
        } finally {
          throw new RangeError("crash in cleanup");
        }
      };
      const cm2 = timeout(0.01);
      const error = await caught(() => cm2.with(crash));
      expect(error).toBeInstanceOf(RangeError);
      expect(cm2.expired()).toBe(true);
    });
  });

  it("chains TimeoutError to the CancelledError raised while cleaning up another error", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        timeout(0.01).with(async () => {
          try {
            throw new RangeError("first");
          } finally {
            await sleep(1);
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
    });
  });

  it("does not cancel the task that runs it", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        await expect(timeout(0.001).with(() => sleep(10))).rejects.toBeInstanceOf(TimeoutError);
        await sleep(0);
        return "after";
      });
      expect(await task).toBe("after");
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("works in a library call started before it is awaited", async () => {
    await runVirtual(async () => {
      const first = timeout(0.01).with(() => sleep(10));
      const second = timeout(10).with(() => sleep(0.02, "second"));
      await sleep(0);
      await expect(first).rejects.toBeInstanceOf(TimeoutError);
      expect(await second).toBe("second");
    });
  });
});

describe("timeout: someone else's cancellation", () => {
  it("passes an outside cancel through as CancelledError when not expired", async () => {
    await runVirtual(async () => {
      const cm = timeout(10);
      const error = await caught(() =>
        cm.with(async () => {
          currentTask()?.cancel();
          await sleep(10);
        }),
      );
      expect(isCancelledError(error)).toBe(true);
      expect(cm.expired()).toBe(false);
      expect(currentTask()?.uncancel()).toBe(0);
    });
  });

  it("lets CancelledError through when the task is cancelled from outside and the timeout fires too", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      let cm: Timeout | undefined;
      const task = createTask(async () => {
        cm = timeout(0.01);
        await cm.with(async () => {
          try {
            await sleep(10);
          } finally {
            await sleep(0.02); // the deadline passes while cleaning up
          }
        });
      });
      await sleep(0);
      loop.callSoon(() => task.cancel("outside"));
      const error = await caught(() => task);
      expect(isCancelledError(error)).toBe(true);
      expect(task.cancelled()).toBe(true);
      expect(cm?.expired()).toBe(true);
    });
  });

  it("times out after an earlier cancellation of the task was swallowed", async () => {
    await runVirtual(async () => {
      try {
        currentTask()?.cancel();
        await sleep(1);
      } catch {
        // swallowed: the task's cancelling() stays at 1
      }
      expect(currentTask()?.cancelling()).toBe(1);
      await expect(timeout(0).with(() => sleep(1))).rejects.toBeInstanceOf(TimeoutError);
      expect(currentTask()?.cancelling()).toBe(1);
      currentTask()?.uncancel();
    });
  });

  it("passes a new cancellation through after an earlier one was swallowed", async () => {
    await runVirtual(async () => {
      try {
        currentTask()?.cancel();
        await sleep(1);
      } catch {
        // swallowed
      }
      const error = await caught(() =>
        timeout(1).with(async () => {
          currentTask()?.cancel();
          await sleep(2);
        }),
      );
      expect(isCancelledError(error)).toBe(true);
      currentTask()?.uncancel();
      currentTask()?.uncancel();
    });
  });

  it("leaves the task's cancellation count unchanged after an outside cancel", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const task = createTask(async () => {
        await timeout(5).with(() => sleep(10));
      });
      await sleep(0);
      loop.callSoon(() => task.cancel());
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancelling()).toBe(1);
    });
  });
});

describe("timeout: nesting", () => {
  it("only the topmost expired timeout raises TimeoutError", async () => {
    await runVirtual(async () => {
      const deadline = getRunningLoop().time() + 0.01;
      const cm1 = timeoutAt(deadline);
      const cm2 = timeoutAt(deadline);
      let innerSaw: unknown;
      const error = await caught(() =>
        cm1.with(async () => {
          try {
            await cm2.with(() => sleep(10));
          } catch (inner) {
            innerSaw = inner;
            throw inner;
          }
        }),
      );
      expect(isCancelledError(innerSaw)).toBe(true);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(cm1.expired()).toBe(true);
      expect(cm2.expired()).toBe(true);
    });
  });

  it("an expired outer timeout passes through an inner one that did not expire", async () => {
    await runVirtual(async () => {
      const inner = timeout(0.5);
      let innerSaw: unknown;
      const outer = timeout(0.002);
      const error = await caught(() =>
        outer.with(async () => {
          try {
            await inner.with(async () => {
              busyFor(0.01); // crunching numbers past the outer deadline
              await sleep(1);
            });
          } catch (caughtInner) {
            innerSaw = caughtInner;
            throw caughtInner;
          }
        }),
      );
      expect(isCancelledError(innerSaw)).toBe(true);
      expect(inner.expired()).toBe(false);
      expect(error).toBeInstanceOf(TimeoutError);
    });
  });

  it("the outer timeout still interrupts work after the inner one handled its own expiry", async () => {
    await runVirtual(async () => {
      const outer = timeout(0.1);
      const steps: string[] = [];
      const error = await caught(() =>
        outer.with(async () => {
          const innerError = await caught(() =>
            timeout(0.01).with(async () => {
              busyFor(0.02); // both deadlines... only the inner one has passed
              await sleep(1);
            }),
          );
          steps.push(innerError instanceof TimeoutError ? "inner timed out" : String(innerError));
          await sleep(10); // interrupted by the outer timeout
          steps.push("not reached");
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(steps).toEqual(["inner timed out"]);
    });
  });

  it("a timeout inside a finally block of an expired timeout raises its own TimeoutError", async () => {
    await runVirtual(async () => {
      let innerError: unknown;
      const outerError = await caught(() =>
        timeout(0.01).with(async () => {
          try {
            await sleep(1);
          } finally {
            innerError = await caught(() => timeout(0.01).with(() => sleep(10)));
          }
        }),
      );
      expect(outerError).toBeInstanceOf(TimeoutError);
      expect((outerError as Error).cause).toBeInstanceOf(CancelledError);
      expect(innerError).toBeInstanceOf(TimeoutError);
      expect((innerError as Error).cause).toBeInstanceOf(CancelledError);
      expect((innerError as Error).cause).not.toBe((outerError as Error).cause);
    });
  });

  it("an ExceptionGroup from a task group inside an expired timeout passes through (no TimeoutError)", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        timeout(0.01).with(() =>
          new TaskGroup().with(async (tg) => {
            tg.createTask(async () => {
              try {
                await sleep(2);
              } finally {
                throw new RangeError("crash in cleanup");
              }
            });
            try {
              throw new TypeError("body");
            } finally {
              await sleep(1);
            }
          }),
        ),
      );
      // The body's TypeError was replaced by the CancelledError of its `finally` (as in Python),
      // so only the task's crash is in the group.
      expect(error).toBeInstanceOf(ExceptionGroup);
      const group = error as ExceptionGroup;
      expect(group.exceptions.map((inner) => inner.constructor)).toEqual([RangeError]);
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0); // no cancellation left over
    });
  });
});

describe("timeout: reschedule and state", () => {
  it("reschedule() moves the deadline, null disables it", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const entered = pending<Timeout>();
      const deadline1 = loop.time() + 10;
      const deadline2 = deadline1 + 20;
      const task = createTask(async () => {
        await timeoutAt(deadline1).with(async (cm) => {
          entered.setResult(cm);
          await sleep(50);
        });
      });
      const cm = await entered;
      expect(cm.when()).toBe(deadline1);
      cm.reschedule(deadline2);
      expect(cm.when()).toBe(deadline2);
      cm.reschedule(null);
      expect(cm.when()).toBeNull();
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    });
  });

  it("reschedule() to an earlier time makes it fire", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const cm = timeout(10);
      await expect(
        cm.with(async () => {
          await sleep(0);
          cm.reschedule(loop.time() + 0.005);
          await sleep(10);
        }),
      ).rejects.toBeInstanceOf(TimeoutError);
      const cm2 = timeout(10);
      await expect(
        cm2.with(async () => {
          cm2.reschedule(loop.time() - 1);
          await sleep(10);
        }),
      ).rejects.toBeInstanceOf(TimeoutError);
    });
  });

  it("reschedule() before entering, while expiring, after expiry and after exit is a RuntimeError", async () => {
    await runVirtual(async () => {
      const notEntered = timeout(0.01);
      expect(() => notEntered.reschedule(0.02)).toThrow(RuntimeError);
      expect(() => notEntered.reschedule(0.02)).toThrow("Timeout has not been entered");

      const finished = timeout(0.01);
      await finished.with(() => undefined);
      expect(() => finished.reschedule(0.02)).toThrow("Cannot change state of finished Timeout");

      const expired = timeout(0.01);
      await expect(expired.with(() => sleep(1))).rejects.toBeInstanceOf(TimeoutError);
      expect(() => expired.reschedule(0.02)).toThrow("Cannot change state of expired Timeout");

      const expiring = timeout(0.01);
      await expiring.with(async (cm) => {
        await expect(sleep(1)).rejects.toBeInstanceOf(CancelledError);
        expect(() => cm.reschedule(0.02)).toThrow("Cannot change state of expiring Timeout");
      });
    });
  });

  it("can be entered once", async () => {
    await runVirtual(async () => {
      const cm = timeout(0.01);
      await cm.with(async () => {
        await expect(cm.with(() => undefined)).rejects.toThrow("has already been entered");
      });
      const error = await caught(() => cm.with(() => undefined));
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch("has already been entered");
    });
  });

  it("must be used inside a task", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const cm = timeout(0.01);
      const outcome = pending<Future<unknown>>();
      loop.callSoon(() => outcome.setResult(cm.with(() => undefined)));
      const error = await caught(async () => await await outcome);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe("Timeout should be used inside a task");
      expect(() => cm.reschedule(0.02)).toThrow("has not been entered");
    });
  });

  it("describes itself as Python's repr", async () => {
    await runVirtual(async () => {
      await timeout(10).with((cm) => {
        expect(cm.toString()).toMatch(/^<Timeout \[active\] when=\d+(\.\d+)?>$/);
      });
      await timeout(null).with((cm) => {
        expect(cm.toString()).toBe("<Timeout [active] when=null>");
      });
      const expired = timeout(0.01);
      await expect(expired.with(() => sleep(10))).rejects.toBeInstanceOf(TimeoutError);
      expect(expired.toString()).toBe("<Timeout [expired]>");
      const finished = timeout(10);
      await finished.with(() => sleep(0));
      expect(finished.toString()).toBe("<Timeout [finished]>");
      expect(timeout(1).toString()).toBe("<Timeout [created]>");
    });
  });

  it("rejects NaN with ValueError and non-numbers with TypeError", async () => {
    await runVirtual(async () => {
      expect(() => timeout(Number.NaN)).toThrow(ValueError);
      expect(() => timeoutAt(Number.NaN)).toThrow(ValueError);
      expect(() => new Timeout(Number.NaN)).toThrow(ValueError);
      expect(() => timeout("1" as never)).toThrow(TypeError);
      expect(() => timeout(1).with("body" as never)).toThrow(TypeError);
      await timeout(10).with((cm) => {
        expect(() => cm.reschedule(Number.NaN)).toThrow(ValueError);
      });
    });
  });

  it("resolves with the body's result, sync or async", async () => {
    await runVirtual(async () => {
      expect(await timeout(1).with(() => 5)).toBe(5);
      expect(await timeout(1).with(async () => "x")).toBe("x");
      // A Future returned by the body is awaited, not handed back.
      expect(await timeout(1).with(() => sleep(0.001, "slept"))).toBe("slept");
    });
  });
});

// CPython 3.12+ counts the timeout's cancel on the task: its body reads it while cancelled.
describe("timeout: cancellation counts as CPython", () => {
  it("reads 1 in the body of an expired timeout, 2 with two nested ones expiring, 0 after", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const single = await caught(() =>
        timeout(0.01).with(async () => {
          try {
            await sleep(1);
          } catch (cancel) {
            seen.push(`body at ${currentTask()?.cancelling()}`);
            throw cancel;
          }
        }),
      );
      seen.push(`after at ${currentTask()?.cancelling()}`);
      const nested = await caught(() =>
        timeout(0.01).with(() =>
          timeout(0.01).with(async () => {
            try {
              await sleep(1);
            } catch (cancel) {
              seen.push(`nested body at ${currentTask()?.cancelling()}`);
              throw cancel;
            }
          }),
        ),
      );
      seen.push(`after nested at ${currentTask()?.cancelling()}`);
      expect(single).toBeInstanceOf(TimeoutError);
      expect(nested).toBeInstanceOf(TimeoutError);
      expect(seen).toEqual(["body at 1", "after at 0", "nested body at 2", "after nested at 0"]);
    });
  });
});
