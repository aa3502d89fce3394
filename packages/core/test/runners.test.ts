import { afterEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  ContextVar,
  KeyboardInterrupt,
  Runner,
  RuntimeError,
  ValueError,
  createTask,
  currentTask,
  getEventLoop,
  getRunningLoop,
  newEventLoop,
  run,
  setEventLoop,
  sleep,
  type EventLoop,
} from "../src/index.js";

afterEach(() => setEventLoop(null));

describe("run", () => {
  it("resolves with main's result, rejects with its error", async () => {
    expect(await run(async () => 42)).toBe(42);
    await expect(
      run(async () => {
        throw new ValueError("spam");
      }),
    ).rejects.toThrow(ValueError);
  });

  it("takes a coroutine function only (ValueError, as Python)", async () => {
    await expect(run(123 as never)).rejects.toThrow(ValueError);
    await expect(run(123 as never)).rejects.toThrow("a coroutine was expected, got 123");
    await expect(run(Promise.resolve() as never)).rejects.toThrow(/pass a function that returns it/);
  });

  it("sets debug mode when asked", async () => {
    expect(await run(async () => getRunningLoop().getDebug(), { debug: true })).toBe(true);
    expect(await run(async () => getRunningLoop().getDebug(), { debug: false })).toBe(false);
  });

  it("cannot be called from a running loop", async () => {
    let inner: unknown;
    await run(async () => {
      inner = await run(async () => 1).catch((error: unknown) => error);
    });
    expect(inner).toBeInstanceOf(RuntimeError);
    expect((inner as Error).message).toBe("asyncio.run() cannot be called from a running event loop");
  });

  it("cancels hanging tasks at exit and waits for them", async () => {
    const order: string[] = [];
    let leftover: { cancelled(): boolean } | undefined;
    await run(async () => {
      leftover = createTask(async () => {
        try {
          await sleep(60);
        } catch (error) {
          order.push("leftover cancelled");
          await sleep(0); // cleanup may still await
          order.push("leftover cleaned up");
          throw error;
        }
      });
      await sleep(0);
      order.push("main done");
    });
    expect(order).toEqual(["main done", "leftover cancelled", "leftover cleaned up"]);
    expect(leftover?.cancelled()).toBe(true);
  });

  it("reports errors of hanging tasks through the exception handler", async () => {
    const seen: Array<{ message: string; exception?: unknown }> = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => seen.push(context));
      createTask(async () => {
        try {
          await sleep(60);
        } catch {
          throw new ValueError("during shutdown");
        }
      });
      await sleep(0);
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toBe("unhandled exception during asyncio.run() shutdown");
    expect((seen[0]?.exception as Error).message).toBe("during shutdown");
  });

  it("sets its loop as the current one while it runs, and unsets it after", async () => {
    let during: EventLoop | undefined;
    await run(async () => {
      during = getEventLoop();
      expect(during).toBe(getRunningLoop());
    });
    expect(during?.isClosed()).toBe(true);
    const after = getEventLoop();
    expect(after).not.toBe(during);
    after.close();
  });

  it("a main task cancelled (not by Ctrl-C) rejects with CancelledError", async () => {
    await expect(
      run(async () => {
        currentTask()?.cancel();
        await sleep(0);
      }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("Runner", () => {
  it("runs several coroutines on one loop, sharing a context", async () => {
    const variable = new ContextVar<number>("counter", { default: 0 });
    const runner = new Runner();
    const loops: EventLoop[] = [];
    await runner.with(async () => {
      await runner.run(async () => {
        loops.push(getRunningLoop());
        variable.set(variable.get() + 1);
      });
      expect(
        await runner.run(async () => {
          loops.push(getRunningLoop());
          return variable.get();
        }),
      ).toBe(1);
    });
    expect(loops[0]).toBe(loops[1]);
    expect(loops[0]?.isClosed()).toBe(true);
  });

  it("uses the debug flag and the loop factory given", async () => {
    const made: EventLoop[] = [];
    const runner = new Runner({
      debug: true,
      loopFactory: () => {
        const loop = newEventLoop();
        made.push(loop);
        return loop;
      },
    });
    const loop = runner.getLoop();
    expect(made).toEqual([loop]);
    expect(loop.getDebug()).toBe(true);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("refuses a non-coroutine and a future", async () => {
    const runner = new Runner();
    await expect(runner.run(123 as never)).rejects.toThrow(ValueError);
    const future = runner.getLoop().createFuture();
    await expect(runner.run(future as never)).rejects.toThrow(ValueError);
    await runner.close();
  });

  it("closes once; a closed runner refuses to run", async () => {
    const runner = new Runner();
    await runner.run(async () => {});
    await runner.close();
    await runner.close();
    await expect(runner.run(async () => {})).rejects.toThrow("Runner is closed");
    expect(() => runner.getLoop()).toThrow("Runner is closed");
    await expect(runner.with(async () => {})).rejects.toThrow("Runner is closed");
  });

  it("cannot run from inside its own running loop", async () => {
    const runner = new Runner();
    const error = await runner.run(async () => runner.run(async () => 1).catch((reason: unknown) => reason));
    expect((error as Error).message).toBe("Runner.run() cannot be called from a running event loop");
    await runner.close();
  });

  it("supports await using", async () => {
    let loop: EventLoop | undefined;
    {
      await using runner = new Runner();
      loop = runner.getLoop();
    }
    expect(loop.isClosed()).toBe(true);
  });
});

describe("Ctrl-C", () => {
  function withoutOtherListeners<T>(body: () => Promise<T>): Promise<T> {
    const saved = process.listeners("SIGINT");
    process.removeAllListeners("SIGINT");
    return body().finally(() => {
      process.removeAllListeners("SIGINT");
      for (const listener of saved) process.on("SIGINT", listener);
    });
  }

  it("cancels the main task; run then rejects with KeyboardInterrupt", async () => {
    const seen: string[] = [];
    const error = await withoutOtherListeners(() =>
      run(async () => {
        getRunningLoop().callLater(0.01, () => process.emit("SIGINT"));
        try {
          await sleep(60);
        } catch (reason) {
          seen.push((reason as Error).name);
          throw reason;
        }
      }).catch((reason: unknown) => reason),
    );
    expect(seen).toEqual(["CancelledError"]);
    expect(error).toBeInstanceOf(KeyboardInterrupt);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("a main task that swallows the cancel and returns resolves normally", async () => {
    const result = await withoutOtherListeners(() =>
      run(async () => {
        getRunningLoop().callLater(0.01, () => process.emit("SIGINT"));
        try {
          await sleep(60);
        } catch {
          currentTask()?.uncancel();
        }
        return "graceful";
      }),
    );
    expect(result).toBe("graceful");
  });

  it("leaves SIGINT alone when someone else listens", async () => {
    const mine = (): void => {};
    process.on("SIGINT", mine);
    try {
      await run(async () => {
        expect(process.listeners("SIGINT")).toEqual(expect.arrayContaining([mine]));
        expect(process.listenerCount("SIGINT")).toBeGreaterThanOrEqual(1);
      });
    } finally {
      process.removeListener("SIGINT", mine);
    }
  });
});
