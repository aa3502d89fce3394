import { getEventListeners } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CancelledError,
  Runner,
  Task,
  callCoroutine,
  cancellationOf,
  createTask,
  currentTask,
  getRunningLoop,
  isCancelledError,
  run,
  setWaitDescription,
  sleep,
  type CoroutineCall,
} from "../src/index.js";
import { newLoop, outcome, runBriefly } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("AbortSignal in: createTask(fn, { signal })", () => {
  it("an abort cancels the task at its await, with the reason as the cancel message", async () => {
    await run(async () => {
      const controller = new AbortController();
      const steps: string[] = [];
      const task = createTask(
        async () => {
          steps.push("started");
          try {
            await sleep(10);
          } catch (error) {
            steps.push(`cancelled: ${(error as Error).message}`);
            throw error;
          }
        },
        { signal: controller.signal },
      );
      await sleep(0);
      controller.abort("enough");
      const error = await outcome(task);
      expect(isCancelledError(error)).toBe(true);
      expect(task.cancelled()).toBe(true);
      expect(steps).toEqual(["started", "cancelled: enough"]);
    });
  });

  it("a signal aborted already still creates the task, cancelled before its first step", async () => {
    await run(async () => {
      let ran = false;
      const task = createTask(
        async () => {
          ran = true;
        },
        { signal: AbortSignal.abort("too late") },
      );
      expect(task).toBeInstanceOf(Task);
      expect(task.done()).toBe(false);
      expect(task.cancelling()).toBe(1);
      const error = await outcome(task);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("too late");
      expect(ran).toBe(false);
    });
  });

  it("an abort after the task ended does nothing, and the task stops listening when it ends", async () => {
    await run(async () => {
      const controller = new AbortController();
      const tasks = [1, 2, 3].map((value) => createTask(async () => value, { signal: controller.signal }));
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(3);
      for (const task of tasks) await task;
      // A long-lived signal does not hold the finished tasks.
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      controller.abort();
      expect(tasks.map((task) => task.result())).toEqual([1, 2, 3]);
    });
  });

  it("a task cancelled otherwise stops listening too", async () => {
    await run(async () => {
      const controller = new AbortController();
      const task = createTask(() => sleep(10), { signal: controller.signal });
      await sleep(0);
      task.cancel();
      await outcome(task);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    });
  });

  it("loop.createTask and new Task take the signal too; a non-signal is a TypeError", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const first = loop.createTask(() => sleep(10), { signal: AbortSignal.abort() });
      const second = new Task(() => sleep(10), { signal: AbortSignal.abort() });
      expect(isCancelledError(await outcome(first))).toBe(true);
      expect(isCancelledError(await outcome(second))).toBe(true);
      expect(() => createTask(async () => {}, { signal: {} as AbortSignal })).toThrow(TypeError);
    });
  });

  it("a child task given its parent's signal is cancelled with the parent, keeping the message", async () => {
    await run(async () => {
      let child: Task<void> | undefined;
      const parent = createTask(async () => {
        child = createTask(() => sleep(10), { signal: currentTask()?.signal });
        await sleep(10);
      });
      await sleep(0);
      parent.cancel("shutting down");
      await outcome(parent);
      const error = await outcome(child as Task<void>);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("shutting down");
    });
  });
});

describe("AbortSignal in: run and Runner.run", () => {
  it("run(main, { signal }) rejects with CancelledError when the signal aborts", async () => {
    const controller = new AbortController();
    const finished: string[] = [];
    const result = run(
      async () => {
        try {
          await sleep(10);
        } finally {
          finished.push("finally ran");
        }
      },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort("stop"), 1);
    const error = await outcome(result);
    expect(isCancelledError(error)).toBe(true);
    expect((error as Error).message).toBe("stop");
    expect(finished).toEqual(["finally ran"]);
  });

  it("run with a signal aborted already cancels main before it starts", async () => {
    let ran = false;
    const error = await outcome(
      run(
        async () => {
          ran = true;
        },
        { signal: AbortSignal.abort() },
      ),
    );
    expect(isCancelledError(error)).toBe(true);
    expect(ran).toBe(false);
  });

  it("Runner.run(fn, { signal })", async () => {
    await new Runner().with(async (runner) => {
      const controller = new AbortController();
      const pending = runner.run(() => sleep(10), { signal: controller.signal });
      setTimeout(() => controller.abort(), 1);
      expect(isCancelledError(await outcome(pending))).toBe(true);
      // The runner goes on: the next run is not affected.
      expect(await runner.run(async () => "next")).toBe("next");
    });
  });
});

describe("AbortSignal out: the signal of the cancel scope", () => {
  it("the task's signal is aborted with a CancelledError; a foreign AbortError caused by it ends the task cancelled", async () => {
    await run(async () => {
      const seen: unknown[] = [];
      const task = createTask(async () => {
        try {
          await delay(60_000, undefined, { signal: currentTask()?.signal });
        } catch (error) {
          seen.push(error);
          throw error;
        }
      });
      await sleep(0);
      task.cancel("stop");
      const error = await outcome(task);
      // The foreign API rejects with its own AbortError; the task ends cancelled all the same.
      expect((seen[0] as Error).name).toBe("AbortError");
      expect(cancellationOf(seen[0])).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("stop");
    });
  });

  it("a promise rejected with the signal's reason (as fetch does) throws CancelledError at the await", async () => {
    await run(async () => {
      const seen: unknown[] = [];
      const task = createTask(async () => {
        const signal = currentTask()?.signal as AbortSignal;
        try {
          await new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
        } catch (error) {
          seen.push(error);
        }
      });
      await sleep(0);
      task.cancel();
      await outcome(task);
      expect(isCancelledError(seen[0])).toBe(true);
    });
  });

  it("cancellationOf: other AbortErrors and errors are not cancellations", () => {
    const controller = new AbortController();
    controller.abort(new CancelledError("not ours"));
    const foreign = new DOMException("aborted", "AbortError");
    expect(cancellationOf(foreign)).toBeUndefined();
    expect(cancellationOf(Object.assign(new Error("x"), { name: "AbortError", cause: controller.signal.reason }))).toBe(
      undefined,
    );
    expect(cancellationOf(new Error("plain"))).toBeUndefined();
    expect(cancellationOf(undefined)).toBeUndefined();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(cancellationOf(hostile)).toBeUndefined();
    const cancelled = new CancelledError();
    expect(cancellationOf(cancelled)).toBe(cancelled);
  });

  it("a failure that is not caused by our abort stays a failure", async () => {
    await run(async () => {
      const task = createTask(async () => {
        await delay(60_000, undefined, { signal: AbortSignal.abort() });
      });
      const error = await outcome(task);
      expect((error as Error).name).toBe("AbortError");
      expect(task.cancelled()).toBe(false);
    });
  });

  it("the task's signal is fresh after uncancel() withdrew the last request", async () => {
    const loop = newLoop();
    const signals: AbortSignal[] = [];
    const task: Task<void> = loop.createTask(async () => {
      signals.push(task.signal);
      try {
        await sleep(10);
      } catch {
        signals.push(task.signal);
        task.uncancel();
        signals.push(task.signal);
      }
    });
    await runBriefly(loop);
    task.cancel();
    await loop.runUntilComplete(task);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true, false]);
    expect(signals[0]).toBe(signals[1]);
  });

  it("inside a library call, the signal is the call's: aborted when the call is cancelled, not the task's", async () => {
    await run(async () => {
      let inCall: AbortSignal | undefined;
      let afterCall: AbortSignal | undefined;
      let call: CoroutineCall<string> | undefined;
      const task = createTask(async () => {
        const taskSignal = currentTask()?.signal;
        const result = await outcome(
          callCoroutine<string>(async (self) => {
            call = self;
            inCall = currentTask()?.signal;
            await delay(60_000, undefined, { signal: inCall });
            return "slept";
          }),
        );
        afterCall = currentTask()?.signal;
        expect(afterCall).toBe(taskSignal);
        return result;
      });
      await sleep(0);
      expect(inCall).not.toBe(afterCall);
      (call as CoroutineCall<string>).cancel("call only");
      const result = await task;
      // The foreign AbortError ended the call as cancelled.
      expect(isCancelledError(result)).toBe(true);
      expect((result as Error).message).toBe("call only");
      expect(inCall?.aborted).toBe(true);
      expect(afterCall?.aborted).toBe(false);
    });
  });

  it("cancelling the task aborts the signal of the call it awaits", async () => {
    await run(async () => {
      let inCall: AbortSignal | undefined;
      const task = createTask(() =>
        callCoroutine(async () => {
          inCall = currentTask()?.signal;
          await sleep(10);
        }),
      );
      await sleep(0);
      task.cancel();
      expect(inCall?.aborted).toBe(true);
      expect(isCancelledError(await outcome(task))).toBe(true);
    });
  });
});

describe("debug mode: a cancelled call stuck in a foreign await", () => {
  it("is reported, naming the call, where it was entered and its task", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await run(
      async () => {
        const loop = getRunningLoop();
        loop.slowCallbackDuration = 0.01;
        let call: CoroutineCall<string> | undefined;
        const task = createTask(
          async () =>
            await setWaitDescription(
              callCoroutine<string>(async (self) => {
                call = self;
                await delay(200);
                return "done";
              }),
              "Stuck.with()",
            ),
          { name: "stuck-task" },
        );
        await sleep(0);
        (call as CoroutineCall<string>).cancel();
        // The call returned with the cancel undelivered: it ends cancelled.
        expect(isCancelledError(await outcome(task))).toBe(true);
      },
      { debug: true },
    );
    const reports = warn.mock.calls.map((args) => String(args[0])).filter((text) => text.includes("Stuck.with()"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('name="stuck-task"');
    expect(reports[0]).toContain("abort-signal.test.ts");
    expect(reports[0]).toContain("foreign promise");
  });

  it("is not reported when the cancel reaches a library await", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await run(
      async () => {
        const loop = getRunningLoop();
        loop.slowCallbackDuration = 0.01;
        const call = setWaitDescription(
          callCoroutine(() => sleep(10)),
          "Quick.with()",
        );
        await sleep(0);
        call.cancel();
        await outcome(call);
        await sleep(0.05);
      },
      { debug: true },
    );
    expect(warn.mock.calls.filter((args) => String(args[0]).includes("Quick.with()"))).toHaveLength(0);
  });
});
