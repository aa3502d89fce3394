import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  InvalidStateError,
  RuntimeError,
  ValueError,
  ensureFuture,
  isFuture,
  run,
  sleep,
} from "../src/index.js";
import { newLoop, runBriefly } from "./helpers.js";

describe("Future", () => {
  it("starts pending, and result/exception refuse while pending", () => {
    const loop = newLoop();
    const future = loop.createFuture();
    expect(future.done()).toBe(false);
    expect(future.cancelled()).toBe(false);
    expect(() => future.result()).toThrow(InvalidStateError);
    expect(() => future.result()).toThrow("Result is not ready.");
    expect(() => future.exception()).toThrow("Exception is not set.");
    expect(future.getLoop()).toBe(loop);
  });

  it("holds a result; setting twice or cancelling after is refused", () => {
    const loop = newLoop();
    const future = loop.createFuture<number>();
    future.setResult(42);
    expect(future.done()).toBe(true);
    expect(future.result()).toBe(42);
    expect(future.exception()).toBeUndefined();
    expect(() => future.setResult(1)).toThrow(InvalidStateError);
    expect(() => future.setException(new Error("x"))).toThrow(InvalidStateError);
    expect(future.cancel()).toBe(false);
    expect(future.cancelled()).toBe(false);
  });

  it("holds an exception, rethrown by result(); a class is instantiated", () => {
    const loop = newLoop();
    const future = loop.createFuture();
    const error = new RuntimeError("whoops");
    future.setException(error);
    expect(future.exception()).toBe(error);
    expect(() => future.result()).toThrow(error);
    const other = loop.createFuture();
    other.setException(ValueError);
    expect(other.exception()).toBeInstanceOf(ValueError);
    expect(() => loop.createFuture().setException(undefined)).toThrow(TypeError);
  });

  it("cancels with a message that the CancelledError carries", () => {
    const loop = newLoop();
    const future = loop.createFuture();
    expect(future.cancel("my message")).toBe(true);
    expect(future.cancelled()).toBe(true);
    expect(future.done()).toBe(true);
    expect(future.cancel()).toBe(false);
    expect(() => future.result()).toThrow(CancelledError);
    try {
      future.exception();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("my message");
    }
    expect(() => future.setResult(1)).toThrow(InvalidStateError);
  });

  it("describes its state like Python's repr", () => {
    const loop = newLoop();
    const future = loop.createFuture();
    expect(future.toString()).toBe("<Future pending>");
    future.addDoneCallback(() => {});
    expect(future.toString()).toBe("<Future pending cb=[1]>");
    future.setResult(1);
    expect(future.toString()).toBe("<Future finished result=1>");
    const failed = loop.createFuture();
    failed.setException(new ValueError("bad"));
    expect(failed.toString()).toBe('<Future finished exception=ValueError("bad")>');
    const cancelled = loop.createFuture();
    cancelled.cancel();
    expect(cancelled.toString()).toBe("<Future cancelled>");
  });

  it("schedules done callbacks through the loop, in registration order", async () => {
    const loop = newLoop();
    const future = loop.createFuture<string>();
    const calls: string[] = [];
    future.addDoneCallback((f) => calls.push(`a:${f.result()}`));
    future.addDoneCallback(() => calls.push("b"));
    future.addDoneCallback(() => calls.push("c"));
    future.setResult("x");
    expect(calls).toEqual([]); // never inline
    await runBriefly(loop);
    expect(calls).toEqual(["a:x", "b", "c"]);
  });

  it("schedules a callback added after completion at once (through the loop)", async () => {
    const loop = newLoop();
    const future = loop.createFuture();
    future.setException(new Error("boom"));
    const calls: unknown[] = [];
    future.addDoneCallback((f) => calls.push((f.exception() as Error).message));
    expect(calls).toEqual([]);
    await runBriefly(loop);
    expect(calls).toEqual(["boom"]);
  });

  it("removes every registration of a callback and tells how many", async () => {
    const loop = newLoop();
    const future = loop.createFuture();
    const calls: string[] = [];
    const first = () => calls.push("first");
    const second = () => calls.push("second");
    future.addDoneCallback(first);
    future.addDoneCallback(second);
    future.addDoneCallback(first);
    expect(future.removeDoneCallback(first)).toBe(2);
    expect(future.removeDoneCallback(first)).toBe(0);
    future.setResult(null);
    await runBriefly(loop);
    expect(calls).toEqual(["second"]);
  });

  it("rejects a non-callable done callback", () => {
    const loop = newLoop();
    expect(() => loop.createFuture().addDoneCallback(1 as never)).toThrow(TypeError);
  });

  it("is awaitable: result, exception and CancelledError come out of await", async () => {
    await run(async () => {
      const loop = (await import("../src/index.js")).getRunningLoop();
      const ok = loop.createFuture<number>();
      loop.callSoon(() => ok.setResult(7));
      expect(await ok).toBe(7);

      const failed = loop.createFuture();
      loop.callSoon(() => failed.setException(new ValueError("nope")));
      await expect(failed).rejects.toThrow("nope");

      const cancelled = loop.createFuture();
      loop.callSoon(() => cancelled.cancel("gone"));
      const error = await cancelled.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("gone");
    });
  });

  it("an await of a done future does not cost a loop iteration", async () => {
    await run(async () => {
      const loop = (await import("../src/index.js")).getRunningLoop();
      const done = loop.createFuture<number>();
      done.setResult(3);
      const order: string[] = [];
      loop.callSoon(() => order.push("callback"));
      order.push(`awaited ${await done}`);
      await sleep(0);
      expect(order).toEqual(["awaited 3", "callback"]);
    });
  });

  it("then() without handlers chains like a promise", async () => {
    const loop = newLoop();
    const future = loop.createFuture<number>();
    const chained = future.then((value) => value * 2);
    loop.callSoon(() => future.setResult(21));
    await runBriefly(loop);
    await runBriefly(loop);
    expect(await chained).toBe(42);
  });

  it("then() ignores handlers that are not functions, and keeps each outcome for chaining after it settled", async () => {
    const loop = newLoop();
    const fulfilled = loop.createFuture<number>();
    const rejected = loop.createFuture<number>();
    const passedOn = fulfilled.then(7 as never, "not a handler" as never);
    const failedOn = rejected.then((value) => value, 3 as never);
    // It rejects while the loop runs; the runs below may span Node ticks, and Node would report
    // it unhandled before the test chains on it.
    void failedOn.then(undefined, () => {});
    const recovered = rejected.then(undefined, (error: Error) => `recovered ${error.message}`);
    loop.callSoon(() => {
      fulfilled.setResult(21);
      rejected.setException(new ValueError("bad"));
    });
    await runBriefly(loop);
    await runBriefly(loop);
    // All three settled before anything chained on them.
    expect(await passedOn).toBe(21);
    await expect(failedOn).rejects.toThrow("bad");
    expect(await recovered).toBe("recovered bad");
  });

  it("needs a loop: one given, the running one, or the current one", async () => {
    const loop = newLoop();
    expect(new Future({ loop }).getLoop()).toBe(loop);
    await run(async () => {
      const running = (await import("../src/index.js")).getRunningLoop();
      expect(new Future().getLoop()).toBe(running);
    });
  });

  it("isFuture tells futures from promises", () => {
    const loop = newLoop();
    expect(isFuture(loop.createFuture())).toBe(true);
    expect(isFuture(Promise.resolve())).toBe(false);
    expect(isFuture({ then() {} })).toBe(false);
  });
});

describe("ensureFuture", () => {
  it("returns a future as it is, and refuses a future of another loop", () => {
    const loop = newLoop();
    const other = newLoop();
    const future = loop.createFuture();
    expect(ensureFuture(future)).toBe(future);
    expect(ensureFuture(future, { loop })).toBe(future);
    expect(() => ensureFuture(future, { loop: other })).toThrow(ValueError);
  });

  it("wraps a coroutine function in a task and a promise in a future", async () => {
    const loop = newLoop();
    const task = ensureFuture(async () => "from task", { loop });
    expect(typeof (task as { getName?: unknown }).getName).toBe("function");
    expect(await loop.runUntilComplete(task)).toBe("from task");
    const wrapped = ensureFuture(Promise.resolve("from promise"), { loop });
    expect(await loop.runUntilComplete(wrapped)).toBe("from promise");
    const rejected = ensureFuture(Promise.reject(new ValueError("bad")), { loop });
    await expect(loop.runUntilComplete(rejected)).rejects.toThrow(ValueError);
  });

  it("refuses anything else with Python's TypeError", () => {
    expect(() => ensureFuture(1 as never)).toThrow(TypeError);
    expect(() => ensureFuture(1 as never)).toThrow("An asyncio.Future, a coroutine or an awaitable is required");
  });
});
