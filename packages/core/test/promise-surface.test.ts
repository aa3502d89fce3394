import * as assert from "node:assert";
import { types } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ConcurrentFuture,
  callCoroutine,
  createTask,
  currentTask,
  getRunningLoop,
  isCancelledError,
  run,
  sleep,
  type Future,
} from "../src/index.js";

class Boom extends Error {}

/**
 * @types/node types `assert.rejects` as taking a `Promise`; a Future's `then` is typed to return
 * a `PromiseLike`, so TypeScript wants a cast where JavaScript needs none.
 */
function typedAsPromise<T>(future: PromiseLike<T>): Promise<T> {
  return future as unknown as Promise<T>;
}

describe("Future and Task: catch and finally as on a Promise", () => {
  it("catch handles a failure and passes a result through, as a native Promise", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const failing = loop.createFuture<number>();
      const fine = loop.createFuture<number>();
      const handled = failing.catch((error: unknown) => (error instanceof Boom ? -1 : -2));
      const passed = fine.catch(() => -1);
      expect(handled).toBeInstanceOf(Promise);
      failing.setException(new Boom());
      fine.setResult(5);
      expect(await handled).toBe(-1);
      expect(await passed).toBe(5);
      // On a future that is already done, too.
      expect(await failing.catch(() => "late")).toBe("late");
    });
  });

  it("catch sees a cancelled future's CancelledError, with its message", async () => {
    await run(async () => {
      const future = getRunningLoop().createFuture();
      const handled = future.catch((error: unknown) => (error as CancelledError).message);
      future.cancel("stop");
      expect(await handled).toBe("stop");
    });
  });

  it("finally passes the outcome through, and a throwing onFinally replaces it", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const order: string[] = [];
      const ok = loop.createFuture<string>();
      const kept = ok.finally(() => order.push("finally"));
      ok.setResult("value");
      expect(await kept).toBe("value");
      expect(order).toEqual(["finally"]);

      const failing = loop.createFuture<string>();
      const rejected = failing.finally(() => order.push("again"));
      failing.setException(new Boom("original"));
      await expect(rejected).rejects.toThrow("original");

      const replaced = loop.createFuture<string>();
      const replacing = replaced.finally(() => {
        throw new Boom("from finally");
      });
      replaced.setResult("lost");
      await expect(replacing).rejects.toThrow("from finally");
      expect(order).toEqual(["finally", "again"]);
    });
  });

  it("chains: task.catch(...).finally(...)", async () => {
    await run(async () => {
      const task = createTask(async () => {
        await sleep(0);
        throw new Boom("task failed");
      });
      const events: string[] = [];
      const result = await task
        .catch((error: unknown) => {
          events.push(`caught ${(error as Error).message}`);
          return "recovered";
        })
        .finally(() => events.push("finally"));
      expect(result).toBe("recovered");
      expect(events).toEqual(["caught task failed", "finally"]);
    });
  });

  it("node:assert's rejects takes a task and a library call (what with() returns)", async () => {
    await run(async () => {
      const task = createTask(async () => {
        await sleep(0);
        throw new Boom("nope");
      });
      await assert.rejects(typedAsPromise(task), Boom);
      const call = callCoroutine(async () => {
        await sleep(0);
        throw new Boom("call failed");
      });
      await assert.rejects(typedAsPromise(call), { message: "call failed" });
      const cancelled = createTask(() => sleep(10));
      await sleep(0);
      cancelled.cancel();
      await assert.rejects(typedAsPromise(cancelled), CancelledError);
      await assert.doesNotReject(typedAsPromise(createTask(async () => 1)));
    });
  });

  it("vitest's expect(...).rejects and .resolves take a task", async () => {
    await run(async () => {
      await expect(
        createTask(async () => {
          throw new Boom("rejected");
        }),
      ).rejects.toThrow("rejected");
      await expect(createTask(async () => 3)).resolves.toBe(3);
    });
  });

  it("is not a native Promise", async () => {
    await run(async () => {
      const task = createTask(async () => 1);
      expect(types.isPromise(task)).toBe(false);
      expect(task).not.toBeInstanceOf(Promise);
      expect(types.isPromise(task.catch(() => 0))).toBe(true);
      await task;
    });
  });

  it("calling catch inside a task is not the task's await: cancelling the task leaves the future alone", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const other = loop.createFuture<string>();
      let handled: Promise<string> | undefined;
      const task = createTask(async () => {
        handled = other.catch(() => "handled");
        await sleep(10);
      });
      await sleep(0);
      task.cancel();
      const error = await task.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isCancelledError(error)).toBe(true);
      // Had `catch` registered `other` as the task's waiter, the cancel would have reached it.
      expect(other.cancelled()).toBe(false);
      expect(other.done()).toBe(false);
      other.setResult("value");
      expect(await handled).toBe("value");
    });
  });

  it("a pending cancel is not delivered into a catch handler taken inside the task", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const other = loop.createFuture<string>();
      const seen: unknown[] = [];
      const task = createTask(async () => {
        const handled = other.catch((error: unknown) => `handler got ${String(error)}`);
        // A foreign await: the cancel stays pending until the next library await.
        await new Promise<void>((resolve) => setTimeout(resolve, 5));
        seen.push(await handled);
        await sleep(0);
        seen.push("not reached");
      });
      await sleep(0);
      task.cancel("stop");
      other.setResult("result");
      const error = await task.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isCancelledError(error)).toBe(true);
      expect(seen).toEqual(["result"]);
    });
  });

  it("the handler runs inside the task that called catch", async () => {
    await run(async () => {
      const future: Future<number> = getRunningLoop().createFuture<number>();
      const task = createTask(
        async () =>
          await future
            .catch(() => 0)
            .finally(() => undefined)
            .then(() => currentTask()?.getName()),
        { name: "catcher" },
      );
      await sleep(0);
      future.setException(new Boom());
      expect(await task).toBe("catcher");
    });
  });

  it("a ConcurrentFuture (what runCoroutineThreadsafe returns) has catch and finally too", async () => {
    const failing = new ConcurrentFuture<number>();
    const handled = failing.catch((error: unknown) => (error as Error).message);
    failing.setException(new Boom("far away"));
    expect(await handled).toBe("far away");
    const fine = new ConcurrentFuture<number>();
    const order: string[] = [];
    const passed = fine.finally(() => order.push("finally"));
    fine.setResult(7);
    expect(await passed).toBe(7);
    expect(order).toEqual(["finally"]);
    await assert.rejects(
      typedAsPromise(
        (() => {
          const cancelled = new ConcurrentFuture();
          cancelled.cancel();
          return cancelled;
        })(),
      ),
      CancelledError,
    );
  });
});
