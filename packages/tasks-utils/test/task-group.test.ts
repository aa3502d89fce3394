import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ContextVar,
  copyContext,
  createTask,
  currentTask,
  ExceptionGroup,
  getRunningLoop,
  isCancelledError,
  RuntimeError,
  sleep,
  TimeoutError,
  ValueError,
  type Future,
  type Task,
} from "@asyncio-ts/core";
import { TaskGroup, timeout } from "../src/index.js";
import { caught, iterations, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

class MyError extends Error {}

/** The classes of the errors in a group, as CPython's get_error_types. */
function errorTypes(error: unknown): Set<unknown> {
  expect(error).toBeInstanceOf(ExceptionGroup);
  return new Set((error as ExceptionGroup).exceptions.map((inner) => inner.constructor));
}

async function crashAfter(delay: number, error: () => Error = () => new RangeError("crash")): Promise<never> {
  await sleep(delay);
  throw error();
}

describe("TaskGroup: normal operation", () => {
  it("waits for every task before with() resolves", async () => {
    await runVirtual(async () => {
      let t1: Task<number> | undefined;
      let t2: Task<number> | undefined;
      await new TaskGroup().with((g) => {
        t1 = g.createTask(async () => {
          await sleep(0.01);
          return 42;
        });
        t2 = g.createTask(async () => {
          await sleep(0.02);
          return 11;
        });
      });
      expect(t1?.result()).toBe(42);
      expect(t2?.result()).toBe(11);
    });
  });

  it("accepts tasks created while the body runs, and resolves with the body's result", async () => {
    await runVirtual(async () => {
      const result = await new TaskGroup().with(async (g) => {
        const t1 = g.createTask(async () => {
          await sleep(0.01);
          return 42;
        });
        await sleep(0.015);
        const t2 = g.createTask(async () => {
          await sleep(0.01);
          return 11;
        });
        return [t1, t2] as const;
      });
      expect(result[0].result()).toBe(42);
      expect(result[1].result()).toBe(11);
    });
  });

  it("goes on when a task is cancelled on its own", async () => {
    await runVirtual(async () => {
      const [t1, t2] = await new TaskGroup().with(async (g) => {
        const t1 = g.createTask(async () => {
          await sleep(1);
          return 42;
        });
        await sleep(0.01);
        t1.cancel();
        const t2 = g.createTask(async () => {
          await sleep(0.01);
          return 11;
        });
        return [t1, t2];
      });
      expect(t1?.cancelled()).toBe(true);
      expect(t2?.result()).toBe(11);
    });
  });

  it("lets tasks add tasks to the group while it waits", async () => {
    await runVirtual(async () => {
      const finished: number[] = [];
      await new TaskGroup().with((g) => {
        g.createTask(async () => {
          await sleep(0.01);
          g.createTask(async () => {
            await sleep(0.01);
            finished.push(1);
          });
          g.createTask(async () => {
            await sleep(0.02);
            finished.push(2);
          });
        });
      });
      expect(finished).toEqual([1, 2]);
    });
  });

  it("counts its tasks as they come and go", async () => {
    await runVirtual(async () => {
      await new TaskGroup().with(async (g) => {
        const gates = [pending(), pending(), pending()];
        for (const gate of gates) g.createTask(async () => await gate);
        expect(g.toString()).toBe("<TaskGroup tasks=3 entered>");
        await sleep(0);
        gates[1]?.setResult(undefined);
        await iterations(3);
        expect(g.toString()).toBe("<TaskGroup tasks=2 entered>");
        gates[0]?.setResult(undefined);
        gates[2]?.setResult(undefined);
        await iterations(3);
        expect(g.toString()).toBe("<TaskGroup entered>");
      });
    });
  });

  it("names tasks and runs them in the given context", async () => {
    await runVirtual(async () => {
      const variable = new ContextVar<number>("cvar");
      await new TaskGroup().with(async (g) => {
        const named = g.createTask(() => sleep(0), { name: "yolo" });
        expect(named.getName()).toBe("yolo");
        const context = copyContext();
        expect(context.get(variable)).toBeUndefined();
        await g.createTask(
          async () => {
            await sleep(0);
            variable.set(1);
          },
          { context },
        );
        expect(context.get(variable)).toBe(1);
        await g.createTask(
          async () => {
            variable.set(2);
          },
          { context },
        );
        expect(context.get(variable)).toBe(2);
      });
    });
  });

  it("describes itself as Python's repr", async () => {
    await runVirtual(async () => {
      const group = new TaskGroup();
      expect(group.toString()).toBe("<TaskGroup>");
      await group.with((g) => {
        g.createTask(() => sleep(0));
        expect(g.toString()).toBe("<TaskGroup tasks=1 entered>");
      });
    });
  });
});

describe("TaskGroup: a task fails", () => {
  it("cancels only the tasks still running, in creation order, after most have finished", async () => {
    await runVirtual(async () => {
      const gate = pending<void>();
      const failNow = pending<void>();
      const cancelled: number[] = [];
      let countWhileRunning = "";
      const error = await caught(() =>
        new TaskGroup().with(async (g) => {
          for (let index = 0; index < 100; index++) {
            if (index % 10 !== 3) {
              g.createTask(() => sleep(0));
              continue;
            }
            g.createTask(async () => {
              try {
                await gate;
              } catch (caughtError) {
                if (isCancelledError(caughtError)) cancelled.push(index);
                throw caughtError;
              }
            });
          }
          g.createTask(async () => {
            await failNow;
            throw new MyError("boom");
          });
          await iterations(3);
          countWhileRunning = g.toString();
          failNow.setResult(undefined);
          await pending();
        }),
      );
      expect(countWhileRunning).toContain("tasks=11");
      expect(errorTypes(error)).toEqual(new Set([MyError]));
      expect(cancelled).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93]);
    });
  });

  it("cancels the other tasks and raises an ExceptionGroup", async () => {
    await runVirtual(async () => {
      let num = 0;
      let t2Cancelled = false;
      let t2: Task<void> | undefined;
      const runner = createTask(async () => {
        await new TaskGroup().with((g) => {
          g.createTask(() => crashAfter(0.01));
          t2 = g.createTask(async () => {
            try {
              await sleep(1);
            } catch (error) {
              t2Cancelled = isCancelledError(error);
              throw error;
            }
            num += 1;
          });
        });
        num += 10;
      });
      const error = await caught(() => runner);
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect((error as ExceptionGroup).message).toBe("unhandled errors in a TaskGroup");
      expect(num).toBe(0);
      expect(t2Cancelled).toBe(true);
      expect(t2?.cancelled()).toBe(true);
    });
  });

  it("cancels the body at the await it is suspended at", async () => {
    await runVirtual(async () => {
      let bodyCancelled = false;
      let t2Cancelled = false;
      const runner = createTask(async () => {
        await new TaskGroup().with(async (g) => {
          g.createTask(() => crashAfter(0.01));
          g.createTask(() => crashAfter(0.01));
          g.createTask(() => crashAfter(0.01));
          g.createTask(async () => {
            try {
              await sleep(5);
            } catch (error) {
              t2Cancelled = true;
              throw error;
            }
          });
          try {
            await sleep(10);
          } catch (error) {
            bodyCancelled = isCancelledError(error);
            throw error;
          }
        });
      });
      const error = await caught(() => runner);
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(t2Cancelled).toBe(true);
      expect(bodyCancelled).toBe(true);
      // The task running the group was not cancelled, only the body.
      expect(runner.cancelled()).toBe(false);
      expect(runner.cancelling()).toBe(0);
    });
  });

  it("collects the body's error, after a sleep or at once, and cancels the tasks", async () => {
    for (const delay of [0.01, null]) {
      await runVirtual(async () => {
        const tasks: Task<number>[] = [];
        const error = await caught(() =>
          new TaskGroup().with(async (g) => {
            tasks.push(g.createTask(async () => (await sleep(1), 42)));
            tasks.push(g.createTask(async () => (await sleep(2), 11)));
            if (delay !== null) await sleep(delay);
            throw new RangeError("body");
          }),
        );
        expect(errorTypes(error)).toEqual(new Set([RangeError]));
        expect(tasks.every((task) => task.cancelled())).toBe(true);
      });
    }
  });

  it("gathers errors of the tasks and of the body, in the order they happened", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        new TaskGroup().with(async (g) => {
          g.createTask(() => crashAfter(0.01, () => new RangeError("task")));
          try {
            await sleep(10);
          } finally {
            throw new MyError("body");
          }
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError, MyError]));
      expect((error as ExceptionGroup).exceptions.map((inner) => inner.message)).toEqual(["task", "body"]);
    });
  });

  it("refuses new tasks once it is shutting down", async () => {
    await runVirtual(async () => {
      let refusal: unknown;
      const error = await caught(() =>
        new TaskGroup().with((g) => {
          g.createTask(() => crashAfter(0.001));
          g.createTask(async () => {
            try {
              await sleep(1);
            } catch {
              refusal = await caught(() => g.createTask(() => crashAfter(0)));
            }
          });
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(refusal).toBeInstanceOf(RuntimeError);
      expect((refusal as Error).message).toMatch(/^TaskGroup <TaskGroup.*> is shutting down$/);
    });
  });

  it("gathers a task's error and an error raised on the way out of the body (CPython issue 95289)", async () => {
    await runVirtual(async () => {
      const runner = createTask(async () => {
        const error = await caught(() =>
          new TaskGroup().with(async (tg) => {
            try {
              tg.createTask(async () => {
                throw new MyError("task");
              });
              await sleep(1);
            } finally {
              throw new MyError("cleanup");
            }
          }),
        );
        expect(currentTask()?.cancelling()).toBe(0);
        return error;
      });
      const error = await runner;
      expect((error as ExceptionGroup).exceptions).toHaveLength(2);
    });
  });

  it("keeps the task's cancellation count at zero after handling its own failure", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        new TaskGroup().with((tg) => {
          tg.createTask(() => crashAfter(0, () => new RuntimeError("x")));
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RuntimeError]));
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0); // and no cancellation is pending
    });
  });

  it("a task that keeps spawning tasks is stopped by another's failure", async () => {
    await runVirtual(async () => {
      let heads = 0;
      const error = await caught(() =>
        new TaskGroup().with((g) => {
          const hydra = async (): Promise<void> => {
            heads += 1;
            await sleep(0.001);
            g.createTask(hydra);
            g.createTask(hydra);
          };
          g.createTask(hydra);
          g.createTask(async () => {
            while (heads < 10) await sleep(0.0015);
            throw new RangeError("hercules");
          });
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(heads).toBeGreaterThanOrEqual(10);
    });
  });

  it("nested groups: an inner failure comes out as a group inside the outer group", async () => {
    await runVirtual(async () => {
      // The outer group's task fails first: the inner group is cancelled, its task too.
      const first = await caught(() =>
        new TaskGroup().with(async (g1) => {
          g1.createTask(() => crashAfter(0.01));
          await new TaskGroup().with((g2) => {
            g2.createTask(() => crashAfter(10));
          });
        }),
      );
      expect(errorTypes(first)).toEqual(new Set([RangeError]));

      // The inner group's task fails first: the inner ExceptionGroup fails the outer body.
      const second = await caught(() =>
        new TaskGroup().with(async (g1) => {
          g1.createTask(() => crashAfter(10));
          await new TaskGroup().with((g2) => {
            g2.createTask(() => crashAfter(0.01));
          });
        }),
      );
      expect(errorTypes(second)).toEqual(new Set([ExceptionGroup]));
      expect(errorTypes((second as ExceptionGroup).exceptions[0])).toEqual(new Set([RangeError]));
    });
  });

  it("nested groups failing together keep the cancellation counts right", async () => {
    await runVirtual(async () => {
      let innerCaught = false;
      const error = await caught(() =>
        new TaskGroup().with(async (outerGroup) => {
          const innerError = await caught(() =>
            new TaskGroup().with((innerGroup) => {
              innerGroup.createTask(() => crashAfter(0, () => new RuntimeError("inner")));
              outerGroup.createTask(() => crashAfter(0, () => new MyError("outer")));
            }),
          );
          innerCaught = errorTypes(innerError).has(RuntimeError);
        }),
      );
      expect(innerCaught).toBe(true);
      expect(errorTypes(error)).toEqual(new Set([MyError]));
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0);
    });
  });
});

describe("TaskGroup: cancelled from outside", () => {
  it("cancels its tasks and raises CancelledError", async () => {
    await runVirtual(async () => {
      let num = 0;
      const runner = createTask(async () => {
        await new TaskGroup().with((g) => {
          for (let index = 0; index < 5; index++) {
            g.createTask(async () => {
              try {
                await sleep(5);
              } catch (error) {
                num += 1;
                throw error;
              }
            });
          }
        });
      });
      await sleep(0.01);
      expect(runner.done()).toBe(false);
      runner.cancel();
      await expect(caught(() => runner)).resolves.toBeInstanceOf(CancelledError);
      expect(runner.cancelled()).toBe(true);
      expect(num).toBe(5);
    });
  });

  it("cancels the body and the tasks", async () => {
    await runVirtual(async () => {
      let num = 0;
      const runner = createTask(async () => {
        await new TaskGroup().with(async (g) => {
          for (let index = 0; index < 5; index++) {
            g.createTask(async () => {
              try {
                await sleep(5);
              } catch (error) {
                num += 1;
                throw error;
              }
            });
          }
          try {
            await sleep(10);
          } catch (error) {
            num += 10;
            throw error;
          }
        });
      });
      await sleep(0.01);
      runner.cancel();
      expect(isCancelledError(await caught(() => runner))).toBe(true);
      expect(num).toBe(15);
    });
  });

  it("cancels a group without tasks", async () => {
    await runVirtual(async () => {
      let num = 0;
      const runner = createTask(async () => {
        await new TaskGroup().with(async () => {
          try {
            await sleep(10);
          } catch (error) {
            num += 10;
            throw error;
          }
        });
      });
      await sleep(0.01);
      runner.cancel();
      expect(isCancelledError(await caught(() => runner))).toBe(true);
      expect(num).toBe(10);
    });
  });

  it("raises an ExceptionGroup when the tasks crash while being cancelled", async () => {
    await runVirtual(async () => {
      const runner = createTask(async () => {
        await new TaskGroup().with(async (g) => {
          for (let index = 0; index < 5; index++) {
            g.createTask(async () => {
              try {
                await sleep(10);
              } finally {
                throw new RangeError("crash on cancel");
              }
            });
          }
          await sleep(10);
        });
      });
      await sleep(0.01);
      runner.cancel();
      expect(errorTypes(await caught(() => runner))).toEqual(new Set([RangeError]));
      // As in CPython, the ExceptionGroup ends the task (the cancel stays counted).
      expect(runner.cancelled()).toBe(false);
      expect(runner.cancelling()).toBe(1);
    });
  });

  it("nested groups whose tasks crash while being cancelled", async () => {
    for (const outerTask of [false, true]) {
      await runVirtual(async () => {
        const runner = createTask(async () => {
          await new TaskGroup().with(async (g1) => {
            if (outerTask) g1.createTask(() => sleep(10));
            await new TaskGroup().with(async (g2) => {
              for (let index = 0; index < 5; index++) {
                g2.createTask(async () => {
                  try {
                    await sleep(10);
                  } finally {
                    throw new RangeError("crash on cancel");
                  }
                });
              }
              await sleep(10);
            });
          });
        });
        await sleep(0.01);
        runner.cancel();
        const error = await caught(() => runner);
        expect(errorTypes(error)).toEqual(new Set([ExceptionGroup]));
        expect(errorTypes((error as ExceptionGroup).exceptions[0])).toEqual(new Set([RangeError]));
      });
    }
  });

  it("a task failing while the cancelled body is still cleaning up wins over CancelledError", async () => {
    for (const separateTask of [false, true]) {
      await runVirtual(async () => {
        const nested = async (): Promise<void> => {
          await new TaskGroup().with(async (g1) => {
            g1.createTask(() => crashAfter(0.03));
            try {
              await sleep(10);
            } catch (error) {
              await sleep(0.05);
              throw error;
            }
          });
        };
        const runner = createTask(async () => {
          if (separateTask) await createTask(nested);
          else await nested();
        });
        await sleep(0.01);
        expect(runner.done()).toBe(false);
        runner.cancel();
        expect(errorTypes(await caught(() => runner))).toEqual(new Set([RangeError]));
      });
    }
  });

  it("a body that turns its cancellation into another error", async () => {
    await runVirtual(async () => {
      let num = 0;
      const runner = createTask(async () => {
        await new TaskGroup().with(async () => {
          try {
            await sleep(10);
          } catch {
            num += 10;
            throw new MyError("instead");
          }
        });
      });
      await sleep(0.01);
      runner.cancel();
      expect(errorTypes(await caught(() => runner))).toEqual(new Set([MyError]));
      expect(num).toBe(10);
    });
  });

  it("a task's error arriving together with an outside cancel: ExceptionGroup first, CancelledError at the next await", async () => {
    await runVirtual(async () => {
      const started = pending<void>();
      const seen: string[] = [];
      const inner = createTask(async () => {
        const error = await caught(() =>
          new TaskGroup().with(async (tg) => {
            tg.createTask(async () => {
              started.setResult(undefined);
              await sleep(0);
              throw new RuntimeError("task");
            });
            await sleep(1);
            seen.push("sleep in group not cancelled");
          }),
        );
        seen.push(errorTypes(error).has(RuntimeError) ? "ExceptionGroup" : String(error));
        seen.push(`cancelling=${currentTask()?.cancelling()}`);
        try {
          await sleep(1);
          seen.push("sleep after group not cancelled");
        } catch (cancel) {
          seen.push(isCancelledError(cancel) ? "CancelledError" : String(cancel));
          throw cancel;
        }
      });
      await started;
      expect(inner.cancelling()).toBe(0);
      inner.cancel();
      expect(inner.cancelling()).toBe(1);
      expect(isCancelledError(await caught(() => inner))).toBe(true);
      expect(inner.cancelled()).toBe(true);
      expect(seen).toEqual(["ExceptionGroup", "cancelling=1", "CancelledError"]);
    });
  });
});

describe("TaskGroup: cancel()", () => {
  it("called from the body: cancels the tasks and the body, and with() resolves quietly", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      let task: Task<unknown> | undefined;
      const result = await new TaskGroup().with(async (tg) => {
        task = tg.createTask(() => sleep(10));
        await sleep(0);
        tg.cancel();
        try {
          await sleep(10);
        } catch (error) {
          seen.push(isCancelledError(error) ? "body cancelled" : String(error));
          throw error;
        }
        return "not reached";
      });
      expect(result).toBeUndefined();
      expect(seen).toEqual(["body cancelled"]);
      expect(task?.cancelled()).toBe(true);
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0);
    });
  });

  it("called from a task of the group", async () => {
    await runVirtual(async () => {
      let sleeper: Task<unknown> | undefined;
      await new TaskGroup().with((tg) => {
        tg.createTask(async () => {
          await sleep(0.01);
          tg.cancel();
        });
        sleeper = tg.createTask(() => sleep(10));
      });
      expect(sleeper?.cancelled()).toBe(true);
    });
  });

  it("called before entering: the group is cancelled on entry", async () => {
    await runVirtual(async () => {
      const tg = new TaskGroup();
      tg.cancel();
      const seen: string[] = [];
      await tg.with(async () => {
        try {
          await sleep(1);
        } catch (error) {
          seen.push(isCancelledError(error) ? "cancelled on entry" : String(error));
          throw error;
        }
      });
      expect(seen).toEqual(["cancelled on entry"]);
      // Idempotent, and harmless after the group ended.
      tg.cancel();
      tg.cancel();
    });
  });

  it("lets a body that returns without awaiting keep its result", async () => {
    await runVirtual(async () => {
      const result = await new TaskGroup().with((tg) => {
        tg.cancel();
        return "done";
      });
      expect(result).toBe("done");
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0);
    });
  });

  it("refuses new tasks afterwards", async () => {
    await runVirtual(async () => {
      await new TaskGroup().with((tg) => {
        tg.cancel();
        expect(() => tg.createTask(() => sleep(0))).toThrow("is shutting down");
      });
    });
  });

  it("still raises the errors of tasks that crash while cancelled", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        new TaskGroup().with(async (tg) => {
          tg.createTask(async () => {
            try {
              await sleep(10);
            } finally {
              throw new RangeError("cleanup");
            }
          });
          await sleep(0);
          tg.cancel();
          await sleep(1);
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });

  it("does not swallow a cancellation from outside", async () => {
    await runVirtual(async () => {
      const runner = createTask(async () => {
        await new TaskGroup().with(async (tg) => {
          tg.createTask(() => sleep(10));
          tg.cancel();
          currentTask()?.cancel();
          await sleep(1);
        });
      });
      expect(isCancelledError(await caught(() => runner))).toBe(true);
      expect(runner.cancelled()).toBe(true);
    });
  });

  it("does not swallow an enclosing timeout that expires while the group winds down (CPython gh-155433)", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        timeout(0.02).with(() =>
          new TaskGroup().with(async (tg) => {
            tg.createTask(async () => {
              try {
                await sleep(3600);
              } finally {
                await sleep(0.05);
              }
            });
            await sleep(0.01);
            tg.cancel();
          }),
        ),
      );
      expect(error).toBeInstanceOf(TimeoutError);
    });
  });
});

describe("TaskGroup: misuse", () => {
  it("can be entered once", async () => {
    await runVirtual(async () => {
      const tg = new TaskGroup();
      await tg.with(async () => {
        const error = await caught(() => tg.with(() => undefined));
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toMatch("has already been entered");
      });
      await expect(caught(() => tg.with(() => undefined))).resolves.toHaveProperty(
        "message",
        expect.stringMatching("has already been entered"),
      );
    });
  });

  it("refuses tasks before it is entered and after it finished", async () => {
    await runVirtual(async () => {
      const tg = new TaskGroup();
      expect(() => tg.createTask(() => sleep(0))).toThrow(RuntimeError);
      expect(() => tg.createTask(() => sleep(0))).toThrow(/^TaskGroup <TaskGroup> has not been entered$/);
      await tg.with(() => undefined);
      expect(() => tg.createTask(() => sleep(0))).toThrow(/is finished$/);
    });
  });

  it("needs a parent task", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const tg = new TaskGroup();
      const outcome = pending<Future<unknown>>();
      loop.callSoon(() => outcome.setResult(tg.with(() => undefined)));
      const error = await caught(async () => await outcome);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch("cannot determine the parent task");
      expect(() => tg.createTask(() => sleep(0))).toThrow("has not been entered");
    });
  });

  it("rejects a body that is not a function, and a task that is not a coroutine function", async () => {
    await runVirtual(async () => {
      expect(() => new TaskGroup().with("body" as never)).toThrow(TypeError);
      await new TaskGroup().with((tg) => {
        expect(() => tg.createTask(sleep(0) as never)).toThrow(TypeError);
      });
    });
  });

  it("wraps a thrown non-Error in an Error inside the group", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        new TaskGroup().with((tg) => {
          tg.createTask(async () => {
            throw "a string";
          });
        }),
      );
      const inner = (error as ExceptionGroup).exceptions[0] as Error;
      expect(inner).toBeInstanceOf(Error);
      expect(inner.cause).toBe("a string");
    });
  });
});

// CPython 3.13's test_taskgroups cases on cancellation counting: the group's request to cancel
// its parent is counted on the task, as in Python, though it reaches only the body's call.
describe("TaskGroup: cancellation counts as CPython 3.13", () => {
  it("the level is 0 again after a group handled its own failure (test_cancelling_level_preserved)", async () => {
    await runVirtual(async () => {
      const error = await caught(() =>
        new TaskGroup().with((tg) => {
          tg.createTask(() => crashAfter(0, () => new RuntimeError("task")));
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RuntimeError]));
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });

  it("reads 1 in a body the group is cancelling, and in the task from outside", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const task = currentTask() as Task<unknown>;
      const error = await caught(() =>
        new TaskGroup().with(async (tg) => {
          tg.createTask(async () => {
            await sleep(0);
            seen.push(`task sees ${task.cancelling()} before failing`);
            throw new RuntimeError("task");
          });
          tg.createTask(async () => {
            try {
              await sleep(10);
            } finally {
              seen.push(`sibling cancelled, parent at ${task.cancelling()}`);
            }
          });
          try {
            await sleep(1);
          } catch (cancel) {
            seen.push(`body cancelled at ${currentTask()?.cancelling()}`);
            throw cancel;
          }
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RuntimeError]));
      expect(seen).toEqual(["task sees 0 before failing", "sibling cancelled, parent at 1", "body cancelled at 1"]);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("nested groups both cancelled: the outer request survives the inner exit (test_nested_groups_both_cancelled)", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const error = await caught(() =>
        new TaskGroup().with(async (outerGroup) => {
          const innerError = await caught(() =>
            new TaskGroup().with((innerGroup) => {
              innerGroup.createTask(() => crashAfter(0, () => new RuntimeError("inner")));
              outerGroup.createTask(() => crashAfter(0, () => new ValueError("outer")));
            }),
          );
          seen.push(`inner raised ${[...errorTypes(innerError)].map((type) => (type as { name: string }).name)}`);
          seen.push(`outer body at ${currentTask()?.cancelling()}`);
        }),
      );
      // The outer group raises only its own children's errors.
      expect(errorTypes(error)).toEqual(new Set([ValueError]));
      expect(seen).toEqual(["inner raised RuntimeError", "outer body at 1"]);
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });

  it("an inner group's own failure leaves the outer body at 0, and the outer group goes on", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const task = currentTask() as Task<unknown>;
      await new TaskGroup().with(async (outerGroup) => {
        outerGroup.createTask(() => sleep(1));
        const innerError = await caught(() =>
          new TaskGroup().with(async (innerGroup) => {
            innerGroup.createTask(() => crashAfter(0, () => new RuntimeError("inner")));
            await sleep(10);
          }),
        );
        expect(errorTypes(innerError)).toEqual(new Set([RuntimeError]));
        seen.push(`outer body after inner at ${task.cancelling()}`);
        await sleep(2);
        seen.push(`outer body slept at ${task.cancelling()}`);
      });
      expect(seen).toEqual(["outer body after inner at 0", "outer body slept at 0"]);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("an inner task failing while the outer group cancels: the inner error stays inside, the outer body at 1", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const task = currentTask() as Task<unknown>;
      const error = await caught(() =>
        new TaskGroup().with(async (outerGroup) => {
          outerGroup.createTask(() => crashAfter(0.1, () => new ValueError("outer")));
          const innerError = await caught(() =>
            new TaskGroup().with(async (innerGroup) => {
              innerGroup.createTask(async () => {
                try {
                  await sleep(10);
                } catch {
                  seen.push(`inner task cancelled, parent at ${task.cancelling()}`);
                  throw new RuntimeError("inner, on cancel");
                }
              });
              await sleep(10);
            }),
          );
          expect(errorTypes(innerError)).toEqual(new Set([RuntimeError]));
          seen.push(`outer body after inner at ${task.cancelling()}`);
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([ValueError]));
      expect(seen).toEqual(["inner task cancelled, parent at 1", "outer body after inner at 1"]);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("an error raised on the way out of the body leaves the level at 0 (test_taskgroup_context_manager_exit_raises)", async () => {
    await runVirtual(async () => {
      class CustomError extends Error {}
      const task = currentTask() as Task<unknown>;
      const error = await caught(() =>
        new TaskGroup().with(async (tg) => {
          try {
            tg.createTask(async () => {
              throw new CustomError("task");
            });
            await sleep(1);
          } finally {
            // Raises on the way out, as the context manager of the CPython test.
            throw new CustomError("exit");
          }
        }),
      );
      expect(task.cancelling()).toBe(0);
      expect((error as ExceptionGroup).exceptions).toHaveLength(2);
      expect(errorTypes(error)).toEqual(new Set([CustomError]));
    });
  });

  it("a group inside an expiring timeout: the timeout's request is counted on the task, then withdrawn", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const error = await caught(() =>
        timeout(1).with(() =>
          new TaskGroup().with(async (tg) => {
            tg.createTask(() => crashAfter(1, () => new RuntimeError("task at the deadline")));
            try {
              await sleep(10);
            } catch (cancel) {
              seen.push(`body at ${currentTask()?.cancelling()}`);
              throw cancel;
            }
          }),
        ),
      );
      // The timeout's timer was scheduled first: it cancels the body (the request counted on
      // the task), the group cancels the task before it fails, and the timeout wins, as in
      // CPython 3.13.
      expect(seen).toEqual(["body at 1"]);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });
});
