import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ContextVar,
  RuntimeError,
  Task,
  ValueError,
  getEventLoop,
  getRunningLoop,
  newEventLoop,
  run,
  setEventLoop,
  sleep,
  type EventLoop,
} from "../src/index.js";
import { captureExceptions, newLoop, runBriefly } from "./helpers.js";

async function runUntilStopped(loop: EventLoop, afterSeconds: number): Promise<void> {
  loop.callLater(afterSeconds, () => loop.stop());
  await loop.runForever();
}

describe("callSoon", () => {
  it("runs callbacks in FIFO order with their arguments", async () => {
    const loop = newLoop();
    const calls: unknown[] = [];
    loop.callSoon((a: number, b: string) => calls.push([a, b]), 1, "x");
    loop.callSoon(() => calls.push("second"));
    loop.callSoon(() => calls.push("third"));
    await runBriefly(loop);
    expect(calls).toEqual([[1, "x"], "second", "third"]);
  });

  it("callbacks scheduled by a callback run in the next iteration, after those already ready", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    loop.callSoon(() => {
      calls.push("a");
      loop.callSoon(() => calls.push("a's child"));
    });
    loop.callSoon(() => calls.push("b"));
    await runBriefly(loop);
    expect(calls).toEqual(["a", "b", "a's child"]);
  });

  it("a cancelled handle does not run", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    const handle = loop.callSoon(() => calls.push("cancelled one"));
    loop.callSoon(() => calls.push("kept"));
    handle.cancel();
    expect(handle.cancelled()).toBe(true);
    handle.cancel();
    await runBriefly(loop);
    expect(calls).toEqual(["kept"]);
  });

  it("refuses what is not a callback, and async functions, as Python's debug checks", () => {
    const loop = newLoop();
    expect(() => loop.callSoon(1 as never)).toThrow(TypeError);
    expect(() => loop.callSoon(1 as never)).toThrow("a callable object was expected by callSoon(), got 1");
    expect(() => loop.callSoon(async () => {})).toThrow("coroutines cannot be used with callSoon()");
    expect(() => loop.callLater(1, async () => {})).toThrow("coroutines cannot be used with callAt()");
  });

  it("an error in a callback goes to the exception handler and the loop goes on", async () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const error = new ValueError("in callback");
    const calls: string[] = [];
    loop.callSoon(function failing() {
      throw error;
    });
    loop.callSoon(() => calls.push("after"));
    await runBriefly(loop);
    expect(calls).toEqual(["after"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toBe("Exception in callback failing()");
    expect(seen[0]?.exception).toBe(error);
  });

  it("runs each callback in a copy of the context it was scheduled from", async () => {
    const variable = new ContextVar<string>("variable", { default: "unset" });
    const loop = newLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(async () => {
      variable.set("in task");
      loop.callSoon(() => {
        seen.push(variable.get());
        variable.set("changed by callback");
      });
      await sleep(0);
      seen.push(variable.get());
    });
    expect(seen).toEqual(["in task", "in task"]);
  });

  it("callSoonThreadsafe schedules like callSoon and wakes an idle loop", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    const done = loop.createFuture();
    setTimeout(() => loop.callSoonThreadsafe(() => done.setResult(calls.push("woken"))), 5);
    await loop.runUntilComplete(done);
    expect(calls).toEqual(["woken"]);
  });
});

describe("timers", () => {
  it("run in deadline order, ties in scheduling order", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    const now = loop.time();
    loop.callAt(now + 0.02, () => calls.push("c"));
    loop.callAt(now + 0.01, () => calls.push("a"));
    loop.callAt(now + 0.02, () => calls.push("d"));
    loop.callAt(now + 0.01, () => calls.push("b"));
    await runUntilStopped(loop, 0.03);
    expect(calls).toEqual(["a", "b", "c", "d"]);
  });

  it("a timer due now runs after callbacks already ready", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    loop.callLater(0, () => calls.push("timer"));
    loop.callSoon(() => calls.push("soon"));
    await runUntilStopped(loop, 0.001);
    expect(calls).toEqual(["soon", "timer"]);
  });

  it("a negative delay is treated as zero; NaN and missing delays are refused", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    loop.callLater(-5, () => calls.push("negative"));
    await runUntilStopped(loop, 0);
    expect(calls).toEqual(["negative"]);
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(ValueError);
    expect(() => loop.callLater(undefined as never, () => {})).toThrow("delay must not be None");
    expect(() => loop.callAt(Number.NaN, () => {})).toThrow(ValueError);
  });

  it("a timer handle knows when it fires and can be cancelled", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    const before = loop.time();
    const handle = loop.callLater(0.01, () => calls.push("cancelled"));
    expect(handle.when()).toBeGreaterThanOrEqual(before + 0.01);
    handle.cancel();
    loop.callLater(0.01, () => calls.push("kept"));
    await runUntilStopped(loop, 0.02);
    expect(calls).toEqual(["kept"]);
  });

  it("drops many cancelled timers from the heap instead of keeping them", async () => {
    const loop = newLoop();
    const handles = Array.from({ length: 300 }, () => loop.callLater(60, () => {}));
    for (const handle of handles.slice(0, 250)) handle.cancel();
    await runBriefly(loop);
    expect(loop._scheduled.size).toBe(50);
    for (const handle of handles.slice(250)) handle.cancel();
  });

  it("the loop clock is monotonic seconds", () => {
    const loop = newLoop();
    const first = loop.time();
    const second = loop.time();
    expect(second).toBeGreaterThanOrEqual(first);
    expect(Math.abs(first - performance.now() / 1000)).toBeLessThan(1);
  });
});

describe("running and stopping", () => {
  it("stop() ends the loop after the current iteration; later callbacks wait for the next run", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    loop.callSoon(() => {
      calls.push("first");
      loop.stop();
      loop.callSoon(() => calls.push("next run"));
    });
    loop.callSoon(() => calls.push("same iteration"));
    await loop.runForever();
    expect(calls).toEqual(["first", "same iteration"]);
    await runBriefly(loop);
    expect(calls).toEqual(["first", "same iteration", "next run"]);
  });

  it("stop() before runForever runs one iteration", async () => {
    const loop = newLoop();
    const calls: string[] = [];
    loop.callSoon(() => calls.push("ran"));
    loop.stop();
    await loop.runForever();
    expect(calls).toEqual(["ran"]);
    expect(loop.isRunning()).toBe(false);
  });

  it("is running only while it runs, and getRunningLoop says so", async () => {
    const loop = newLoop();
    let seen: EventLoop | undefined;
    loop.callSoon(() => {
      seen = getRunningLoop();
    });
    expect(loop.isRunning()).toBe(false);
    await runBriefly(loop);
    expect(seen).toBe(loop);
    expect(loop.isRunning()).toBe(false);
    expect(() => getRunningLoop()).toThrow("no running event loop");
  });

  it("cannot run twice at once, nor beside another loop", async () => {
    const loop = newLoop();
    const other = newLoop();
    const errors: string[] = [];
    await loop.runUntilComplete(async () => {
      await loop.runForever().catch((error: Error) => errors.push(error.message));
      await other.runForever().catch((error: Error) => errors.push(error.message));
    });
    expect(errors).toEqual([
      "This event loop is already running",
      "Cannot run the event loop while another loop is running",
    ]);
  });

  it("runUntilComplete refuses to return a result the loop stopped before", async () => {
    const loop = newLoop();
    const future = loop.createFuture();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(future)).rejects.toThrow("Event loop stopped before Future completed.");
  });

  it("runUntilComplete accepts a foreign promise", async () => {
    const loop = newLoop();
    expect(await loop.runUntilComplete(Promise.resolve("foreign"))).toBe("foreign");
  });

  it("a closed loop refuses work; closing twice is fine; a running loop cannot close", async () => {
    const loop = newLoop();
    await loop.runUntilComplete(async () => {
      expect(() => loop.close()).toThrow("Cannot close a running event loop");
    });
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => loop.callSoon(() => {})).toThrow("Event loop is closed");
    expect(() => loop.callLater(1, () => {})).toThrow("Event loop is closed");
    await expect(loop.runForever()).rejects.toThrow("Event loop is closed");
    await expect(loop.runUntilComplete(async () => {})).rejects.toThrow(RuntimeError);
  });
});

describe("exception handler", () => {
  afterEach(() => vi.restoreAllMocks());

  it("the default handler logs the message and the error", async () => {
    const loop = newLoop();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    loop.callExceptionHandler({ message: "Something broke", exception: new ValueError("details") });
    expect(logged).toHaveBeenCalledTimes(1);
    const text = String(logged.mock.calls[0]?.[0]);
    expect(text).toContain("Something broke");
    expect(text).toContain("ValueError: details");
  });

  it("a custom handler gets (loop, context); null restores the default", () => {
    const loop = newLoop();
    const handler = vi.fn();
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.callExceptionHandler({ message: "m" });
    expect(handler).toHaveBeenCalledWith(loop, { message: "m" });
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeUndefined();
    expect(() => loop.setExceptionHandler(1 as never)).toThrow(TypeError);
  });

  it("an error inside the custom handler goes to the default handler", () => {
    const loop = newLoop();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    loop.setExceptionHandler(() => {
      throw new Error("handler failed");
    });
    loop.callExceptionHandler({ message: "original" });
    expect(String(logged.mock.calls[0]?.[0])).toContain("Unhandled error in exception handler");
  });
});

describe("debug mode", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs slow callbacks", async () => {
    const loop = newLoop();
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.slowCallbackDuration = 0;
    loop.callSoon(function slowOne() {});
    await runBriefly(loop);
    expect(
      warned.mock.calls.some((call) => /Executing <Handle slowOne\(\)> took \d+\.\d{3} seconds/.test(String(call[0]))),
    ).toBe(true);
  });

  it("reports a pending task that was garbage collected", async () => {
    const { setFlagsFromString } = await import("node:v8");
    const { runInNewContext } = await import("node:vm");
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const loop = newLoop();
    loop.setDebug(true);
    const seen = captureExceptions(loop);
    (function abandon() {
      const never = loop.createFuture();
      loop.createTask(async () => {
        await never;
      });
    })();
    await runBriefly(loop);
    for (let attempt = 0; attempt < 10 && seen.length === 0; attempt++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen.map((context) => context.message)).toContain("Task was destroyed but it is pending!");
  });
});

describe("task factory", () => {
  it("createTask goes through the factory; null restores the default", async () => {
    const loop = newLoop();
    const made: string[] = [];
    loop.setTaskFactory((factoryLoop, coro, options) => {
      made.push(options.name ?? "unnamed");
      return new Task(coro, { ...options, loop: factoryLoop });
    });
    expect(loop.getTaskFactory()).toBeTypeOf("function");
    const task = loop.createTask(async () => 1, { name: "via factory" });
    expect(await loop.runUntilComplete(task)).toBe(1);
    expect(made).toEqual(["via factory"]);
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeUndefined();
    expect(() => loop.setTaskFactory(1 as never)).toThrow("task factory must be a callable or None");
  });
});

describe("current loop", () => {
  afterEach(() => setEventLoop(null));

  it("getEventLoop returns the loop set, or makes one; newEventLoop makes a new one", () => {
    const loop = newEventLoop();
    setEventLoop(loop);
    expect(getEventLoop()).toBe(loop);
    expect(newEventLoop()).not.toBe(loop);
    setEventLoop(null);
    const made = getEventLoop();
    expect(made).not.toBe(loop);
    expect(getEventLoop()).toBe(made);
    loop.close();
    made.close();
    expect(() => setEventLoop(1 as never)).toThrow(TypeError);
  });

  it("getEventLoop returns the running loop inside it", async () => {
    await run(async () => {
      expect(getEventLoop()).toBe(getRunningLoop());
    });
  });
});
