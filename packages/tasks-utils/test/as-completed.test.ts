import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CancelledError,
  createTask,
  ensureFuture,
  Future,
  getRunningLoop,
  isCancelledError,
  sleep,
  TimeoutError,
  ValueError,
  type Task,
} from "@asyncio-ts/core";
import { asCompleted, wait, type AsCompletedIterator } from "../src/index.js";
import { caught, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

function sleeper<T>(delay: number, value: T): () => Promise<T> {
  return async () => {
    await sleep(delay);
    return value;
  };
}

describe("asCompleted: plain iteration", () => {
  it("gives results in completion order", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const [b, c, a] = [loop.createFuture<string>(), loop.createFuture<string>(), loop.createFuture<string>()];
      // Resolved one per loop iteration, in the order a, b, c: no timing involved.
      loop.callSoon(() => {
        a.setResult("a");
        loop.callSoon(() => {
          b.setResult("b");
          loop.callSoon(() => c.setResult("c"));
        });
      });
      const values: string[] = [];
      for (const next of asCompleted([b, c, a])) {
        values.push(await next);
      }
      expect(values).toEqual(["a", "b", "c"]);
    });
  });

  it("throws each awaitable's error from its iteration", async () => {
    await runVirtual(async () => {
      const outcomes: unknown[] = [];
      const failing = async (): Promise<never> => {
        await sleep(0);
        throw new RangeError("bad");
      };
      for (const next of asCompleted([sleeper(0.05, "ok"), failing])) {
        try {
          outcomes.push(await next);
        } catch (error) {
          outcomes.push(error);
        }
      }
      expect(outcomes[0]).toBeInstanceOf(RangeError);
      expect(outcomes[1]).toBe("ok");
    });
  });

  it("counts the first awaitable to finish for the first iteration awaited, not the first made", async () => {
    await runVirtual(async () => {
      const futures = [...asCompleted([sleep(0.01, "a"), sleep(0.03, "b")])];
      expect(futures).toHaveLength(2);
      expect(await futures[1]).toBe("a");
      expect(await futures[0]).toBe("b");
    });
  });

  it("yields awaitables that can be awaited together", async () => {
    await runVirtual(async () => {
      const futures = [...asCompleted([sleep(0.01, "a"), sleep(0.01, "b")])];
      const [done] = await wait(futures.map((future) => ensureFuture(future)));
      expect(new Set([...done].map((future) => future.result()))).toEqual(new Set(["a", "b"]));
    });
  });

  it("throws TimeoutError from the iterations left at the timeout", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.01, "a"));
      const b = createTask(() => sleep(1, "b"));
      const values: unknown[] = [];
      for (const next of asCompleted([a, b], { timeout: 0.1 })) {
        try {
          values.push(["value", await next]);
        } catch (error) {
          values.push(["error", error]);
        }
      }
      expect(values).toHaveLength(2);
      expect(values[0]).toEqual(["value", "a"]);
      expect((values[1] as unknown[])[0]).toBe("error");
      expect((values[1] as unknown[])[1]).toBeInstanceOf(TimeoutError);
      expect(b.cancelled()).toBe(false); // not cancelled, only abandoned
      b.cancel();
    });
  });

  it("an unused timeout does nothing", async () => {
    await runVirtual(async () => {
      for (const next of asCompleted([sleep(0.001, "a")], { timeout: 1 })) expect(await next).toBe("a");
      for await (const done of asCompleted([sleep(0.001, "a")], { timeout: 1 })) expect(await done).toBe("a");
    });
  });

  it("counts a duplicate once", async () => {
    await runVirtual(async () => {
      const ham = createTask(async () => "ham");
      const result: string[] = [];
      for (const next of asCompleted([ham, ham, createTask(async () => "spam")])) result.push(await next);
      expect(new Set(result)).toEqual(new Set(["ham", "spam"]));
      expect(result).toHaveLength(2);
    });
  });
});

describe("asCompleted: for await", () => {
  it("yields the very futures and tasks given, as they finish", async () => {
    await runVirtual(async () => {
      // b finishes within one loop iteration, a 50 ms later: their order does not hang on load.
      const a = createTask(sleeper(0.05, "a"));
      const b = createTask(sleeper(0, "b"));
      const c = pending<string>();
      // Finishes right after `a`, whatever the load on the machine.
      a.addDoneCallback(() => c.setResult("c"));
      const seen: unknown[] = [];
      for await (const done of asCompleted([a, b, c])) {
        // TypeScript types a for-await variable as the awaited value; it is the future itself.
        const future = done as unknown as Future<string>;
        expect(future.done()).toBe(true);
        seen.push(future);
      }
      expect(seen).toEqual([b, a, c]);
    });
  });

  it("yields the tasks made for coroutine functions, never the functions", async () => {
    await runVirtual(async () => {
      const coroutine = sleeper(0, "x");
      const task = createTask(sleeper(0, "y"));
      const seen = new Set<unknown>();
      for await (const done of asCompleted([coroutine, task])) seen.add(done);
      expect(seen.has(task)).toBe(true);
      expect(seen.has(coroutine)).toBe(false);
      expect([...seen].every((item) => item instanceof Future)).toBe(true);
    });
  });

  it("throws TimeoutError out of the loop at the timeout", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.01, "a"));
      const b = createTask(() => sleep(1, "b"));
      const values: unknown[] = [];
      const error = await caught(async () => {
        for await (const done of asCompleted([a, b], { timeout: 0.1 })) values.push(await done);
      });
      expect(values).toEqual(["a"]);
      expect(error).toBeInstanceOf(TimeoutError);
      b.cancel();
    });
  });

  it("can be resumed after a break, by either kind of loop", async () => {
    await runVirtual(async () => {
      for (const kind of ["sync", "async"] as const) {
        const iterator = asCompleted([0, 1, 2, 3].map((index) => async () => index));
        const collected: number[] = [];
        if (kind === "sync") {
          for (const next of iterator) {
            collected.push(await next);
            if (collected.length === 2) break;
          }
          for (const next of iterator) collected.push(await next);
        } else {
          for await (const done of iterator) {
            collected.push(await done);
            if (collected.length === 2) break;
          }
          for await (const done of iterator) collected.push(await done);
        }
        expect(collected.sort()).toEqual([0, 1, 2, 3]);
      }
    });
  });

  it("collects all the futures with for await", async () => {
    await runVirtual(async () => {
      const futures: Future<string>[] = [];
      for await (const done of asCompleted([sleep(0.005, "a"), sleep(0.005, "b")]))
        futures.push(done as unknown as Future<string>);
      const [done] = await wait(futures);
      expect(new Set([...done].map((future) => future.result()))).toEqual(new Set(["a", "b"]));
    });
  });

  it("cancelling the iterating task throws CancelledError out of the for await", async () => {
    await runVirtual(async () => {
      const slow = createTask(() => sleep(10));
      let reached = false;
      const iterating = createTask(async () => {
        for await (const done of asCompleted([slow])) {
          reached = (done as unknown as Future<unknown>).done();
        }
      });
      await sleep(0.005);
      iterating.cancel();
      const error = await caught(() => iterating);
      expect(error).toBeInstanceOf(CancelledError);
      expect(iterating.cancelled()).toBe(true);
      expect(reached).toBe(false);
      expect(slow.cancelled()).toBe(false);
      slow.cancel();
    });
  });

  it("cancelling a task awaiting one iteration cancels that iteration only, not the awaitable", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.01, "a"));
      const iterator = asCompleted([a]);
      const next = iterator[Symbol.iterator]().next().value as Future<string>;
      const waiting = createTask(async () => await next);
      await sleep(0);
      waiting.cancel();
      expect(isCancelledError(await caught(() => waiting))).toBe(true);
      expect(next.cancelled()).toBe(true);
      expect(a.cancelled()).toBe(false);
      expect(await a).toBe("a");
    });
  });
});

describe("asCompleted: bad input and types", () => {
  it("rejects a single awaitable, non-awaitables and NaN", async () => {
    await runVirtual(async () => {
      const fut = pending();
      expect(() => asCompleted(fut as never)).toThrow(TypeError);
      expect(() => asCompleted(fut as never)).toThrow("expects an iterable of awaitables, not Future");
      expect(() => asCompleted((async () => 1) as never)).toThrow(TypeError);
      expect(() => asCompleted([42 as never])).toThrow(TypeError);
      let started = false;
      const coroutine = async (): Promise<void> => {
        started = true;
      };
      expect(() => asCompleted([coroutine, "x" as never])).toThrow(TypeError);
      await sleep(0);
      expect(started).toBe(false);
      expect(() => asCompleted([fut], { timeout: Number.NaN })).toThrow(ValueError);
      fut.cancel();
    });
  });

  it("yields nothing for an empty input", async () => {
    await runVirtual(async () => {
      expect([...asCompleted([])]).toEqual([]);
      for await (const done of asCompleted([], { timeout: 1 })) expect(done).toBe("never");
    });
  });

  it("types both iterations", async () => {
    await runVirtual(async () => {
      const tasks: Task<number>[] = [createTask(async () => 1)];
      for (const next of asCompleted(tasks)) {
        expectTypeOf(next).toEqualTypeOf<Future<number>>();
        expectTypeOf(await next).toEqualTypeOf<number>();
      }
      const iterator = asCompleted(tasks)[Symbol.asyncIterator]();
      expectTypeOf(await iterator.next()).toEqualTypeOf<IteratorResult<Task<number>>>();
      // `for await` variables are typed as the awaited value by TypeScript's rule; awaiting
      // the real (future) value gives that type, so `await done` is right both ways.
      for await (const done of asCompleted(tasks)) expect(await done).toBe(1);
    });
  });

  it("infers the union of mixed coroutine functions' results, as gather does", async () => {
    await runVirtual(async () => {
      const results: (number | string)[] = [];
      for (const next of asCompleted([async () => 1, async () => "x"])) {
        expectTypeOf(next).toEqualTypeOf<Future<number | string>>();
        results.push(await next);
      }
      expect(results.sort()).toEqual([1, "x"]);
      const promises = asCompleted([Promise.resolve(1), sleep(0, "y")]);
      expectTypeOf(promises).toEqualTypeOf<AsCompletedIterator<number | string>>();
      for (const next of promises) await next;
    });
  });
});
