import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CancelledError,
  createTask,
  Future,
  getRunningLoop,
  isCancelledError,
  newEventLoop,
  sleep,
  ValueError,
  type Task,
} from "@asyncio-ts/core";
import { gather } from "../src/index.js";
import { caught, doneCallback, iterations, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("gather: results", () => {
  for (const returnExceptions of [undefined, false, true]) {
    it(`gives results in argument order once all are done (returnExceptions=${returnExceptions})`, async () => {
      await runVirtual(async () => {
        const [a, b, c] = [pending<number>(), pending<number>(), pending<number>()];
        const outer = returnExceptions === undefined ? gather(a, b, c) : gather(a, b, c, { returnExceptions });
        const callback = doneCallback();
        outer.addDoneCallback(callback);
        b.setResult(1);
        a.setResult(2);
        await iterations(3);
        expect(callback.calls).toEqual([]);
        expect(outer.done()).toBe(false);
        c.setResult(3);
        await iterations(3);
        expect(callback.calls).toEqual([outer]);
        expect(outer.result()).toEqual([2, 1, 3]);
      });
    });
  }

  it("runs coroutine functions in tasks and gives their results", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const results = await gather(
        async () => {
          seen.push("a");
          await sleep(0.02);
          return "a";
        },
        async () => {
          seen.push("b");
          await sleep(0.01);
          return 2;
        },
        sleep(0.001, true),
        Promise.resolve(null),
      );
      expect(results).toEqual(["a", 2, true, null]);
      expect(seen).toEqual(["a", "b"]);
    });
  });

  it("takes one array of awaitables, as Promise.all does", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const futures = Array.from({ length: 5 }, (_, index) => {
        const future = loop.createFuture<number>();
        loop.callSoon(() => future.setResult(index * 10));
        return future;
      });
      expect(await gather(futures)).toEqual([0, 10, 20, 30, 40]);
      expect(await gather(futures, { returnExceptions: true })).toEqual([0, 10, 20, 30, 40]);
      expect(await gather([])).toEqual([]);
    });
  });

  it("gathers 200,000 awaitables given as an array (spreading them would overflow the stack)", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const futures: Future<number>[] = [];
      for (let index = 0; index < 200_000; index++) {
        const future = loop.createFuture<number>();
        future.setResult(index);
        futures.push(future);
      }
      const results = await gather(futures);
      expect(results.length).toBe(200_000);
      expect(results[199_999]).toBe(199_999);
    });
  });

  it("resolves an empty gather with [] on the current loop", async () => {
    await runVirtual(async () => {
      const outer = gather();
      expect(outer).toBeInstanceOf(Future);
      expect(outer.getLoop()).toBe(getRunningLoop());
      expect(await outer).toEqual([]);
    });
  });

  it("awaits a duplicate awaitable once and repeats its result", async () => {
    await runVirtual(async () => {
      let calls = 0;
      const coro = async (): Promise<string> => {
        calls++;
        return "abc";
      };
      expect(await gather(coro, coro, async () => "def", coro)).toEqual(["abc", "abc", "def", "abc"]);
      expect(calls).toBe(1);
    });
  });

  it("awaits a task or future passed twice once, pending or already done, also when another gather has it", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const task = createTask(async () => {
        await sleep(0.001);
        return "t";
      });
      const finished = loop.createFuture<string>();
      finished.setResult("f");
      const other = gather(task, task); // the same task in another gather at the same time
      const both = gather(task, finished, task, finished, sleep(0.002, "s"));
      expect(await both).toEqual(["t", "f", "t", "f", "s"]);
      expect(await other).toEqual(["t", "t"]);
      // Counted once each: a child counted twice would have ended the gather before the sleep.
      const order: string[] = [];
      const slow = createTask(async () => {
        await sleep(0.005);
        order.push("slow");
        return 1;
      });
      const fast = createTask(async () => 2);
      await gather(fast, fast, slow).then(() => order.push("gather"));
      expect(order).toEqual(["slow", "gather"]);
    });
  });

  it("returns a Future that can be created early and awaited later", async () => {
    await runVirtual(async () => {
      const early = gather(sleep(0.01, 1), sleep(0.02, 2));
      await sleep(0.03);
      expect(early.done()).toBe(true);
      expect(await early).toEqual([1, 2]);
    });
  });

  it("wakes the awaiting task in the same iterations as CPython", async () => {
    // python 3.12: [0, 1, 'g', 2, 'g2', 3, 4]
    const order: unknown[] = [];
    await runVirtual(async () => {
      const f = pending<number>();
      const t1 = createTask(async () => {
        await gather(f);
        order.push("g");
      });
      const t2 = createTask(async () => {
        await gather(async () => await f);
        order.push("g2");
      });
      await sleep(0);
      f.setResult(1);
      for (let index = 0; index < 5; index++) {
        order.push(index);
        await sleep(0);
      }
      await t1;
      await t2;
    });
    expect(order).toEqual([0, 1, "g", 2, "g2", 3, 4]);
  });

  it("ties every child to the first child's loop (ValueError on another loop)", async () => {
    const other = newEventLoop();
    try {
      await runVirtual(async () => {
        const mine = pending();
        const theirs = new Future({ loop: other });
        expect(() => gather(mine, theirs)).toThrow(ValueError);
        const outer = gather(theirs, new Future({ loop: other }));
        expect(outer.getLoop()).toBe(other);
      });
    } finally {
      other.close();
    }
  });
});

describe("gather: errors", () => {
  it("fails with the first error at once and leaves the other children running", async () => {
    await runVirtual(async () => {
      const [a, b, c, d, e] = [pending(), pending(), pending(), pending(), pending()];
      const outer = gather(a, b, c, d, e);
      const callback = doneCallback();
      outer.addDoneCallback(callback);
      const error = new RangeError("boom");
      a.setResult(1);
      b.setException(error);
      await iterations(2);
      expect(outer.done()).toBe(true);
      expect(callback.calls).toEqual([outer]);
      expect(outer.exception()).toBe(error);
      // The others do not matter any more, nor are they cancelled.
      expect(c.cancelled() || d.cancelled() || e.cancelled()).toBe(false);
      c.setResult(3);
      d.cancel();
      e.setException(new TypeError("later"));
      await iterations(2);
      expect(outer.exception()).toBe(error);
    });
  });

  it("keeps the other tasks running after a failure", async () => {
    await runVirtual(async () => {
      let finished = false;
      const slow = async (): Promise<void> => {
        await sleep(0.02);
        finished = true;
      };
      const slowTask = createTask(slow);
      const error = await caught(() =>
        gather(slowTask, async () => {
          throw new RangeError("fail fast");
        }),
      );
      expect(error).toBeInstanceOf(RangeError);
      expect(finished).toBe(false);
      await slowTask;
      expect(finished).toBe(true);
    });
  });

  it("returns errors in place with returnExceptions", async () => {
    await runVirtual(async () => {
      const [a, b, c, d] = [pending(), pending(), pending(), pending()];
      const outer = gather(a, b, c, d, { returnExceptions: true });
      const error1 = new RangeError("1");
      const error2 = new TypeError("2");
      b.setResult(1);
      c.setException(error1);
      a.setResult(3);
      await iterations(3);
      expect(outer.done()).toBe(false);
      d.setException(error2);
      await iterations(3);
      expect(outer.result()).toEqual([3, 1, error1, error2]);
    });
  });

  it("fails with CancelledError (not cancelled itself) when a child is cancelled on its own", async () => {
    await runVirtual(async () => {
      const [a, b, c, d, e] = [pending(), pending(), pending(), pending(), pending()];
      const outer = gather(a, b, c, d, e);
      a.setResult(1);
      b.cancel();
      await iterations(2);
      expect(outer.done()).toBe(true);
      expect(outer.cancelled()).toBe(false);
      expect(outer.exception()).toBeInstanceOf(CancelledError);
      // The other children are not cancelled.
      expect(c.cancelled()).toBe(false);
      c.setResult(3);
      d.cancel();
      e.setException(new RangeError("ignored"));
    });
  });

  it("puts CancelledError in place of a cancelled child with returnExceptions", async () => {
    await runVirtual(async () => {
      const [a, b, c, d, e, f] = [pending(), pending(), pending(), pending(), pending(), pending()];
      const outer = gather(a, b, c, d, e, f, { returnExceptions: true });
      a.setResult(1);
      const zde = new RangeError("zde");
      b.setException(zde);
      c.cancel("c went away");
      await iterations(2);
      expect(outer.done()).toBe(false);
      d.setResult(3);
      e.cancel();
      const rte = new TypeError("rte");
      f.setException(rte);
      const results = await outer;
      expect(results[2]).toBeInstanceOf(CancelledError);
      expect((results[2] as Error).message).toBe("c went away");
      expect(results[4]).toBeInstanceOf(CancelledError);
      expect([results[0], results[1], results[3], results[5]]).toEqual([1, zde, 3, rte]);
    });
  });

  it("rejects non-awaitables with TypeError", async () => {
    await runVirtual(async () => {
      expect(() => gather(1 as never)).toThrow(TypeError);
      expect(() => gather(sleep(0), "text" as never)).toThrow(TypeError);
      expect(() => gather([1, 2] as never, sleep(0))).toThrow(TypeError);
      // Nothing is started when an argument is bad.
      let started = false;
      expect(() =>
        gather(async () => {
          started = true;
        }, 42 as never),
      ).toThrow(TypeError);
      await sleep(0);
      expect(started).toBe(false);
    });
  });

  it("marks the exceptions of children that finish after the gather as retrieved", async () => {
    const reported: unknown[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reported.push(context));
      const a = pending();
      const b = pending();
      const outer = gather(
        async () => {
          await a;
          throw new RangeError("first");
        },
        async () => {
          await b;
          throw new RangeError("should not be ignored");
        },
      );
      a.setResult(undefined);
      await expect(outer).rejects.toThrow("first");
      b.setResult(undefined);
      await iterations(3);
    });
    expect(reported).toEqual([]);
  });
});

describe("gather: cancellation", () => {
  it("cancelling the awaiting task cancels every child", async () => {
    await runVirtual(async () => {
      let proof = 0;
      const waiter = pending();
      const inner = async (): Promise<void> => {
        await waiter;
        proof += 1;
      };
      const child1 = createTask(inner);
      const child2 = createTask(inner);
      let gatherer: Future<unknown> | undefined;
      const outer = createTask(async () => {
        gatherer = gather(child1, child2);
        await gatherer;
        proof += 100;
      });
      await sleep(0);
      expect(outer.cancel()).toBe(true);
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      expect(outer.cancelled()).toBe(true);
      expect(gatherer?.cancel()).toBe(false);
      expect(waiter.cancelled()).toBe(true);
      expect(child1.cancelled()).toBe(true);
      expect(child2.cancelled()).toBe(true);
      await sleep(0);
      expect(proof).toBe(0);
    });
  });

  it("cancel() on the gather cancels the children and ends it with CancelledError once they are done", async () => {
    await runVirtual(async () => {
      const seen: string[] = [];
      const child = (name: string) => async () => {
        try {
          await sleep(10);
        } catch (error) {
          seen.push(`${name}:${(error as Error).message}`);
          throw error;
        }
      };
      const outer = gather(child("a"), child("b"));
      await sleep(0);
      expect(outer.cancel("stop")).toBe(true);
      // Like Task.cancel, it is not cancelled at once: the children react first.
      expect(outer.done()).toBe(false);
      const error = await caught(() => outer);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("stop");
      expect(outer.cancelled()).toBe(false);
      expect(seen).toEqual(["a:stop", "b:stop"]);
    });
  });

  it("fails with CancelledError after cancel() even with returnExceptions and a child that swallowed it", async () => {
    await runVirtual(async () => {
      const outer = gather(
        async () => {
          try {
            await sleep(10);
          } catch {
            return 5;
          }
          return 0;
        },
        { returnExceptions: true },
      );
      await sleep(0);
      expect(outer.cancel()).toBe(true);
      expect(isCancelledError(await caught(() => outer))).toBe(true);
    });
  });

  it("carries the task's cancel message through a gather with returnExceptions", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const worker = createTask(async () => {
        for (;;) await gather([sleep(0.005)], { returnExceptions: true });
      });
      await sleep(0.02);
      loop.callSoon(() => worker.cancel("my message"));
      const error = await caught(() => worker);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("my message");
    });
  });

  it("refuses cancel() once all children are done (CPython issue 26923)", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const fut = pending<number>();
      const outer = gather(async () => await fut);
      await sleep(0);
      let cancelResult: boolean | undefined;
      // Runs after the child took fut's result: the child is done, its gather callback not yet.
      fut.addDoneCallback(() => {
        cancelResult = outer.cancel();
      });
      loop.callSoon(() => fut.setResult(42));
      expect(await outer).toEqual([42]);
      expect(cancelResult).toBe(false);
      expect(outer.cancelled()).toBe(false);
    });
  });

  it("returns false from cancel() when it is done", async () => {
    await runVirtual(async () => {
      const outer = gather(sleep(0, 1));
      await outer;
      expect(outer.cancel()).toBe(false);
    });
  });
});

describe("gather: types", () => {
  it("types the results as a tuple in argument order", async () => {
    await runVirtual(async () => {
      const task: Task<number> = createTask(async () => 1);
      const a = gather(task, async () => "s", sleep(0, true as const));
      expectTypeOf(a).toEqualTypeOf<Future<[number, string, true]>>();
      const b = gather([task, async () => "s"]);
      expectTypeOf(b).toEqualTypeOf<Future<[number, string]>>();
      const c = gather(task, async () => "s", { returnExceptions: true });
      expectTypeOf(c).toEqualTypeOf<Future<[number | Error, string | Error]>>();
      const tasks: Task<number>[] = [task];
      expectTypeOf(gather(tasks)).toEqualTypeOf<Future<number[]>>();
      await gather(a, b, c);
    });
  });
});
