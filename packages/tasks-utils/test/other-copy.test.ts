// Futures and tasks made by another copy of core (a nested install, or the CommonJS build beside
// the ESM one): this package imports one copy, the user's code may hold futures of the other.
// The second copy is core's sources evaluated afresh (vi.resetModules), so its Future class is
// a different class carrying the same registered brand, and both copies share one running loop.
import * as core from "@asyncio-ts/core";
import { runVirtual } from "asyncio-ts-test-support";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { asCompleted, FIRST_COMPLETED, gather, shield, wait, waitFor } from "../src/index.js";
import { caught, iterations } from "./helpers.js";

let other: typeof core;

beforeAll(async () => {
  vi.resetModules();
  other = (await import("@asyncio-ts/core")) as typeof core;
});

/** A pending future of the other copy, on the running loop, resolved with `value` after `delay` seconds. */
function foreignFuture<T>(value: T, delay: number): core.Future<T> {
  const loop = core.getRunningLoop();
  const future = new other.Future<T>({ loop });
  loop.callLater(delay, () => {
    if (!future.done()) future.setResult(value);
  });
  return future;
}

describe("a Future of another copy of core", () => {
  it("is a different class with the same brand", async () => {
    await runVirtual(async () => {
      const future = foreignFuture(1, 0);
      expect(other.Future).not.toBe(core.Future);
      expect(future instanceof core.Future).toBe(false);
      expect(core.isFuture(future)).toBe(true);
      await future;
    });
  });

  it("is a child that gather waits for, in argument order", async () => {
    await runVirtual(async () => {
      const foreign = foreignFuture("foreign", 2);
      const local = core.sleep(1, "local");
      expect(await gather(foreign, local)).toEqual(["foreign", "local"]);
    });
  });

  it("passed twice to gather is one child with its result twice", async () => {
    await runVirtual(async () => {
      const foreign = foreignFuture(7, 1);
      expect(await gather([foreign, core.sleep(0, 1), foreign])).toEqual([7, 1, 7]);
    });
  });

  it("is cancelled when the gather is", async () => {
    await runVirtual(async () => {
      const foreign = foreignFuture(1, 10);
      const outer = gather(foreign, core.sleep(10));
      await iterations(1);
      outer.cancel("stop");
      expect(core.isCancelledError(await caught(() => outer))).toBe(true);
      expect(foreign.cancelled()).toBe(true);
    });
  });

  it("is a task of the other copy in gather, its failure kept with returnExceptions", async () => {
    await runVirtual(async () => {
      // `new Task`, not createTask: the running loop, of this copy, would make a Task of its own.
      const loop = core.getRunningLoop();
      const error = new RangeError("from the other copy");
      const failing = new other.Task(
        async () => {
          await other.sleep(1);
          throw error;
        },
        { loop },
      );
      const succeeding = new other.Task(async () => "ok", { loop });
      expect(failing instanceof core.Task).toBe(false);
      const results = await gather([failing, succeeding], { returnExceptions: true });
      expect(results[0]).toBe(error);
      expect(results[1]).toBe("ok");
    });
  });

  it("is awaited by waitFor, and cancelled by its timeout", async () => {
    await runVirtual(async () => {
      expect(await waitFor(foreignFuture(8, 1), 5)).toBe(8);
      const slow = foreignFuture(9, 10);
      const error = await caught(() => waitFor(slow, 1));
      expect(core.TimeoutError.isInstance(error)).toBe(true);
      expect(slow.cancelled()).toBe(true);
    });
  });

  it("is shielded: cancelling the outer future leaves it running", async () => {
    await runVirtual(async () => {
      const inner = foreignFuture(3, 2);
      expect(await shield(foreignFuture(4, 1))).toBe(4);
      const outer = shield(inner);
      await iterations(1);
      outer.cancel();
      expect(core.isCancelledError(await caught(() => outer))).toBe(true);
      expect(inner.cancelled()).toBe(false);
      expect(await inner).toBe(3);
    });
  });

  it("is waited on by wait, and reported in the done set", async () => {
    await runVirtual(async () => {
      const foreign = foreignFuture("first", 1);
      const local = core.createTask(() => core.sleep(5, "second"));
      const [done, notDone] = await wait([local, foreign], { returnWhen: FIRST_COMPLETED });
      expect([...done]).toEqual([foreign]);
      expect([...notDone]).toEqual([local]);
      local.cancel();
    });
  });

  it("comes out of asCompleted in the order of completion", async () => {
    await runVirtual(async () => {
      const results: string[] = [];
      const aws = [foreignFuture("late", 3), core.createTask(() => core.sleep(2, "middle")), foreignFuture("early", 1)];
      for await (const next of asCompleted(aws)) results.push(await next);
      expect(results).toEqual(["early", "middle", "late"]);
    });
  });
});
