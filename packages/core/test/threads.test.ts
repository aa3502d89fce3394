// ThreadPoolExecutor, loop.runInExecutor, loop.threadsafeHandle and RemoteEventLoop: the facts
// of CPython's test_threads.py / run_in_executor tests that hold for worker threads, plus what
// crossing a thread boundary by source text and structured clone means here.
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId, type MessagePort } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  CancelledError,
  ConcurrentFuture,
  InvalidStateError,
  RemoteEventLoop,
  RuntimeError,
  ThreadPoolExecutor,
  ValueError,
  createTask,
  getRunningLoop,
  isCancelledError,
  run,
  sleep,
  wrapFuture,
  type Executor,
} from "../src/index.js";
import { newLoop } from "./helpers.js";
import { typescriptHooksUrl, until } from "asyncio-ts-test-support";

// Starting a worker thread that loads our TypeScript sources takes seconds, many more on a
// loaded machine: a generous limit, as a safety net only.
const WORKER_TEST_TIMEOUT = 120_000;

// ---------------------------------------------------------------- helpers run in workers
// Self-contained functions (they are sent as source text).

function workerThreadId(): number {
  return process.getBuiltinModule("node:worker_threads").threadId;
}

/** Some CPU work, then wait (bounded) until `parties` callers arrived: true if they all did. */
function crunchAndMeet(shared: SharedArrayBuffer, parties: number): { met: boolean; thread: number } {
  let total = 0;
  for (let index = 0; index < 2_000_000; index++) total = (total + index * index) % 1_000_003;
  const cells = new Int32Array(shared);
  Atomics.add(cells, 0, 1);
  Atomics.notify(cells, 0);
  // A safety net only: on a loaded machine the second worker may take many seconds to start.
  const deadline = Date.now() + 60_000;
  for (let arrived = Atomics.load(cells, 0); arrived < parties; arrived = Atomics.load(cells, 0)) {
    if (Date.now() > deadline || total < 0) return { met: false, thread: 0 };
    Atomics.wait(cells, 0, arrived, 100);
  }
  return { met: true, thread: process.getBuiltinModule("node:worker_threads").threadId };
}

/** Says it started (cell 1), then blocks until released (cell 0). */
function blockUntilReleased(shared: SharedArrayBuffer): string {
  const cells = new Int32Array(shared);
  Atomics.store(cells, 1, 1);
  Atomics.notify(cells, 1);
  while (Atomics.load(cells, 0) === 0) Atomics.wait(cells, 0, 0, 100);
  return "released";
}

function countCall(shared: SharedArrayBuffer): number {
  return Atomics.add(new Int32Array(shared), 2, 1) + 1;
}

// ---------------------------------------------------------------- helpers on this side

function gate(): { shared: SharedArrayBuffer; started(): boolean; calls(): number; release(): void } {
  const shared = new SharedArrayBuffer(12);
  const cells = new Int32Array(shared);
  return {
    shared,
    started: () => Atomics.load(cells, 1) === 1,
    calls: () => Atomics.load(cells, 2),
    release: () => {
      Atomics.store(cells, 0, 1);
      Atomics.notify(cells, 0);
    },
  };
}

// Workers that can import @asyncio-ts/core (the package name is passed as an argument: vitest
// rewrites import specifiers written in this file).
let librarySpeakingPool: ThreadPoolExecutor | undefined;
function libraryPool(): ThreadPoolExecutor {
  librarySpeakingPool ??= new ThreadPoolExecutor({
    maxWorkers: 1,
    initializer: (hooks: string) => {
      process.getBuiltinModule("node:module").register(hooks);
    },
    initargs: [typescriptHooksUrl()],
  });
  return librarySpeakingPool;
}
const CORE = "@asyncio-ts/core";

const sharedPool = new ThreadPoolExecutor({ maxWorkers: 2 });

afterAll(async () => {
  await sharedPool.shutdown();
  await librarySpeakingPool?.shutdown();
});

// ---------------------------------------------------------------- tests

describe("runInExecutor: work on another OS thread", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("runs the function on a worker thread and resolves with its result (test_to_thread)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const future = loop.runInExecutor(null, (numbers: number[]) => numbers.reduce((a, b) => a + b, 0), [40, 2]);
      expect(future.getLoop()).toBe(loop);
      expect(await future).toBe(42);
      const other = await loop.runInExecutor(null, workerThreadId);
      expect(other).not.toBe(threadId);
    });
  });

  it("runs two CPU-bound calls at the same time (each waits for the other to arrive)", {
    timeout: 120_000,
  }, async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const shared = new SharedArrayBuffer(4);
      const [first, second] = await Promise.all([
        loop.runInExecutor(null, crunchAndMeet, shared, 2),
        loop.runInExecutor(null, crunchAndMeet, shared, 2),
      ]);
      expect(first.met && second.met).toBe(true);
      expect(first.thread).not.toBe(second.thread);
      expect([first.thread, second.thread]).not.toContain(threadId);
    });
  });

  it("awaits an async function in the worker", async () => {
    await run(async () => {
      const result = await getRunningLoop().runInExecutor(
        sharedPool,
        async (value: string) => {
          const { setTimeout: wait } = process.getBuiltinModule("node:timers/promises");
          await wait(1);
          return value.toUpperCase();
        },
        "later",
      );
      expect(result).toBe("LATER");
    });
  });

  it("sends arguments and results by structured clone", async () => {
    await run(async () => {
      const argument = {
        when: new Date(0),
        tags: new Set(["a"]),
        table: new Map([["k", [1, 2]]]),
        bytes: new Uint8Array([1, 2, 3]),
      };
      const result = await getRunningLoop().runInExecutor(
        sharedPool,
        (input: typeof argument) => {
          input.tags.add("changed in the worker");
          input.bytes[0] = 99;
          return { ...input, echoed: true, seen: input.when instanceof Date && input.table instanceof Map };
        },
        argument,
      );
      expect(result.seen).toBe(true);
      expect(result.table).toBeInstanceOf(Map);
      expect(result.table.get("k")).toEqual([1, 2]);
      expect([...result.tags]).toEqual(["a", "changed in the worker"]);
      expect(result.bytes).toEqual(new Uint8Array([99, 2, 3]));
      // The caller's objects are copies' originals: untouched.
      expect([...argument.tags]).toEqual(["a"]);
      expect(argument.bytes[0]).toBe(1);
    });
  });

  it("accepts a method written in shorthand", async () => {
    await run(async () => {
      const helpers = {
        double(value: number): number {
          return value * 2;
        },
      };
      expect(await getRunningLoop().runInExecutor(sharedPool, helpers.double, 21)).toBe(42);
    });
  });

  it("runs a module's export: { module, export } with a URL, an absolute path, or the default export", async () => {
    const code =
      "export function crunch(a, b) { return a * b; }\nexport default (x) => `default ${x}`;\nexport const notAFunction = 1;\n";
    const dataUrl = new URL(`data:text/javascript,${encodeURIComponent(code)}`);
    const file = join(tmpdir(), `asyncio-ts-threads-${process.pid}.mjs`);
    writeFileSync(file, code);
    try {
      await run(async () => {
        const loop = getRunningLoop();
        expect(await loop.runInExecutor<number>(sharedPool, { module: dataUrl, export: "crunch" }, 6, 7)).toBe(42);
        expect(await loop.runInExecutor<string>(sharedPool, { module: file }, "x")).toBe("default x");
        const missing = loop.runInExecutor(sharedPool, { module: dataUrl, export: "notAFunction" });
        await expect(missing).rejects.toThrow(TypeError);
        await expect(missing).rejects.toThrow(/has no function export "notAFunction"/);
      });
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe("errors come back with their class name, message and stack", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("rebuilds JavaScript's error classes, with the worker's stack", async () => {
    await run(async () => {
      const failure = await getRunningLoop()
        .runInExecutor(sharedPool, function failsInWorker(): never {
          throw new RangeError("out of range");
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(RangeError);
      expect((failure as Error).message).toBe("out of range");
      expect((failure as Error).stack).toMatch(/^RangeError: out of range\n/);
      expect((failure as Error).stack).toContain("failsInWorker");
    });
  });

  it("keeps the name, cloneable fields and cause of other classes", async () => {
    await run(async () => {
      const failure = await getRunningLoop()
        .runInExecutor(sharedPool, () => {
          class ParseFailure extends Error {
            code = "E_PARSE";
            line = 3;
            callback = () => "cannot cross";
          }
          const error = new ParseFailure("bad input", { cause: new TypeError("inner") });
          error.name = "ParseFailure";
          throw error;
        })
        .then(
          () => undefined,
          (error: unknown) => error as Error & { code: string; line: number; callback?: unknown },
        );
      expect(failure).toBeInstanceOf(Error);
      expect(failure?.name).toBe("ParseFailure");
      expect(failure?.message).toBe("bad input");
      expect(failure?.code).toBe("E_PARSE");
      expect(failure?.line).toBe(3);
      expect(failure?.callback).toBeUndefined();
      expect(failure?.cause).toBeInstanceOf(TypeError);
      expect((failure?.cause as Error).message).toBe("inner");
    });
  });

  it("rebuilds asyncio-ts exceptions (by name) and AggregateError with its errors; other values as they are", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const runtime = loop.runInExecutor(sharedPool, () => {
        const error = new Error("loop trouble");
        error.name = "RuntimeError";
        throw error;
      });
      await expect(runtime).rejects.toThrow(RuntimeError);
      await expect(runtime).rejects.toThrow("loop trouble");
      const aggregate = await loop
        .runInExecutor(sharedPool, () => {
          throw new AggregateError([new Error("a"), new RangeError("b")], "many");
        })
        .then(
          () => undefined,
          (error: unknown) => error as AggregateError,
        );
      expect(aggregate).toBeInstanceOf(AggregateError);
      expect(aggregate?.errors[1]).toBeInstanceOf(RangeError);
      await expect(
        loop.runInExecutor(sharedPool, () => {
          throw "plain string";
        }),
      ).rejects.toBe("plain string");
    });
  });

  it("a function that captures a variable fails with a ReferenceError saying why", async () => {
    await run(async () => {
      const factor = 3;
      const captured = getRunningLoop().runInExecutor(sharedPool, (value: number) => value * factor, 2);
      await expect(captured).rejects.toThrow(ReferenceError);
      await expect(captured).rejects.toThrow(
        /factor is not defined \(the function was sent to another thread as its source text/,
      );
    });
  });

  it("refuses built-in and bound functions at once (TypeError): they have no source text", () => {
    const loop = newLoop();
    expect(() => loop.runInExecutor(sharedPool, Math.max, 1, 2)).toThrow(TypeError);
    expect(() => loop.runInExecutor(sharedPool, Math.max, 1, 2)).toThrow(/built-in or bound function/);
    expect(() => loop.runInExecutor(sharedPool, ((x: number) => x).bind(null), 1)).toThrow(TypeError);
    expect(() => loop.runInExecutor(sharedPool, 42 as never)).toThrow(TypeError);
  });

  it("an argument or result that cannot be cloned fails the call (DataCloneError)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const badArgument = loop.runInExecutor(
        sharedPool,
        (value: unknown) => typeof value,
        () => "a function",
      );
      await expect(badArgument).rejects.toMatchObject({ name: "DataCloneError" });
      const badResult = loop.runInExecutor(sharedPool, () => () => "a function");
      await expect(badResult).rejects.toMatchObject({ name: "DataCloneError" });
      await expect(badResult).rejects.toThrow(/could not be sent back/);
      expect(await loop.runInExecutor(sharedPool, () => "still usable")).toBe("still usable");
    });
  });

  it("a worker that exits or dies of an uncaught error fails its call; the pool goes on", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      const exited = loop.runInExecutor(pool, () => process.exit(3));
      await expect(exited).rejects.toThrow(RuntimeError);
      await expect(exited).rejects.toThrow(/exited with code 3/);
      const died = loop.runInExecutor(
        pool,
        () =>
          new Promise(() => {
            setTimeout(() => {
              throw new SyntaxError("late");
            }, 0);
          }),
      );
      await expect(died).rejects.toThrow("late");
      expect(await loop.runInExecutor(pool, () => "replaced")).toBe("replaced");
      await pool.shutdown();
    });
  });
});

describe("cancellation", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("cancelling the awaiting task throws CancelledError at its await; the running call finishes", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const { shared, started, release } = gate();
      const concurrent = sharedPool.submit(blockUntilReleased, shared);
      let seen: unknown;
      const task = createTask(async () => {
        try {
          await wrapFuture(concurrent, { loop });
        } catch (error) {
          seen = error;
          throw error;
        }
      });
      await sleep(0); // the task reaches its await before the cancel, even if the worker is quicker
      await until(started);
      expect(concurrent.running()).toBe(true);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(isCancelledError(seen)).toBe(true);
      expect(task.cancelled()).toBe(true);
      // A running call cannot be stopped: cancel() says so, and it finishes.
      expect(concurrent.cancel()).toBe(false);
      release();
      expect(await concurrent).toBe("released");
    });
  });

  it("a call cancelled before it starts never runs", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      const { shared, started, calls, release } = gate();
      const blocker = loop.runInExecutor(pool, blockUntilReleased, shared);
      const queued = loop.runInExecutor(pool, countCall, shared);
      const waiter = createTask(() => queued);
      await sleep(0); // the waiter awaits the queued call before it is cancelled
      await until(started);
      waiter.cancel();
      await expect(waiter).rejects.toThrow(CancelledError);
      expect(queued.cancelled()).toBe(true);
      release();
      expect(await blocker).toBe("released");
      expect(await loop.runInExecutor(pool, countCall, shared)).toBe(1);
      expect(calls()).toBe(1);
      await pool.shutdown();
    });
  });

  it("a custom executor's future is cancelled through its cancel()", async () => {
    await run(async () => {
      const cancel = vi.fn();
      const executor: Executor = {
        submit: () => Object.assign(new Promise<never>(() => {}), { cancel }),
        shutdown: () => undefined,
      };
      const task = createTask(() => getRunningLoop().runInExecutor(executor, () => 1));
      await sleep(0);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      await sleep(0);
      expect(cancel).toHaveBeenCalledTimes(1);
      const inline: Executor = {
        submit: async (fn, ...args) => (fn as (...a: unknown[]) => unknown)(...args),
        shutdown: () => undefined,
      };
      expect(await getRunningLoop().runInExecutor(inline, (a: number) => a + 1, 1)).toBe(2);
    });
  });
});

describe("ThreadPoolExecutor", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("reuses idle workers, and never runs more than maxWorkers threads", { timeout: 120_000 }, async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
      const sequential = [];
      for (let index = 0; index < 3; index++) sequential.push(await loop.runInExecutor(pool, workerThreadId));
      expect(new Set(sequential).size).toBe(1);
      const shared = new SharedArrayBuffer(4);
      const results = await Promise.all([1, 2, 3, 4].map(() => loop.runInExecutor(pool, crunchAndMeet, shared, 2)));
      expect(results.every((result) => result.met)).toBe(true);
      expect(new Set(results.map((result) => result.thread)).size).toBe(2);
      await pool.shutdown();
    });
  });

  it("submit returns a concurrent future", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const future = pool.submit((a: number, b: number) => a * b, 6, 7);
    expect(future).toBeInstanceOf(ConcurrentFuture);
    expect(() => future.result()).toThrow(InvalidStateError);
    const seen: number[] = [];
    future.addDoneCallback((done) => seen.push(done.result()));
    expect(await future).toBe(42);
    expect(future.done()).toBe(true);
    expect(future.result()).toBe(42);
    expect(future.exception()).toBeUndefined();
    expect(seen).toEqual([42]);
    await pool.shutdown();
  });

  it("validates maxWorkers as Python does", () => {
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(ValueError);
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow("max_workers must be greater than 0");
    expect(() => new ThreadPoolExecutor({ maxWorkers: 1.5 })).toThrow(TypeError);
    expect(() => new ThreadPoolExecutor({ initializer: 3 as never })).toThrow(TypeError);
  });

  it("runs the initializer in each worker before its work", async () => {
    const pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      initializer: (value: number) => {
        (globalThis as { configured?: number }).configured = value;
      },
      initargs: [7],
    });
    expect(await pool.submit(() => (globalThis as { configured?: number }).configured)).toBe(7);
    await pool.shutdown();
  });

  it("a failing initializer breaks the pool (RuntimeError, the error as cause)", async () => {
    const pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      initializer: () => {
        throw new Error("no setup");
      },
    });
    const failure = await pool
      .submit(() => 1)
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(failure).toBeInstanceOf(RuntimeError);
    expect(failure?.message).toBe("A thread initializer failed, the thread pool is not usable anymore");
    expect((failure?.cause as Error).message).toBe("no setup");
    expect(() => pool.submit(() => 1)).toThrow(RuntimeError);
    await pool.shutdown();
  });

  it("shutdown(): no new work; waits for queued and running work; workers end", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const futures = [1, 2, 3].map((value) => pool.submit((x: number) => x * 10, value));
    await pool.shutdown();
    expect(futures.map((future) => future.result())).toEqual([10, 20, 30]);
    expect(() => pool.submit(() => 1)).toThrow(RuntimeError);
    expect(() => pool.submit(() => 1)).toThrow("cannot schedule new futures after shutdown");
    await pool.shutdown();
    expect(pool.toString()).toContain("workers=0");
  });

  it("shutdown(wait, { cancelFutures }) cancels the work that has not started", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const { shared, release } = gate();
    const running = pool.submit(blockUntilReleased, shared);
    const queued = [pool.submit(countCall, shared), pool.submit(countCall, shared)];
    const closing = pool.shutdown(true, { cancelFutures: true });
    expect(queued.every((future) => future.cancelled())).toBe(true);
    await expect(queued[0]).rejects.toThrow(CancelledError);
    release();
    await closing;
    expect(running.result()).toBe("released");
  });

  it("with(body) shuts down (waiting) when the body ends", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const result = await pool.with(async (executor) => await executor.submit(() => "body"));
    expect(result).toBe("body");
    expect(() => pool.submit(() => 1)).toThrow(RuntimeError);
  });
});

describe("the loop's default executor", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("setDefaultExecutor takes a ThreadPoolExecutor only; runInExecutor(null) then uses it", async () => {
    const loop = newLoop();
    expect(() => loop.setDefaultExecutor({ submit: () => Promise.resolve(), shutdown: () => undefined })).toThrow(
      TypeError,
    );
    expect(() => loop.setDefaultExecutor({} as never)).toThrow("executor must be ThreadPoolExecutor instance");
    const pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      initializer: () => {
        (globalThis as { marker?: string }).marker = "mine";
      },
    });
    loop.setDefaultExecutor(pool);
    const marker = await loop.runUntilComplete(
      loop.runInExecutor(null, () => (globalThis as { marker?: string }).marker),
    );
    expect(marker).toBe("mine");
    await loop.runUntilComplete(() => loop.shutdownDefaultExecutor());
    expect(() => pool.submit(() => 1)).toThrow(RuntimeError);
  });

  it("after shutdownDefaultExecutor, runInExecutor(null) is a RuntimeError; on a closed loop too", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      expect(await loop.runInExecutor(null, () => 1)).toBe(1);
      await loop.shutdownDefaultExecutor();
      expect(() => loop.runInExecutor(null, () => 1)).toThrow(RuntimeError);
      expect(() => loop.runInExecutor(null, () => 1)).toThrow("Executor shutdown has been called");
    });
    const loop = newLoop();
    loop.close();
    expect(() => loop.runInExecutor(null, () => 1)).toThrow("Event loop is closed");
  });

  it("shutdownDefaultExecutor(timeout) stops waiting for a call that runs on, with a RuntimeWarning (3.12)", async () => {
    const loop = newLoop();
    loop.setDefaultExecutor(new ThreadPoolExecutor({ maxWorkers: 1 }));
    const { shared, started, release } = gate();
    const call = loop.runInExecutor(null, blockUntilReleased, shared);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      await loop.runUntilComplete(async () => {
        await until(started);
        await loop.shutdownDefaultExecutor(0.01);
        await new Promise((resolve) => setImmediate(resolve));
      });
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((warning) => [warning.name, warning.message])).toEqual([
      ["RuntimeWarning", "The executor did not finish joining its threads within 0.01 seconds."],
    ]);
    release();
    expect(await loop.runUntilComplete(call)).toBe("released");
  });

  // A child Node process that loads TypeScript sources takes seconds to start, many more on a
  // loaded machine: the limits here are only safety nets.
  it("a process whose workers are idle exits by itself, also after run() shut the default executor down", {
    timeout: 300_000,
  }, async () => {
    const hooks = typescriptHooksUrl();
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`;
    const program = [
      `import { run, getRunningLoop, ThreadPoolExecutor } from "${CORE}";`,
      "const value = await run(async () => getRunningLoop().runInExecutor(null, (a, b) => a + b, 1, 2));",
      "const leftBehind = new ThreadPoolExecutor();",
      "const other = await leftBehind.submit(() => 'idle worker, never shut down');",
      "console.log(JSON.stringify([value, other]));",
    ].join("\n");
    const child = spawn(process.execPath, ["--import", register, "--input-type=module", "-e", program], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    // A safety net only: a process kept alive by its workers would be killed here and fail.
    const killer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      child.on("exit", (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    clearTimeout(killer);
    expect(errors).toBe("");
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual([3, "idle worker, never shut down"]);
  });
});

describe("threadsafeHandle and RemoteEventLoop", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("callSoonThreadsafe from a worker thread: registered callbacks by name, self-contained ones by source", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const calls: Array<[string, number]> = [];
      const finished = loop.createFuture<void>();
      const port = loop.threadsafeHandle({
        record: (label: string) => calls.push([label, threadId]),
        finish: () => finished.setResult(),
      });
      const workerThread = await loop.runInExecutor(
        libraryPool(),
        async (handle: MessagePort, core: string) => {
          const { RemoteEventLoop: Remote } = await import(core);
          const remote = Remote.connect(handle);
          remote.callSoonThreadsafe("record", "first");
          remote.callSoonThreadsafe((label: string) => {
            (globalThis as { fromSource?: string }).fromSource = label;
          }, "by source");
          remote.callSoonThreadsafe("record", "second");
          remote.callSoonThreadsafe("finish");
          return process.getBuiltinModule("node:worker_threads").threadId;
        },
        port,
        CORE,
      );
      await finished;
      expect(workerThread).not.toBe(threadId);
      // In order, on the loop's own thread.
      expect(calls).toEqual([
        ["first", threadId],
        ["second", threadId],
      ]);
      expect((globalThis as { fromSource?: string }).fromSource).toBe("by source");
      delete (globalThis as { fromSource?: string }).fromSource;
    });
  });

  it("runs a coroutine on the loop for a worker thread (RemoteEventLoop.runCoroutine)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = loop.threadsafeHandle({
        add: async (a: number, b: number) => {
          await sleep(0.01);
          return [a + b, threadId];
        },
      });
      const result = await loop.runInExecutor(
        libraryPool(),
        async (handle: MessagePort, core: string) => {
          const { RemoteEventLoop: Remote } = await import(core);
          const remote = Remote.connect(handle);
          try {
            const byName = await remote.runCoroutine("add", 1, 2);
            const bySource = await remote.runCoroutine(async (text: string) => text.repeat(2), "ab");
            return [byName, bySource];
          } finally {
            remote.close();
          }
        },
        port,
        CORE,
      );
      expect(result).toEqual([[3, threadId], "abab"]);
    });
  });

  it("works from the loop's own thread too; errors go to the exception handler", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const reported: unknown[] = [];
      const done = loop.createFuture<void>();
      loop.setExceptionHandler((_loop, context) => {
        reported.push(context.exception);
        if (reported.length === 2) done.setResult();
      });
      const port = loop.threadsafeHandle({
        fail: () => {
          throw new ValueError("from callback");
        },
      });
      const remote = RemoteEventLoop.connect(port);
      expect(RemoteEventLoop.connect(port)).toBe(remote);
      remote.callSoonThreadsafe("unknown name");
      remote.callSoonThreadsafe("fail");
      await done;
      expect(reported[0]).toBeInstanceOf(TypeError);
      expect((reported[0] as Error).message).toMatch(/no function named "unknown name"/);
      expect(reported[1]).toBeInstanceOf(ValueError);
      remote.close();
      expect(remote.isClosed()).toBe(true);
      expect(() => remote.callSoonThreadsafe("fail")).toThrow(RuntimeError);
    });
    expect(() => RemoteEventLoop.connect({} as never)).toThrow(TypeError);
  });

  it("closing the loop closes its handles: the other side gets RuntimeError", async () => {
    const loop = newLoop();
    const remote = RemoteEventLoop.connect(loop.threadsafeHandle({ never: () => new Promise(() => {}) }));
    const pending = remote.runCoroutine("never");
    loop.close();
    await expect(pending).rejects.toThrow(RuntimeError);
    for (let attempt = 0; !remote.isClosed() && attempt < 1_000; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 1));
    expect(remote.isClosed()).toBe(true);
    expect(() => remote.callSoonThreadsafe("never")).toThrow("Event loop is closed");
    expect(() => loop.threadsafeHandle()).toThrow(RuntimeError);
  });
});
