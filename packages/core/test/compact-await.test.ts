// The compact form of a library await (internal/accelerators/compact-await.ts): the awaiting task
// keeps the engine's resolve function and is itself the future's callback. Skipped where its
// probe did not pass (or with ASYNCIO_TS_ACCELERATE=0): the plain form serves there.
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, type Task, type EventLoop, type Future } from "../src/index.js";
import { compactAwaitProbe, setCompactAwaitThreshold } from "../src/internal/accelerators/index.js";
import { newLoop, outcome } from "./helpers.js";

const compactAwaitAvailable = await compactAwaitProbe;
const defaultThreshold = setCompactAwaitThreshold(10_000);
setCompactAwaitThreshold(defaultThreshold);

afterEach(() => {
  setCompactAwaitThreshold(defaultThreshold);
});

describe.skipIf(!compactAwaitAvailable)("compact await", () => {
  it("takes the compact form only once the loop has enough awaits pending, and counts them back down", async () => {
    const loop = newLoop();
    setCompactAwaitThreshold(2);
    const future = loop.createFuture<string>();
    const tasks = [0, 1, 2].map(() => loop.createTask(async () => await future));
    loop.callSoon(() =>
      loop.callSoon(() => {
        const callbacks = future._peekCallbacks();
        expect(loop._pendingAwaits).toBe(3);
        expect(callbacks).toHaveLength(3);
        expect(callbacks.slice(0, 2).some((item) => (tasks as unknown[]).includes(item))).toBe(false);
        expect(callbacks[2]).toBe(tasks[2]);
        future.setResult("all");
      }),
    );
    for (const task of tasks) expect(await loop.runUntilComplete(task)).toBe("all");
    expect(loop._pendingAwaits).toBe(0);
  });

  it("keeps only the awaiting task as the future's callback, and resumes it with the result", async () => {
    const loop = compactLoop();
    const future = loop.createFuture<string>();
    const task = loop.createTask(async () => await future);
    loop.callSoon(() =>
      loop.callSoon(() => {
        expect(future._peekCallbacks()).toEqual([task]);
        expect(typeof task._resume).toBe("function");
        future.setResult("done");
      }),
    );
    expect(await loop.runUntilComplete(task)).toBe("done");
    expect(task._resume).toBeUndefined();
  });

  it("throws the future's exception, and its CancelledError with the message, at the await", async () => {
    const loop = compactLoop();
    const failing = loop.createFuture();
    const cancelled = loop.createFuture();
    const error = new Error("broken");
    const seen: unknown[] = [];
    const task = loop.createTask(async () => {
      seen.push(await outcome(failing));
      seen.push(await outcome(cancelled));
    });
    loop.callSoon(() => failing.setException(error));
    loop.callLater(0.001, () => cancelled.cancel("why"));
    await loop.runUntilComplete(task);
    expect(seen[0]).toBe(error);
    expect(seen[1]).toBeInstanceOf(CancelledError);
    expect((seen[1] as CancelledError).message).toBe("why");
  });

  it("throws CancelledError, not the result, when the task is cancelled after the future finished", async () => {
    const loop = compactLoop();
    const future = loop.createFuture<number>();
    const seen: unknown[] = [];
    const task = loop.createTask(async () => {
      seen.push(await outcome(future));
      return "went on";
    });
    loop.callSoon(() =>
      loop.callSoon(() => {
        future.setResult(1);
        task.cancel("late");
      }),
    );
    expect(await loop.runUntilComplete(task)).toBe("went on");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(CancelledError);
    expect((seen[0] as CancelledError).message).toBe("late");
  });

  it("settles a promise whose own resolving functions are passed, and the receipt after it, with undefined", async () => {
    const loop = compactLoop();
    const fulfilled = loop.createFuture<string>();
    const rejected = loop.createFuture<string>();
    const error = new Error("no");
    const order: string[] = [];
    const task = loop.createTask(async () => {
      let receipts: PromiseLike<unknown>[] = [];
      const first = new Promise((resolve, reject) => receipts.push(fulfilled.then(resolve, reject)));
      const second = new Promise((resolve, reject) => receipts.push(rejected.then(resolve, reject)));
      void first.then(() => order.push("first"));
      void second.then(undefined, () => order.push("second"));
      const results = await Promise.all([outcome(first), outcome(second)]);
      // Chained only now, after both futures' outcomes were delivered.
      const receiptValues = await Promise.all(
        receipts.map((receipt) => receipt.then((value) => (order.push("receipt"), value))),
      );
      receipts = [];
      return [results, receiptValues];
    });
    loop.callSoon(() => {
      fulfilled.setResult("yes");
      rejected.setException(error);
    });
    expect(await loop.runUntilComplete(task)).toEqual([
      ["yes", error],
      [undefined, undefined],
    ]);
    expect(order).toEqual(["first", "second", "receipt", "receipt"]);
  });

  it("fulfills a receipt chained before the future finishes only after the outcome reached the promise", async () => {
    const loop = compactLoop();
    const future = loop.createFuture<string>();
    const order: string[] = [];
    const task = loop.createTask(async () => {
      let receipt: PromiseLike<unknown> | undefined;
      const settled = new Promise((resolve, reject) => {
        receipt = future.then(resolve, reject);
      });
      void settled.then((value) => order.push(`promise ${String(value)}`));
      const receiptValue = await (receipt as PromiseLike<unknown>).then((value) => (order.push("receipt"), value));
      return receiptValue;
    });
    loop.callSoon(() => loop.callSoon(() => future.setResult("v")));
    expect(await loop.runUntilComplete(task)).toBeUndefined();
    expect(order).toEqual(["promise v", "receipt"]);
  });

  it("does not take nameless one-parameter callbacks for resolving functions", async () => {
    const loop = compactLoop();
    const future = loop.createFuture<string>();
    const error = new Error("bad");
    let handledBeside: unknown;
    const task = loop.createTask(async () => {
      // A resolving function beside a callback of the caller's: the callback must still run.
      const beside = new Promise((resolve) => future.then(resolve, (reason) => resolve((handledBeside = reason))));
      const chained = future.then(
        (value) => `fulfilled ${value}`,
        (reason) => `handled ${(reason as Error).message}`,
      );
      expect(future._peekCallbacks()).toHaveLength(2);
      expect(future._peekCallbacks()).not.toContain(task);
      return [await chained, await beside];
    });
    loop.callSoon(() => future.setException(error));
    expect(await loop.runUntilComplete(task)).toEqual(["handled bad", error]);
    expect(handledBeside).toBe(error);
  });

  it("does not take bound functions or Proxies, which print as native code too, for resolving functions", async () => {
    const loop = compactLoop();
    const error = new Error("bad");
    const seen: string[] = [];
    const handler = {
      fulfilled(value: unknown) {
        seen.push(`bound fulfilled ${String(value)}`);
      },
      rejected(reason: unknown) {
        seen.push(`bound rejected ${(reason as Error).message}`);
      },
    };
    const traps: string[] = [];
    const proxied = (target: (value: unknown) => void): ((value: unknown) => void) =>
      new Proxy(target, {
        get(inner, key, receiver) {
          traps.push(String(key));
          return Reflect.get(inner, key, receiver);
        },
      });
    for (const kind of ["bound", "proxy"] as const) {
      const future = loop.createFuture();
      const task = loop.createTask(async () => {
        if (kind === "bound") {
          void future.then(handler.fulfilled.bind(handler), handler.rejected.bind(handler));
        } else {
          let resolveProxied!: (value: unknown) => void;
          const settled = new Promise((resolve) => (resolveProxied = resolve));
          // Proxies of the very functions V8 passes: still callbacks of the caller's.
          void future.then(
            proxied((value) => seen.push(`proxy fulfilled ${String(value)}`)),
            proxied((reason) => resolveProxied(seen.push(`proxy rejected ${(reason as Error).message}`))),
          );
          expect(future._peekCallbacks()).not.toContain(task);
          await settled;
        }
      });
      loop.callSoon(() => future.setException(error));
      await loop.runUntilComplete(task);
      await loop.runUntilComplete(loop.createTask(async () => {}));
    }
    expect(seen).toEqual(["bound rejected bad", "proxy rejected bad"]);
    expect(traps).toEqual([]);
  });

  it("registers the first of several futures awaited at once compactly; a cancel reaches them all", async () => {
    const loop = compactLoop();
    const first = loop.createFuture();
    const second = loop.createFuture();
    const task: Task<unknown> = loop.createTask(async () => {
      await Promise.all([first, second]);
    });
    loop.callSoon(() =>
      loop.callSoon(() => {
        expect(first._peekCallbacks()).toEqual([task]);
        expect(second._peekCallbacks()).toHaveLength(1);
        expect(second._peekCallbacks()[0]).not.toBe(task);
        task.cancel();
      }),
    );
    expect(await outcome(loop.runUntilComplete(task))).toBeInstanceOf(CancelledError);
    expect(first.cancelled()).toBe(true);
    expect(second.cancelled()).toBe(true);
  });

  it("delivers an await made in the task's frame while it is suspended apart from its own", async () => {
    for (const finishFirst of ["own", "side"] as const) {
      const loop = compactLoop();
      const own = loop.createFuture<string>();
      const side = loop.createFuture<string>();
      let sideValue: unknown;
      const task = loop.createTask(async () => {
        // A reaction runs in the frame it was attached in: this await is the task's too.
        void Promise.resolve().then(async () => {
          sideValue = await side;
        });
        return await own;
      });
      const futures: Record<"own" | "side", Future<string>> = { own, side };
      const later = finishFirst === "own" ? "side" : "own";
      loop.callSoon(() =>
        loop.callSoon(() => {
          expect(own._peekCallbacks()).toEqual([task]);
          futures[finishFirst].setResult(`${finishFirst} value`);
          loop.callSoon(() => futures[later].setResult(`${later} value`));
        }),
      );
      expect(await loop.runUntilComplete(task)).toBe("own value");
      await loop.runUntilComplete(sleepOnce(loop));
      expect(sideValue).toBe("side value");
    }
  });
});

describe.skipIf(!compactAwaitAvailable)("tasks started while many awaits are pending", () => {
  it("end with their function's result, exception or cancel, with and without awaits", async () => {
    const loop = compactLoop();
    const gate = loop.createFuture<string>();
    const error = new Error("broken");
    const tasks = [
      loop.createTask(async () => await gate),
      loop.createTask(async () => {
        await gate;
        throw error;
      }),
      loop.createTask(async () => "at once"),
      loop.createTask(async () => await loop.createFuture()),
      // Not an async function.
      loop.createTask(() => Promise.resolve("plain")),
    ];
    loop.callSoon(() =>
      loop.callSoon(() => {
        tasks[3]?.cancel("stop");
        gate.setResult("opened");
      }),
    );
    const outcomes = await loop.runUntilComplete(
      loop.createTask(async () => Promise.all(tasks.map((task) => outcome(task)))),
    );
    expect(outcomes.slice(0, 3)).toEqual(["opened", error, "at once"]);
    expect(outcomes[3]).toBeInstanceOf(CancelledError);
    expect((outcomes[3] as CancelledError).message).toBe("stop");
    expect(outcomes[4]).toBe("plain");
    expect(tasks[3]?.cancelled()).toBe(true);
  });

  it("end with the generator an async generator function returns, as other tasks do", async () => {
    for (const compact of [false, true]) {
      const loop = compact ? compactLoop() : newLoop();
      async function* generate(): AsyncGenerator<number> {
        yield 1;
      }
      const result = await loop.runUntilComplete(loop.createTask(generate as unknown as () => Promise<unknown>));
      expect(Object.prototype.toString.call(result)).toBe("[object AsyncGenerator]");
    }
  });

  it("unwrap a future whose result is a future, as JavaScript unwraps any thenable", async () => {
    for (const compact of [false, true]) {
      const loop = compact ? compactLoop() : newLoop();
      const outer = loop.createFuture<Future<string>>();
      const inner = loop.createFuture<string>();
      const task = loop.createTask(async () => await outer);
      loop.callSoon(() => outer.setResult(inner));
      loop.callLater(0.001, () => inner.setResult("inner value"));
      expect(await loop.runUntilComplete(task)).toBe("inner value");
    }
  });

  it("wait for a future their function returns, and a cancel reaches it", async () => {
    for (const compact of [false, true]) {
      const loop = compact ? compactLoop() : newLoop();
      const returned = loop.createFuture<string>();
      const cancelledReturn = loop.createFuture<string>();
      const resolving = loop.createTask(async () => returned);
      const cancelling = loop.createTask(async () => cancelledReturn);
      let waiters: unknown[] = [];
      loop.callSoon(() =>
        loop.callSoon(() => {
          waiters = [resolving._waiters, cancelling._waiters];
          returned.setResult("returned");
          cancelling.cancel("enough");
        }),
      );
      expect(await loop.runUntilComplete(resolving)).toBe("returned");
      // The engine awaits the returned future in the function's own frame: it is the task's waiter.
      expect(waiters).toEqual([returned, cancelledReturn]);
      const error = await outcome(loop.runUntilComplete(cancelling));
      expect(error).toBeInstanceOf(CancelledError);
      expect(cancelledReturn.cancelled()).toBe(true);
      expect(cancelling.cancelled()).toBe(true);
    }
  });
});

/** A loop whose tasks' awaits take the compact form from the first pending await on. */
function compactLoop(): EventLoop {
  setCompactAwaitThreshold(0);
  return newLoop();
}

function sleepOnce(loop: EventLoop): Future<void> {
  const future = loop.createFuture<void>();
  loop.callSoon(() => loop.callSoon(() => future.setResult()));
  return future;
}
