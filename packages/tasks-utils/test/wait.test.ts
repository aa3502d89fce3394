import { describe, expect, expectTypeOf, it } from "vitest";
import { createTask, Future, isCancelledError, sleep, ValueError, type Task } from "@asyncio-ts/core";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, wait } from "../src/index.js";
import { caught, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

async function fail(delay: number): Promise<never> {
  await sleep(delay);
  throw new RangeError("err");
}

describe("wait", () => {
  it("waits for all by default and returns [done, pending] sets", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.01));
      const b = createTask(() => sleep(0.015));
      const [done, notDone] = await wait([b, a]);
      expect(done).toEqual(new Set([a, b]));
      expect(notDone).toEqual(new Set());
      // Again, with everything done already.
      const [again] = await wait([a, b], { returnWhen: ALL_COMPLETED });
      expect(again).toEqual(new Set([a, b]));
    });
  });

  it("counts a duplicate once", async () => {
    await runVirtual(async () => {
      const c = createTask(async () => "test");
      const [done, notDone] = await wait([c, c, createTask(async () => "spam")]);
      expect(notDone.size).toBe(0);
      expect(new Set([...done].map((future) => future.result()))).toEqual(new Set(["test", "spam"]));
    });
  });

  it("FIRST_COMPLETED returns when one is done and leaves the others running", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(10));
      const b = createTask(() => sleep(0.01));
      const [done, notDone] = await wait([b, a], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([b]));
      expect(notDone).toEqual(new Set([a]));
      expect(a.done()).toBe(false);
      expect(b.result()).toBeUndefined();
      a.cancel();
    });
  });

  it("FIRST_COMPLETED sorts by what is done when it returns, not by what woke it", async () => {
    await runVirtual(async () => {
      const a = createTask(async () => {
        await sleep(0);
      });
      const b = createTask(async () => {
        await sleep(0);
        await sleep(0);
      });
      const [done] = await wait([b, a], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([a, b]));
    });
  });

  it("FIRST_EXCEPTION returns at once when one has failed already", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(10));
      const b = createTask(() => fail(0));
      const [done, notDone] = await wait([b, a], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([b]));
      expect(notDone).toEqual(new Set([a]));
      a.cancel();
    });
  });

  it("FIRST_EXCEPTION returns when one fails while waiting", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(10));
      const b = createTask(() => fail(0.01));
      const [done, notDone] = await wait([b, a], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([b]));
      expect(notDone).toEqual(new Set([a]));
      a.cancel();
    });
  });

  it("FIRST_EXCEPTION does not count a cancelled one as failed, and waits for all when none fails", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.02));
      const b = createTask(() => sleep(10));
      const c = createTask(() => sleep(0.01));
      b.cancel();
      const [done, notDone] = await wait([a, b, c], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([a, b, c]));
      expect(notDone.size).toBe(0);
    });
  });

  it("does not throw the errors of what it waits for", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.01));
      const b = createTask(() => fail(0.015));
      const [done, notDone] = await wait([b, a]);
      expect(done.size).toBe(2);
      expect(notDone.size).toBe(0);
      expect([...done].filter((future) => future.exception() !== undefined)).toEqual([b]);
    });
  });

  it("returns on timeout with what is not done in pending, and does not throw", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.01));
      const b = createTask(() => sleep(1));
      const [done, notDone] = await wait([b, a], { timeout: 0.1 });
      expect(done).toEqual(new Set([a]));
      expect(notDone).toEqual(new Set([b]));
      const [none, all] = await wait([b], { timeout: 0 });
      expect(none.size).toBe(0);
      expect(all).toEqual(new Set([b]));
      b.cancel();
    });
  });

  it("takes any iterable: a Set, an iterator, a generator", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(0.001));
      const b = createTask(() => sleep(0.002));
      expect((await wait(new Set([a, b])))[0]).toEqual(new Set([a, b]));
      expect((await wait([a, b][Symbol.iterator]()))[0]).toEqual(new Set([a, b]));
      function* generate(): Generator<Task<number>> {
        for (let index = 0; index < 10; index++) yield createTask(async () => index);
      }
      const [done, notDone] = await wait(generate(), { returnWhen: ALL_COMPLETED });
      expect(done.size).toBe(10);
      expect(notDone.size).toBe(0);
    });
  });

  it("starts coroutine functions in tasks and wraps other promises (a choice of ours: Python 3.12 refuses coroutines)", async () => {
    await runVirtual(async () => {
      const [done, notDone] = await wait([async () => "from a coroutine function", Promise.resolve("foreign")]);
      expect(notDone.size).toBe(0);
      expect([...done].every((future) => future instanceof Future)).toBe(true);
      expect(new Set([...done].map((future) => future.result()))).toEqual(
        new Set(["from a coroutine function", "foreign"]),
      );
    });
  });

  it("cancelling the waiting task makes wait return early, leaving the awaitables running", async () => {
    await runVirtual(async () => {
      let proof = 0;
      const waiter = pending();
      const inner = createTask(async () => {
        await waiter;
        proof += 1;
      });
      const outer = createTask(async () => {
        await wait([inner]);
        proof += 100;
      });
      await sleep(0);
      outer.cancel();
      expect(isCancelledError(await caught(() => outer))).toBe(true);
      waiter.setResult(undefined);
      await inner;
      expect(proof).toBe(1);
    });
  });

  it("rejects bad input at the await: empty, a single awaitable, unknown returnWhen, NaN timeout", async () => {
    await runVirtual(async () => {
      const fut = pending();
      const failure = async (call: () => PromiseLike<unknown>): Promise<Error> => (await caught(call)) as Error;
      expect(await failure(() => wait([]))).toBeInstanceOf(ValueError);
      expect((await failure(() => wait([]))).message).toBe("Set of Tasks/Futures is empty.");
      expect(await failure(() => wait(new Set<Future<unknown>>()))).toBeInstanceOf(ValueError);
      expect(await failure(() => wait(fut as never))).toBeInstanceOf(TypeError);
      expect((await failure(() => wait(fut as never))).message).toBe("expect a list of futures, not Future");
      expect(await failure(() => wait((async () => 1) as never))).toBeInstanceOf(TypeError);
      expect(await failure(() => wait(42 as never))).toBeInstanceOf(TypeError);
      expect(await failure(() => wait([fut], { returnWhen: -1 as never }))).toBeInstanceOf(ValueError);
      expect((await failure(() => wait([fut], { returnWhen: -1 as never }))).message).toBe(
        "Invalid return_when value: -1",
      );
      expect(await failure(() => wait([fut], { timeout: Number.NaN }))).toBeInstanceOf(ValueError);
      // Nothing is started when an item is bad.
      let started = false;
      const coroutine = async (): Promise<void> => {
        started = true;
      };
      expect(await failure(() => wait([coroutine, 42 as never]))).toBeInstanceOf(TypeError);
      await sleep(0);
      expect(started).toBe(false);
      // The call itself does not throw: the error waits for the await, as in Python.
      let unawaited: Future<unknown> | undefined;
      expect(() => {
        unawaited = wait([]);
      }).not.toThrow();
      expect(await caught(() => unawaited as Future<unknown>)).toBeInstanceOf(ValueError);
    });
  });

  it("types the sets after what it is given", async () => {
    await runVirtual(async () => {
      const tasks: Task<number>[] = [createTask(async () => 1)];
      const result = await wait(tasks);
      expectTypeOf(result[0]).toEqualTypeOf<Set<Task<number>>>();
      const mixed = await wait([async () => "x"]);
      expectTypeOf(mixed[1]).toEqualTypeOf<Set<Future<string>>>();
    });
  });
});
