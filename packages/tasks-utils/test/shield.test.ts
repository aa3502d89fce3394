import { describe, expect, it } from "vitest";
import { createTask, getRunningLoop, isCancelledError, sleep, type Future } from "@asyncio-ts/core";
import { gather, shield } from "../src/index.js";
import { caught, iterations, pending } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("shield", () => {
  it("passes the inner result through", async () => {
    await runVirtual(async () => {
      const inner = pending<number>();
      const outer = shield(inner);
      inner.setResult(42);
      expect(await outer).toBe(42);
    });
  });

  it("passes the inner exception through", async () => {
    await runVirtual(async () => {
      const inner = pending();
      const outer = shield(inner);
      await sleep(0);
      const error = new RangeError("expected");
      inner.setException(error);
      await iterations(2);
      expect(outer.exception()).toBe(error);
    });
  });

  it("is cancelled when the inner future is cancelled", async () => {
    await runVirtual(async () => {
      const inner = pending();
      const outer = shield(inner);
      await sleep(0);
      inner.cancel();
      await iterations(2);
      expect(outer.cancelled()).toBe(true);
    });
  });

  it("cancelling the outer future leaves the inner one alone, and drops the link", async () => {
    await runVirtual(async () => {
      const inner = pending<number>();
      const outer = shield(inner);
      await sleep(0);
      outer.cancel();
      await iterations(2);
      expect(outer.cancelled()).toBe(true);
      expect(inner.cancelled()).toBe(false);
      expect(outer.toString()).not.toMatch(/cb=/);
      expect(inner.toString()).not.toMatch(/cb=/);
      inner.setResult(1);
    });
  });

  it("returns a done future as it is", async () => {
    await runVirtual(async () => {
      const fut = pending<number>();
      fut.setResult(42);
      expect(shield(fut)).toBe(fut);
      expect(await shield(fut)).toBe(42);
    });
  });

  it("cancelling the awaiting task does not reach the shielded work", async () => {
    await runVirtual(async () => {
      let proof = 0;
      const waiter = pending();
      const outer = createTask(async () => {
        await shield(async () => {
          await waiter;
          proof += 1;
        });
        proof += 100;
      });
      await sleep(0);
      outer.cancel();
      expect(isCancelledError(await caught(() => outer))).toBe(true);
      waiter.setResult(undefined);
      await iterations(2);
      expect(proof).toBe(1);
    });
  });

  it("shielding a gather keeps the gather's children running", async () => {
    await runVirtual(async () => {
      const child1 = pending<number>();
      const child2 = pending<number>();
      const parent = gather(child1, child2);
      const outer = shield(parent);
      await sleep(0);
      outer.cancel();
      await sleep(0);
      expect(outer.cancelled()).toBe(true);
      child1.setResult(1);
      child2.setResult(2);
      await iterations(2);
      expect(parent.result()).toEqual([1, 2]);
    });
  });

  it("gathering shields: cancelling the gather cancels the shields, not the children", async () => {
    await runVirtual(async () => {
      const child1 = pending<number>();
      const child2 = pending<number>();
      const inner1 = shield(child1);
      const inner2 = shield(child2);
      const parent = gather(inner1, inner2);
      await sleep(0);
      parent.cancel();
      await iterations(2);
      expect(isCancelledError(parent.exception())).toBe(true);
      expect(inner1.cancelled()).toBe(true);
      expect(inner2.cancelled()).toBe(true);
      expect(child1.cancelled() || child2.cancelled()).toBe(false);
      child1.setResult(1);
      child2.setResult(2);
    });
  });

  it("runs a coroutine function in a task on the running loop", async () => {
    await runVirtual(async () => {
      const outer = shield(async () => 42);
      expect(outer.getLoop()).toBe(getRunningLoop());
      expect(await outer).toBe(42);
    });
  });

  it("rejects non-awaitables with TypeError", async () => {
    await runVirtual(async () => {
      expect(() => shield(42 as never)).toThrow(TypeError);
      expect(() => shield(undefined as never)).toThrow(TypeError);
    });
  });

  it("reports the inner exception once as never retrieved when the shield was cancelled first, as CPython", async () => {
    const reported: unknown[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reported.push(context.message));
      let inner: Future<unknown> | undefined;
      const outer = createTask(async () => {
        const work = createTask(async () => {
          await sleep(0.01);
          throw new RangeError("lost");
        });
        inner = work;
        await shield(work);
      });
      await sleep(0);
      outer.cancel();
      await caught(() => outer);
      await sleep(0.02);
      expect(inner?.done()).toBe(true);
    });
    // CPython removes its inner-done callback when the outer future is cancelled first, so
    // nobody retrieves the inner exception; it reports it when the task is collected, we at close.
    expect(reported).toEqual(["Task exception was never retrieved"]);
  });
});
