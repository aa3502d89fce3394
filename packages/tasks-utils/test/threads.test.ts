// toThread (CPython's test_threads.py) and runCoroutineThreadsafe (RunCoroutineThreadsafeTests
// of test_tasks.py), from the loop's own thread and from a worker thread.
import { threadId, type MessagePort } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import {
  allTasks,
  CancelledError,
  ConcurrentFuture,
  ContextVar,
  createTask,
  currentTask,
  getRunningLoop,
  InvalidStateError,
  isCancelledError,
  newEventLoop,
  run,
  RuntimeError,
  sleep,
  Task,
  ThreadPoolExecutor,
  wrapFuture,
  type EventLoop,
} from "@asyncio-ts/core";
import { gather, runCoroutineThreadsafe, toThread } from "../src/index.js";
import { typescriptHooksUrl, until } from "asyncio-ts-test-support";

// Starting a worker thread that loads our TypeScript sources takes seconds, many more on a
// loaded machine: a generous limit, as a safety net only.
const WORKER_TEST_TIMEOUT = 120_000;

// ---------------------------------------------------------------- helpers

function countCall(shared: SharedArrayBuffer): void {
  Atomics.add(new Int32Array(shared), 0, 1);
}

/** Some CPU work, then wait (bounded) until `parties` callers arrived: true if they all did. */
function crunchAndMeet(shared: SharedArrayBuffer, parties: number): boolean {
  let total = 0;
  for (let index = 0; index < 1_000_000; index++) total = (total + index * index) % 1_000_003;
  const cells = new Int32Array(shared);
  Atomics.add(cells, 0, 1);
  Atomics.notify(cells, 0);
  // A safety net only: on a loaded machine the second worker may take many seconds to start.
  const deadline = Date.now() + 60_000;
  for (let arrived = Atomics.load(cells, 0); arrived < parties; arrived = Atomics.load(cells, 0)) {
    if (Date.now() > deadline || total < 0) return false;
    Atomics.wait(cells, 0, arrived, 100);
  }
  return true;
}

// Workers that can import our packages. The package name travels as an argument: vitest
// rewrites import specifiers written in this file.
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
const TASKS_UTILS = "@asyncio-ts/tasks-utils";

afterAll(async () => {
  await librarySpeakingPool?.shutdown();
});

interface AddOptions {
  readonly fail?: boolean;
  readonly cancel?: boolean;
}

/** CPython's `add` coroutine: sleeps, then returns a + b (or fails, or cancels itself). */
function makeAdd(log: string[] = []): (a: number, b: number, options?: AddOptions) => Promise<number> {
  return async (a, b, options = {}) => {
    try {
      await sleep(0.01);
    } catch (error) {
      if (isCancelledError(error)) log.push("cancelled while sleeping");
      throw error;
    }
    if (options.fail === true) throw new RuntimeError("Fail!");
    if (options.cancel === true) {
      currentTask()?.cancel();
      await sleep(0);
    }
    return a + b;
  };
}

/** Runs `loop` until `future` (a concurrent future) is done and returns its outcome. */
function runUntilDone<T>(loop: EventLoop, future: ConcurrentFuture<T>): Promise<T> {
  return loop.runUntilComplete(wrapFuture(future, { loop }));
}

// ---------------------------------------------------------------- toThread

describe("toThread", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("runs the function on another thread and resolves with its result (test_to_thread)", async () => {
    await run(async () => {
      expect(await toThread((numbers: number[]) => numbers.reduce((a, b) => a + b, 0), [40, 2])).toBe(42);
      const other = await toThread(() => process.getBuiltinModule("node:worker_threads").threadId);
      expect(other).not.toBe(threadId);
    });
  });

  it("carries the error back (test_to_thread_exception)", async () => {
    await run(async () => {
      const failing = toThread(function raiseRuntime(): never {
        const error = new Error("test");
        error.name = "RuntimeError";
        throw error;
      });
      await expect(failing).rejects.toThrow(RuntimeError);
      await expect(failing).rejects.toThrow("test");
      await expect(failing).rejects.toMatchObject({ stack: expect.stringContaining("raiseRuntime") });
    });
  });

  it("calls the function once per call, also for concurrent calls (test_to_thread_once, _concurrent)", async () => {
    await run(async () => {
      const shared = new SharedArrayBuffer(4);
      await toThread(countCall, shared);
      expect(Atomics.load(new Int32Array(shared), 0)).toBe(1);
      await gather(...Array.from({ length: 10 }, () => toThread(countCall, shared)));
      expect(Atomics.load(new Int32Array(shared), 0)).toBe(11);
    });
  });

  it("passes every argument, objects by structured clone (test_to_thread_args_kwargs)", async () => {
    await run(async () => {
      const result = await toThread((text: string, options: { something: boolean }) => [text, options], "test", {
        something: true,
      });
      expect(result).toEqual(["test", { something: true }]);
    });
  });

  it("two CPU-bound calls overlap (each waits for the other to arrive)", { timeout: 120_000 }, async () => {
    await run(async () => {
      const shared = new SharedArrayBuffer(4);
      expect(await gather(toThread(crunchAndMeet, shared, 2), toThread(crunchAndMeet, shared, 2))).toEqual([
        true,
        true,
      ]);
    });
  });

  it("does not carry contextvars to the worker (a Context cannot cross threads): pass values as arguments", async () => {
    await run(async () => {
      const variable = new ContextVar<string>("test_ctx");
      variable.set("parrot");
      expect(await toThread((value: string) => value, variable.get())).toBe("parrot");
    });
  });

  it("a captured variable fails with a clear ReferenceError", async () => {
    await run(async () => {
      const outside = 1;
      await expect(toThread(() => outside + 1)).rejects.toThrow(
        /outside is not defined \(the function was sent to another thread/,
      );
    });
  });

  it("cancelling the awaiting task throws CancelledError at its await", async () => {
    await run(async () => {
      const shared = new SharedArrayBuffer(8);
      let seen: unknown;
      const task = createTask(async () => {
        try {
          await toThread((cells: SharedArrayBuffer) => {
            const view = new Int32Array(cells);
            Atomics.store(view, 1, 1);
            while (Atomics.load(view, 0) === 0) Atomics.wait(view, 0, 0, 100);
          }, shared);
        } catch (error) {
          seen = error;
          throw error;
        }
      });
      const view = new Int32Array(shared);
      await until(() => Atomics.load(view, 1) === 1);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(isCancelledError(seen)).toBe(true);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
    });
  });

  it("needs a running loop (RuntimeError)", () => {
    expect(() => toThread(() => 1)).toThrow(RuntimeError);
    expect(() => toThread(() => 1)).toThrow("no running event loop");
  });
});

// ---------------------------------------------------------------- same thread

describe("runCoroutineThreadsafe from the loop's thread, outside the loop", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("submits before the loop runs; the result arrives once it does", async () => {
    const loop = newEventLoop();
    try {
      const future = runCoroutineThreadsafe(() => makeAdd()(1, 2), loop);
      expect(future).toBeInstanceOf(ConcurrentFuture);
      expect(future.done()).toBe(false);
      expect(() => future.result()).toThrow(InvalidStateError);
      expect(await runUntilDone(loop, future)).toBe(3);
      expect(future.done()).toBe(true);
      expect(future.result()).toBe(3);
      expect(future.exception()).toBeUndefined();
    } finally {
      loop.close();
    }
  });

  it("submits from a Node callback while the loop runs; the future is awaitable", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      // (A Future's result that is thenable would be unwrapped by await: keep it aside.)
      let future: ConcurrentFuture<number> | undefined;
      const submitted = loop.createFuture<void>();
      setTimeout(() => {
        future = runCoroutineThreadsafe(() => makeAdd()(2, 3), loop);
        submitted.setResult();
      }, 0);
      await submitted;
      if (future === undefined) throw new Error("not submitted");
      expect(await wrapFuture(future)).toBe(5);
      const seen: number[] = [];
      future.addDoneCallback((done) => seen.push(done.result()));
      expect(seen).toEqual([5]);
    });
  });

  it("carries the coroutine's exception (test_run_coroutine_threadsafe_with_exception)", async () => {
    const loop = newEventLoop();
    try {
      const future = runCoroutineThreadsafe(() => makeAdd()(1, 2, { fail: true }), loop);
      await expect(runUntilDone(loop, future)).rejects.toThrow(RuntimeError);
      expect((future.exception() as Error).message).toBe("Fail!");
      expect(() => future.result()).toThrow("Fail!");
    } finally {
      loop.close();
    }
  });

  it("cancelling the future cancels the task (test_run_coroutine_threadsafe_with_timeout)", async () => {
    const loop = newEventLoop();
    try {
      const log: string[] = [];
      const future = runCoroutineThreadsafe(() => makeAdd(log)(1, 2), loop);
      await loop.runUntilComplete(() => sleep(0.001));
      // Python's future.result(timeout=0) raises TimeoutError; ours never blocks.
      expect(() => future.result()).toThrow(InvalidStateError);
      expect(future.cancel()).toBe(true);
      expect(future.cancelled()).toBe(true);
      expect(() => future.result()).toThrow(CancelledError);
      await loop.runUntilComplete(() => sleep(0.001));
      expect(log).toEqual(["cancelled while sleeping"]);
      expect([...allTasks(loop)]).toEqual([]);
    } finally {
      loop.close();
    }
  });

  it("a task cancelled on the loop cancels the future (test_run_coroutine_threadsafe_task_cancelled)", async () => {
    const loop = newEventLoop();
    try {
      const future = runCoroutineThreadsafe(() => makeAdd()(1, 2, { cancel: true }), loop);
      await expect(runUntilDone(loop, future)).rejects.toThrow(CancelledError);
      expect(future.cancelled()).toBe(true);
    } finally {
      loop.close();
    }
  });

  it("a failing task factory fails the future and reaches the exception handler (..._task_factory_exception)", async () => {
    class NameError extends Error {}
    const loop = newEventLoop();
    try {
      const reported: unknown[] = [];
      loop.setExceptionHandler((_loop, context) => reported.push(context.exception));
      loop.setTaskFactory(() => {
        throw new NameError();
      });
      const future = runCoroutineThreadsafe(() => makeAdd()(1, 2), loop);
      await expect(runUntilDone(loop, future)).rejects.toThrow(NameError);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBe(future.exception());
    } finally {
      loop.close();
    }
  });

  it("checks its arguments; a closed loop is a RuntimeError", () => {
    const loop = newEventLoop();
    expect(() => runCoroutineThreadsafe(42 as never, loop)).toThrow(TypeError);
    expect(() => runCoroutineThreadsafe("add" as never, loop)).toThrow("A coroutine object is required");
    expect(() => runCoroutineThreadsafe(async () => 1, {} as never)).toThrow(TypeError);
    loop.close();
    expect(() => runCoroutineThreadsafe(async () => 1, loop)).toThrow(RuntimeError);
  });
});

// ---------------------------------------------------------------- from a worker thread

/**
 * CPython's `target`, run on a worker thread: submits `add(1, 2, options)` to the loop through
 * the handle and waits for it; with `peek`, first looks at `result()` while it is pending
 * (Python's `result(timeout=0)`); cancels the future if it is not done on the way out.
 */
async function target(
  handle: MessagePort,
  tasksUtils: string,
  options: { fail?: boolean; cancel?: boolean; peek?: boolean },
): Promise<unknown> {
  const { runCoroutineThreadsafe: submit } = await import(tasksUtils);
  const future = submit("add", handle, 1, 2, options);
  try {
    if (options.peek === true) future.result();
    return await future;
  } finally {
    if (!future.done()) future.cancel();
  }
}

describe("runCoroutineThreadsafe from a worker thread", { timeout: WORKER_TEST_TIMEOUT }, () => {
  it("runs the coroutine on the loop and hands the result to the worker (test_run_coroutine_threadsafe)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = loop.threadsafeHandle({ add: makeAdd() });
      expect(await loop.runInExecutor(libraryPool(), target, port, TASKS_UTILS, {})).toBe(3);
    });
  });

  it("carries the exception across, there and back (..._with_exception)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = loop.threadsafeHandle({ add: makeAdd() });
      const outcome = loop.runInExecutor(libraryPool(), target, port, TASKS_UTILS, { fail: true });
      await expect(outcome).rejects.toThrow(RuntimeError);
      await expect(outcome).rejects.toThrow("Fail!");
    });
  });

  it("cancelling from the worker cancels the task on the loop (..._with_timeout)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const created: Task<unknown>[] = [];
      loop.setTaskFactory((taskLoop, coro, options) => {
        const task = new Task(coro, { ...options, loop: taskLoop });
        created.push(task as Task<unknown>);
        return task;
      });
      const port = loop.threadsafeHandle({ add: makeAdd() });
      const outcome = loop.runInExecutor(libraryPool(), target, port, TASKS_UTILS, { peek: true });
      // Python's result(timeout=0) raises TimeoutError; ours never blocks: InvalidStateError.
      await expect(outcome).rejects.toThrow(InvalidStateError);
      // The worker cancelled on its way out: the task on the loop ends cancelled.
      await until(() => created.length === 1 && created[0]!.done());
      expect(created[0]!.cancelled()).toBe(true);
      loop.setTaskFactory(null);
      expect([...allTasks(loop)].filter((task) => task !== currentTask())).toEqual([]);
    });
  });

  it("a task cancelled on the loop cancels the worker's future (..._task_cancelled)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = loop.threadsafeHandle({ add: makeAdd() });
      await expect(loop.runInExecutor(libraryPool(), target, port, TASKS_UTILS, { cancel: true })).rejects.toThrow(
        CancelledError,
      );
    });
  });

  it("a failing task factory fails the worker's future and reaches the exception handler (..._task_factory_exception)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = loop.threadsafeHandle({ add: makeAdd() });
      const reported: unknown[] = [];
      loop.setExceptionHandler((_loop, context) => reported.push(context.exception));
      const factory = loop.getTaskFactory();
      loop.setTaskFactory(() => {
        const error = new Error("no such task");
        error.name = "NameError";
        throw error;
      });
      try {
        const outcome = loop.runInExecutor(libraryPool(), target, port, TASKS_UTILS, {});
        await expect(outcome).rejects.toMatchObject({ name: "NameError", message: "no such task" });
      } finally {
        loop.setTaskFactory(factory);
      }
      expect(reported).toHaveLength(1);
      expect((reported[0] as Error).name).toBe("NameError");
    });
  });

  it("takes a self-contained coroutine by source too", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = loop.threadsafeHandle();
      const result = await loop.runInExecutor(
        libraryPool(),
        async (handle: MessagePort, tasksUtils: string) => {
          const { runCoroutineThreadsafe: submit } = await import(tasksUtils);
          return await submit(
            async (value: number) => [value * 2, process.getBuiltinModule("node:worker_threads").threadId],
            handle,
            21,
          );
        },
        port,
        TASKS_UTILS,
      );
      expect(result).toEqual([42, threadId]);
    });
  });
});
