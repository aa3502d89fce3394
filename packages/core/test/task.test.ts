import { describe, expect, it } from "vitest";
import {
  CancelledError,
  RuntimeError,
  type Task,
  allTasks,
  createTask,
  currentTask,
  getRunningLoop,
  run,
  sleep,
  type EventLoop,
  type Future,
} from "../src/index.js";
import { captureExceptions, newLoop, outcome, runBriefly } from "./helpers.js";

describe("Task basics", () => {
  it("runs the function and resolves with its result", async () => {
    const loop = newLoop();
    const task = loop.createTask(async () => {
      await sleep(0);
      return "ok";
    });
    expect(task.done()).toBe(false);
    expect(await loop.runUntilComplete(task)).toBe("ok");
    expect(task.result()).toBe("ok");
  });

  it("does not start before the loop runs its step", async () => {
    const loop = newLoop();
    let started = false;
    const task = loop.createTask(async () => {
      started = true;
    });
    expect(started).toBe(false);
    await loop.runUntilComplete(task);
    expect(started).toBe(true);
  });

  it("ends failed with the function's error", async () => {
    const loop = newLoop();
    const error = new RuntimeError("inner");
    const task = loop.createTask(async () => {
      throw error;
    });
    await expect(loop.runUntilComplete(task)).rejects.toBe(error);
    expect(task.exception()).toBe(error);
  });

  it("accepts a function returning a plain value", async () => {
    const loop = newLoop();
    const task = loop.createTask((() => 5) as never);
    expect(await loop.runUntilComplete(task)).toBe(5);
  });

  it("refuses a non-function with Python's TypeError, and explains a promise", () => {
    const loop = newLoop();
    expect(() => loop.createTask(1 as never)).toThrow("a coroutine was expected, got 1");
    const promise = Promise.resolve();
    expect(() => loop.createTask(promise as never)).toThrow(/pass a function that returns the promise/);
  });

  it("names tasks Task-<n> by default, or as asked", async () => {
    const loop = newLoop();
    const first = loop.createTask(async () => {});
    const second = loop.createTask(async () => {});
    const firstNumber = Number(first.getName().slice("Task-".length));
    expect(first.getName()).toMatch(/^Task-\d+$/);
    expect(second.getName()).toBe(`Task-${firstNumber + 1}`);
    const named = loop.createTask(async () => {}, { name: "worker" });
    expect(named.getName()).toBe("worker");
    named.setName(12);
    expect(named.getName()).toBe("12");
    await loop.runUntilComplete(named);
  });

  it("describes itself like Python's repr", async () => {
    const loop = newLoop();
    async function worker(): Promise<number> {
      await sleep(10);
      return 1;
    }
    const task = loop.createTask(worker, { name: "w" });
    expect(task.toString()).toBe('<Task pending name="w" coro=<worker()>>');
    task.cancel();
    expect(task.toString()).toBe('<Task cancelling name="w" coro=<worker()>>');
    await outcome(loop.runUntilComplete(task));
    expect(task.toString()).toBe('<Task cancelled name="w" coro=<worker()>>');
  });

  it("refuses setResult and setException", () => {
    const loop = newLoop();
    const task = loop.createTask(async () => {});
    expect(() => task.setResult(undefined)).toThrow("Task does not support set_result operation");
    expect(() => task.setException(new Error())).toThrow("Task does not support set_exception operation");
  });

  it("exposes its coroutine function and context", async () => {
    const loop = newLoop();
    const coro = async () => 1;
    const task = loop.createTask(coro);
    expect(task.getCoro()).toBe(coro);
    expect(task.getContext()).toBeDefined();
    await loop.runUntilComplete(task);
  });

  it("cannot be created on a closed loop", () => {
    const loop = newLoop();
    loop.close();
    expect(() => loop.createTask(async () => {})).toThrow("Event loop is closed");
  });

  it("cannot await itself", async () => {
    const loop = newLoop();
    let task: Task<unknown>;
    task = loop.createTask(async () => {
      await task;
    });
    const error = await outcome(loop.runUntilComplete(task));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/^Task cannot await on itself/);
  });

  it("cannot await a future of another loop", async () => {
    const loop = newLoop();
    const other = newLoop();
    const foreign = other.createFuture();
    const task = loop.createTask(async () => {
      await foreign;
    });
    const error = await outcome(loop.runUntilComplete(task));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/attached to a different loop/);
  });
});

describe("currentTask and allTasks", () => {
  it("currentTask follows interleaving tasks, and is undefined outside them", async () => {
    const loop = newLoop();
    expect(currentTask(loop)).toBeUndefined();
    const future1 = loop.createFuture();
    const future2 = loop.createFuture();
    const seen: boolean[] = [];
    const task1: Task<void> = loop.createTask(async () => {
      seen.push(currentTask() === task1);
      await future1;
      seen.push(currentTask() === task1);
      future2.setResult(true);
    });
    const task2: Task<void> = loop.createTask(async () => {
      seen.push(currentTask() === task2);
      future1.setResult(true);
      await future2;
      seen.push(currentTask() === task2);
    });
    await loop.runUntilComplete(task1);
    await loop.runUntilComplete(task2);
    expect(seen).toEqual([true, true, true, true]);
    expect(currentTask(loop)).toBeUndefined();
  });

  it("currentTask without a running loop is a RuntimeError", () => {
    expect(() => currentTask()).toThrow("no running event loop");
  });

  it("allTasks lists the tasks not done yet", async () => {
    await run(async () => {
      const main = currentTask();
      const sleeper = createTask(() => sleep(10));
      const quick = createTask(async () => {});
      expect(allTasks()).toEqual(new Set([main, sleeper, quick]));
      await quick;
      expect(allTasks()).toEqual(new Set([main, sleeper]));
      sleeper.cancel();
      await outcome(sleeper);
      expect(allTasks()).toEqual(new Set([main]));
    });
  });
});

describe("Task cancellation", () => {
  it("cancels a task at its current await (test_cancel_yield)", async () => {
    const loop = newLoop();
    const task = loop.createTask(async () => {
      await sleep(0);
      await sleep(0);
      return 12;
    });
    await runBriefly(loop);
    expect(task.cancel()).toBe(true);
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
    expect(task.cancel()).toBe(false);
  });

  it("a task cancelled before it starts never runs, and keeps the message", async () => {
    const loop = newLoop();
    let ran = false;
    const task = loop.createTask(async () => {
      ran = true;
    });
    task.cancel("not today");
    const error = await outcome(loop.runUntilComplete(task));
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("not today");
    expect(task.cancelled()).toBe(true);
  });

  it("a cancelled inner future cancels the task awaiting it (test_cancel_inner_future)", async () => {
    const loop = newLoop();
    const future = loop.createFuture();
    const task = loop.createTask(async () => {
      await future;
      return 12;
    });
    await runBriefly(loop);
    future.cancel();
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(future.cancelled()).toBe(true);
    expect(task.cancelled()).toBe(true);
  });

  it("cancelling both the task and its inner future ends both cancelled", async () => {
    const loop = newLoop();
    const future = loop.createFuture();
    const task = loop.createTask(async () => {
      await future;
    });
    await runBriefly(loop);
    future.cancel();
    task.cancel();
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(future.cancelled()).toBe(true);
    expect(task.cancelled()).toBe(true);
  });

  it("cancel reaches the future awaited now; a task that catches it may return (test_cancel_task_catching)", async () => {
    const loop = newLoop();
    const future1 = loop.createFuture();
    const future2 = loop.createFuture();
    const task = loop.createTask(async () => {
      await future1;
      try {
        await future2;
      } catch (error) {
        if (error instanceof CancelledError) return 42;
        throw error;
      }
      return 0;
    });
    await runBriefly(loop);
    future1.setResult(null);
    await runBriefly(loop);
    task.cancel();
    expect(future1.cancelled()).toBe(false);
    expect(future2.cancelled()).toBe(true);
    expect(await loop.runUntilComplete(task)).toBe(42);
    expect(task.cancelled()).toBe(false);
  });

  it("a task may ignore a cancel and go on awaiting (test_cancel_task_ignoring)", async () => {
    const loop = newLoop();
    const future1 = loop.createFuture();
    const future2 = loop.createFuture();
    const future3 = loop.createFuture<number>();
    const task = loop.createTask(async () => {
      await future1;
      try {
        await future2;
      } catch {
        // ignored on purpose
      }
      return await future3;
    });
    await runBriefly(loop);
    future1.setResult(null);
    await runBriefly(loop);
    task.cancel();
    expect(future2.cancelled()).toBe(true);
    await runBriefly(loop);
    future3.setResult(42);
    expect(await loop.runUntilComplete(task)).toBe(42);
    expect(future3.cancelled()).toBe(false);
    expect(task.cancelled()).toBe(false);
  });

  it("a task that cancels itself is cancelled at its next await (test_cancel_current_task)", async () => {
    const loop = newLoop();
    let after = false;
    const task: Task<number> = loop.createTask(async () => {
      task.cancel();
      await sleep(100);
      after = true;
      return 12;
    });
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(after).toBe(false);
    expect(task.cancelled()).toBe(true);
    expect(task.cancel()).toBe(false);
  });

  it("a task that returns right after cancelling itself ends cancelled (test_cancel_at_end)", async () => {
    const loop = newLoop();
    const task: Task<number> = loop.createTask(async () => {
      task.cancel();
      return 12;
    });
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
  });

  it("a pending cancel cancels the next task awaited (test_cancel_awaited_task)", async () => {
    const loop = newLoop();
    const future = loop.createFuture();
    let nested: Task<void> | undefined;
    const task: Task<void> = loop.createTask(async () => {
      nested = createTask(async () => {
        await future;
      });
      await sleep(0);
      task.cancel();
      await nested;
    });
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
    expect(nested?.cancelled()).toBe(true);
    expect(future.cancelled()).toBe(true);
  });

  it("cancelling the outer task passes through an inner async function to its await (test_yield_future_passes_cancel)", async () => {
    const loop = newLoop();
    let proof = 0;
    const waiter = loop.createFuture();
    async function inner(): Promise<void> {
      try {
        await waiter;
      } catch (error) {
        proof += 1;
        throw error;
      }
    }
    const task = loop.createTask(async () => {
      try {
        await inner();
        proof += 10;
      } catch {
        proof += 100;
      }
    });
    await runBriefly(loop);
    task.cancel();
    await loop.runUntilComplete(task);
    expect(proof).toBe(101);
    expect(waiter.cancelled()).toBe(true);
  });

  it("cancelling a task that awaits another task cancels that one too", async () => {
    const loop = newLoop();
    const order: string[] = [];
    const inner = loop.createTask(async () => {
      try {
        await sleep(10);
      } catch (error) {
        order.push("inner cancelled");
        throw error;
      }
    });
    const outer = loop.createTask(async () => {
      try {
        await inner;
      } catch (error) {
        order.push("outer cancelled");
        throw error;
      }
    });
    await runBriefly(loop);
    outer.cancel();
    await outcome(loop.runUntilComplete(outer));
    expect(order).toEqual(["inner cancelled", "outer cancelled"]);
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
  });

  it("the cancel message reaches the await and the task's result (test_cancel_with_message_then_future_result)", async () => {
    const loop = newLoop();
    let seen: unknown;
    const task = loop.createTask(async () => {
      try {
        await sleep(10);
      } catch (error) {
        seen = error;
        throw error;
      }
    });
    await runBriefly(loop);
    task.cancel("my message");
    const error = await outcome(loop.runUntilComplete(task));
    expect((seen as Error).message).toBe("my message");
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("my message");
    expect(() => task.result()).toThrow("my message");
  });

  it("a waiter done but not yet delivered gives CancelledError instead of its result", async () => {
    const loop = newLoop();
    const future = loop.createFuture<number>();
    const seen: unknown[] = [];
    const task = loop.createTask(async () => {
      try {
        seen.push(await future);
      } catch (error) {
        seen.push(error);
      }
      return "finished";
    });
    await runBriefly(loop);
    future.setResult(1); // the wake-up is now scheduled, not run
    task.cancel("late");
    expect(await loop.runUntilComplete(task)).toBe("finished");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(CancelledError);
    expect((seen[0] as Error).message).toBe("late");
  });

  it("a cancel while awaiting a foreign promise is thrown at the next library await", async () => {
    const loop = newLoop();
    const order: string[] = [];
    let release!: () => void;
    const foreign = new Promise<void>((resolve) => (release = resolve));
    const task = loop.createTask(async () => {
      await foreign;
      order.push("after foreign");
      try {
        await sleep(0);
        order.push("not reached");
      } catch (error) {
        order.push(`cancelled at sleep: ${(error as Error).message}`);
        throw error;
      }
    });
    await runBriefly(loop);
    task.cancel("pending");
    release();
    await outcome(loop.runUntilComplete(task));
    expect(order).toEqual(["after foreign", "cancelled at sleep: pending"]);
    expect(task.cancelled()).toBe(true);
  });

  it("a task that returns while a cancel is pending ends cancelled", async () => {
    const loop = newLoop();
    let release!: () => void;
    const foreign = new Promise<void>((resolve) => (release = resolve));
    const task = loop.createTask(async () => {
      await foreign;
      return "value";
    });
    await runBriefly(loop);
    task.cancel();
    release();
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
  });

  it("Promise.all over futures inside a task: cancel reaches every one", async () => {
    const loop = newLoop();
    const first = loop.createFuture();
    const second = loop.createFuture();
    const task = loop.createTask(async () => {
      await Promise.all([first, second]);
    });
    await runBriefly(loop);
    task.cancel();
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(first.cancelled()).toBe(true);
    expect(second.cancelled()).toBe(true);
  });

  it("counts cancel requests; uncancel withdraws them (test_cancelling, test_uncancel_basic)", async () => {
    const loop = newLoop();
    const task = loop.createTask(async () => {
      try {
        await sleep(10);
      } catch {
        currentTask()?.uncancel();
        await sleep(10);
      }
    });
    await runBriefly(loop);
    expect(task.cancelling()).toBe(0);
    expect(task.cancel()).toBe(true);
    expect(task.cancelling()).toBe(1);
    expect(task.cancelled()).toBe(false);
    await runBriefly(loop);
    expect(task.cancelling()).toBe(0);
    expect(task.done()).toBe(false);
    expect(task.cancel()).toBe(true);
    expect(task.cancel()).toBe(true);
    expect(task.cancelling()).toBe(2);
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
    task.uncancel();
    expect(task.cancelled()).toBe(true);
  });

  it("uncancel down to zero drops a cancel not yet delivered (3.13)", async () => {
    const loop = newLoop();
    let release!: () => void;
    const foreign = new Promise<void>((resolve) => (release = resolve));
    const task = loop.createTask(async () => {
      await foreign;
      await sleep(0);
      return "survived";
    });
    await runBriefly(loop);
    task.cancel();
    expect(task.uncancel()).toBe(0);
    release();
    expect(await loop.runUntilComplete(task)).toBe("survived");
  });

  it("aborts the task's AbortSignal on cancel, with a CancelledError reason", async () => {
    const loop = newLoop();
    let signal: AbortSignal | undefined;
    const task: Task<void> = loop.createTask(async () => {
      signal = task.signal;
      await sleep(10);
    });
    await runBriefly(loop);
    expect(signal?.aborted).toBe(false);
    task.cancel("stop");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(CancelledError);
    expect((signal?.reason as Error).message).toBe("stop");
    await outcome(loop.runUntilComplete(task));
    // A signal asked for after the cancel is aborted already.
    const late = loop.createTask(async () => {});
    late.cancel();
    expect(late.signal.aborted).toBe(true);
  });

  it("the signal lets a foreign API be cancelled (a Node timer)", async () => {
    const { setTimeout: delay } = await import("node:timers/promises");
    const loop = newLoop();
    const task: Task<string> = loop.createTask(async () => {
      try {
        await delay(60_000, undefined, { signal: task.signal });
        return "slept";
      } catch (error) {
        return (error as Error).name;
      }
    });
    await runBriefly(loop);
    task.cancel();
    // The foreign await was aborted; the task returned with the cancel pending, so it ends cancelled.
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("Task ordering", () => {
  it("steps of tasks and callbacks interleave as in CPython", async () => {
    const order: string[] = [];
    await run(async () => {
      const loop = getRunningLoop();
      const a = createTask(async () => {
        order.push("a1");
        await sleep(0);
        order.push("a2");
        await sleep(0);
        order.push("a3");
      });
      loop.callSoon(() => order.push("cb1"));
      const b = createTask(async () => {
        order.push("b1");
        await sleep(0);
        order.push("b2");
      });
      loop.callSoon(() => order.push("cb2"));
      await a;
      await b;
    });
    expect(order).toEqual(["a1", "cb1", "b1", "cb2", "a2", "b2", "a3"]);
  });

  it("a task's done callbacks are scheduled when it finishes, before later steps' work", async () => {
    const order: string[] = [];
    await run(async () => {
      const first = createTask(async () => {
        order.push("first runs");
      });
      first.addDoneCallback(() => order.push("first done callback"));
      const second = createTask(async () => {
        order.push("second runs");
        getRunningLoop().callSoon(() => order.push("second's callback"));
      });
      await first;
      await second;
    });
    expect(order).toEqual(["first runs", "second runs", "first done callback", "second's callback"]);
  });

  it("a task awaiting a task resumes one iteration after it ends", async () => {
    const order: string[] = [];
    await run(async () => {
      const loop = getRunningLoop();
      const inner = createTask(async () => {
        await sleep(0);
        order.push("inner ends");
        loop.callSoon(() => order.push("callback scheduled by inner"));
      });
      const outer = createTask(async () => {
        await inner;
        order.push("outer resumes");
      });
      await outer;
    });
    expect(order).toEqual(["inner ends", "callback scheduled by inner", "outer resumes"]);
  });
});

async function collectGarbage(): Promise<void> {
  if ((globalThis as { gc?: () => void }).gc === undefined) {
    const { setFlagsFromString } = await import("node:v8");
    const { runInNewContext } = await import("node:vm");
    setFlagsFromString("--expose-gc");
    (globalThis as { gc?: () => void }).gc = runInNewContext("gc") as () => void;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    (globalThis as unknown as { gc: () => void }).gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Task error reporting", () => {
  it("reports a task exception never retrieved when the task is collected", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) {
      const { setFlagsFromString } = await import("node:v8");
      const { runInNewContext } = await import("node:vm");
      setFlagsFromString("--expose-gc");
      (globalThis as { gc?: () => void }).gc = runInNewContext("gc") as () => void;
    }
    const loop = newLoop();
    const seen = captureExceptions(loop);
    (function leak() {
      loop.createTask(async () => {
        throw new RuntimeError("lost");
      });
    })();
    await runBriefly(loop);
    await runBriefly(loop);
    for (let attempt = 0; attempt < 10 && seen.length === 0; attempt++) {
      (globalThis as unknown as { gc: () => void }).gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen.map((context) => context.message)).toContain("Task exception was never retrieved");
    expect((seen[0]?.exception as Error).message).toBe("lost");
  });

  it("reports, when the loop closes, a failed task nobody retrieved, once (not again when collected)", async () => {
    const loop = newLoop();
    const seen = captureExceptions(loop) as Array<{ message: string; exception?: unknown; future?: unknown }>;
    const kept: Array<Task<unknown>> = [];
    (function leak() {
      kept.push(
        loop.createTask(
          async () => {
            throw new RuntimeError("lost");
          },
          { name: "failing" },
        ),
      );
    })();
    await runBriefly(loop);
    expect(seen).toEqual([]);
    loop.close();
    expect(seen).toEqual([
      { message: "Task exception was never retrieved", exception: expect.any(RuntimeError), future: kept[0] },
    ]);
    expect((seen[0]?.exception as Error).message).toBe("lost");
    kept.length = 0;
    await collectGarbage();
    expect(seen).toHaveLength(1);
  });

  it("reports a failed future nobody retrieved when the loop closes, and not one whose exception was read", async () => {
    const loop = newLoop();
    const seen = captureExceptions(loop) as Array<{ message: string; exception?: unknown; future?: unknown }>;
    const lost = loop.createFuture();
    const read = loop.createFuture();
    const awaited = loop.createTask(async () => {
      throw new RuntimeError("awaited");
    });
    lost.setException(new RuntimeError("lost"));
    read.setException(new RuntimeError("read"));
    read.exception();
    await outcome(loop.runUntilComplete(awaited));
    loop.close();
    expect(seen).toEqual([
      { message: "Future exception was never retrieved", exception: expect.any(RuntimeError), future: lost },
    ]);
    loop.close();
    expect(seen).toHaveLength(1);
  });

  it("run() reports a failed task main never awaited when it closes the loop", async () => {
    const seen: Array<{ message: string; future?: unknown }> = [];
    let leftBehind: Task<unknown> | undefined;
    await run(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => seen.push(context));
      leftBehind = createTask(async () => {
        throw new RuntimeError("never awaited");
      });
      await sleep(0);
    });
    expect(seen).toEqual([
      { message: "Task exception was never retrieved", exception: expect.any(RuntimeError), future: leftBehind },
    ]);
  });

  it("does not report an exception that was awaited", async () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const task = loop.createTask(async () => {
      throw new RuntimeError("seen");
    });
    await outcome(loop.runUntilComplete(task));
    (globalThis as unknown as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([]);
  });
});

export type { EventLoop, Future };
