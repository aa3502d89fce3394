// CPython's test_eager_task_factory.py, ported, plus the per-task `eagerStart` of Python 3.14.
// One difference is by design: a function that returns without suspending makes its task done
// within the microtasks after `createTask`, before the loop runs another callback, so where
// Python asserts `t.done()` right after `create_task` these tests look from the next callback.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ContextVar,
  type EventLoop,
  type Future,
  Task,
  type TaskConstructorOptions,
  type TaskOptions,
  allTasks,
  copyContext,
  createEagerTaskFactory,
  createTask,
  currentTask,
  eagerTaskFactory,
  getRunningLoop,
  sleep,
  type Coroutine,
} from "../src/index.js";
import { captureExceptions, newLoop, outcome } from "./helpers.js";

/** A loop whose task factory is the eager one (CPython's setUp). */
function eagerLoop(factory = eagerTaskFactory): EventLoop {
  const loop = newLoop();
  loop.setTaskFactory(factory);
  return loop;
}

/** Whether `task` is done when the loop runs the next callback scheduled now. */
function doneByNextCallback(loop: EventLoop, task: Future<unknown>): Promise<boolean> {
  return new Promise((resolve) => loop.callSoon(() => resolve(task.done())));
}

class CustomTask<T> extends Task<T> {}

describe("eager task factory (CPython's EagerTaskFactoryLoopTests)", () => {
  it("is the loop's factory once set, and makes tasks of the given class", async () => {
    const factory = createEagerTaskFactory(CustomTask);
    const loop = eagerLoop(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => {});
      expect(task).toBeInstanceOf(CustomTask);
      await task;
    });
  });

  it("runs the eager step inside createTask: a future it completes is done on return", async () => {
    const loop = eagerLoop();
    const message = await loop.runUntilComplete(async () => {
      const future = loop.createFuture<string>();
      const task = loop.createTask(async () => {
        future.setResult("my message");
      });
      expect(future.done()).toBe(true);
      expect(await doneByNextCallback(loop, task)).toBe(true);
      return await future;
    });
    expect(message).toBe("my message");
  });

  it("completes a task that never suspends before the loop runs another callback", async () => {
    const loop = eagerLoop();
    const result = await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => "hello");
      expect(await doneByNextCallback(loop, task)).toBe(true);
      return await task;
    });
    expect(result).toBe("hello");
  });

  it("leaves a task that suspends in its eager step pending, and finishes it later", async () => {
    const loop = eagerLoop();
    const result = await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => {
        await sleep(0.01);
        return "finished after blocking";
      });
      expect(task.done()).toBe(false);
      expect(await doneByNextCallback(loop, task)).toBe(false);
      const value = await task;
      expect(task.done()).toBe(true);
      return value;
    });
    expect(result).toBe("finished after blocking");
  });

  it("does not cancel a task whose function returned in its eager step", async () => {
    const loop = eagerLoop();
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => "finished without blocking");
      task.cancel();
      expect(await task).toBe("finished without blocking");
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("tells, among many tasks cancelled after their eager steps, those that returned from those that suspended", async () => {
    const loop = eagerLoop();
    await loop.runUntilComplete(async () => {
      const tasks = Array.from({ length: 10 }, (_, index) =>
        loop.createTask(async () => {
          if (index % 2 === 1) await sleep(0.01);
          return index;
        }),
      );
      for (const task of tasks) task.cancel();
      // A step that ends after the first marker was queued gets a marker of its own.
      const late = loop.createTask(async () => "late");
      late.cancel();
      const outcomes = await Promise.all([...tasks, late].map((task) => outcome(task)));
      expect(outcomes.map((value) => (value instanceof CancelledError ? "cancelled" : value))).toEqual([
        0,
        "cancelled",
        2,
        "cancelled",
        4,
        "cancelled",
        6,
        "cancelled",
        8,
        "cancelled",
        "late",
      ]);
      expect(tasks.map((task) => task.cancelling())).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    });
  });

  it("cancels a task after an eager step that suspended, at that await, with the message", async () => {
    const loop = eagerLoop();
    const reached: string[] = [];
    const error = await outcome(
      loop.runUntilComplete(async () => {
        const task = loop.createTask(async () => {
          reached.push("before");
          try {
            await sleep(0.01);
          } catch (caught) {
            reached.push("cancelled at the sleep");
            throw caught;
          }
          return "finished after blocking";
        });
        task.cancel("cancellation message");
        expect(task.cancelling()).toBeGreaterThan(0);
        await task;
      }),
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).message).toBe("cancellation message");
    expect(reached).toEqual(["before", "cancelled at the sleep"]);
  });

  it("runs the eager step as the new task, and gives the caller back its own task after", async () => {
    const loop = eagerLoop();
    let captured: Task<unknown> | undefined;
    let afterSleep: Task<unknown> | undefined;
    await loop.runUntilComplete(async () => {
      const caller = currentTask();
      const task = loop.createTask(async () => {
        captured = currentTask();
        await sleep(0.01);
        afterSleep = currentTask();
      });
      expect(captured).toBe(task);
      expect(currentTask()).toBe(caller);
      await task;
      expect(afterSleep).toBe(task);
    });
  });

  it("has the task in allTasks during its eager step, and not once it is done", async () => {
    const loop = eagerLoop();
    let seen: Set<Task<unknown>> | undefined;
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => {
        seen = allTasks();
      });
      expect(seen?.has(task)).toBe(true);
      expect(await doneByNextCallback(loop, task)).toBe(true);
      expect(allTasks().has(task)).toBe(false);
    });
  });

  it("keeps a task that suspended in allTasks until it finishes", async () => {
    const loop = eagerLoop();
    let seen: Set<Task<unknown>> | undefined;
    await loop.runUntilComplete(async () => {
      const first = loop.createFuture<void>();
      const second = loop.createFuture<void>();
      const task = loop.createTask(async () => {
        seen = allTasks();
        await first;
        second.setResult();
      });
      expect(seen?.has(task)).toBe(true);
      expect(allTasks().has(task)).toBe(true);
      first.setResult();
      await second;
      expect(await doneByNextCallback(loop, task)).toBe(true);
      expect(allTasks().has(task)).toBe(false);
    });
  });

  it("runs the eager step in a copy of the caller's context", async () => {
    const loop = eagerLoop();
    const variable = new ContextVar<number>("cv", { default: 0 });
    let firstStepRan = false;
    let secondStepRan = false;
    await loop.runUntilComplete(async () => {
      variable.set(1);
      const task = loop.createTask(async () => {
        expect(variable.get()).toBe(1);
        variable.set(2);
        expect(variable.get()).toBe(2);
        firstStepRan = true;
        await sleep(0.01);
        expect(variable.get()).toBe(2);
        variable.set(3);
        secondStepRan = true;
      });
      expect(firstStepRan).toBe(true);
      expect(secondStepRan).toBe(false);
      expect(variable.get()).toBe(1);
      await task;
      expect(secondStepRan).toBe(true);
      expect(variable.get()).toBe(1);
    });
  });
});

describe("eager start", () => {
  it("runs the task before callbacks scheduled earlier, and it is never scheduled itself", async () => {
    const loop = eagerLoop();
    const order: string[] = [];
    await loop.runUntilComplete(async () => {
      loop.callSoon(() => order.push("callback"));
      const task = loop.createTask(async () => {
        order.push("task");
      });
      order.push("caller");
      await task;
      order.push("after await");
    });
    // Awaiting a task that ended in its eager step does not suspend, as in Python.
    expect(order).toEqual(["task", "caller", "after await", "callback"]);
  });

  it("finishes a task created in a callback before the next callback of the same iteration", async () => {
    const loop = eagerLoop();
    let seen: boolean | undefined;
    let task: Task<string> | undefined;
    let inside: Task<unknown> | undefined;
    let afterwards: Task<unknown> | undefined;
    loop.callSoon(() => {
      task = loop.createTask(async () => {
        inside = currentTask();
        return "value";
      });
      afterwards = currentTask();
    });
    loop.callSoon(() => {
      seen = task?.done();
    });
    await loop.runUntilComplete(() => sleep(0));
    expect(seen).toBe(true);
    expect(task?.result()).toBe("value");
    // The callback ran outside any task, and is again once the eager step is over.
    expect(inside).toBe(task);
    expect(afterwards).toBeUndefined();
  });

  it("makes an error of the eager part the task's, never createTask's", async () => {
    const loop = eagerLoop();
    const thrown = new Error("thrown synchronously");
    const rejected = new Error("rejected before any await");
    await loop.runUntilComplete(async () => {
      const synchronous = loop.createTask((() => {
        throw thrown;
      }) as Coroutine<never>);
      expect(synchronous.done()).toBe(true);
      expect(synchronous.exception()).toBe(thrown);
      const asynchronous = loop.createTask(async () => {
        throw rejected;
      });
      expect(await doneByNextCallback(loop, asynchronous)).toBe(true);
      expect(asynchronous.exception()).toBe(rejected);
    });
  });

  it("ends cancelled when the function cancels its own task in the eager step", async () => {
    const loop = eagerLoop();
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => {
        currentTask()?.cancel("by itself");
        return "returned";
      });
      const error = await outcome(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  it("does not run the function of a task whose signal was aborted already", async () => {
    const loop = eagerLoop();
    let ran = false;
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(
        async () => {
          ran = true;
        },
        { signal: AbortSignal.abort("stop") },
      );
      expect(task.cancelled()).toBe(true);
    });
    expect(ran).toBe(false);
  });

  it("starts nested eager tasks depth first, each in its own frame", async () => {
    const loop = eagerLoop();
    const order: string[] = [];
    await loop.runUntilComplete(async () => {
      const outer = loop.createTask(
        async () => {
          order.push(`outer starts as ${currentTask()?.getName()}`);
          const inner = loop.createTask(
            async () => {
              order.push(`inner starts as ${currentTask()?.getName()}`);
              await sleep(0);
              order.push("inner ends");
            },
            { name: "inner" },
          );
          order.push(`outer goes on as ${currentTask()?.getName()}`);
          await inner;
          order.push("outer ends");
        },
        { name: "outer" },
      );
      order.push(`caller goes on as ${currentTask()?.getName()}`);
      await outer;
    });
    expect(order).toEqual([
      "outer starts as outer",
      "inner starts as inner",
      "outer goes on as outer",
      expect.stringMatching(/^caller goes on as Task-\d+$/),
      "inner ends",
      "outer ends",
    ]);
  });

  it("applies the name and context options during the eager step", async () => {
    const loop = eagerLoop();
    const variable = new ContextVar<string>("where", { default: "nowhere" });
    await loop.runUntilComplete(async () => {
      variable.set("caller");
      const context = copyContext();
      context.run(() => variable.set("given"));
      let seen: [string | undefined, string] | undefined;
      const task = createTask(
        async () => {
          seen = [currentTask()?.getName(), variable.get()];
        },
        { name: "named", context },
      );
      expect(seen).toEqual(["named", "given"]);
      expect(task.getName()).toBe("named");
      await task;
    });
  });

  it("starts lazily while the loop is not running, as Python does", async () => {
    const loop = eagerLoop();
    let started = false;
    const task = loop.createTask(async () => {
      started = true;
    });
    const direct = new Task(
      async () => {
        started = true;
      },
      { loop, eagerStart: true },
    );
    expect(started).toBe(false);
    await loop.runUntilComplete(task);
    await loop.runUntilComplete(direct);
    expect(started).toBe(true);
  });

  it("takes eagerStart per task without a factory: createTask, loop.createTask and new Task", async () => {
    const loop = newLoop();
    const order: string[] = [];
    await loop.runUntilComplete(async () => {
      const lazy = createTask(async () => {
        order.push("lazy");
      });
      const viaFunction = createTask(
        async () => {
          order.push("createTask");
        },
        { eagerStart: true },
      );
      const viaLoop = loop.createTask(
        async () => {
          order.push("loop.createTask");
        },
        { eagerStart: true },
      );
      const viaConstructor = new Task(
        async () => {
          order.push("new Task");
        },
        { loop: getRunningLoop(), eagerStart: true },
      );
      order.push("caller");
      await Promise.all([lazy, viaFunction, viaLoop, viaConstructor]);
    });
    expect(order).toEqual(["createTask", "loop.createTask", "new Task", "caller", "lazy"]);
  });

  it("lets eagerStart: false override the eager factory", async () => {
    const loop = eagerLoop();
    let started = false;
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(
        async () => {
          started = true;
        },
        { eagerStart: false },
      );
      expect(started).toBe(false);
      await task;
      expect(started).toBe(true);
    });
  });

  it("refuses bad input with TypeError", async () => {
    expect(() => createEagerTaskFactory(1 as never)).toThrow(TypeError);
    const loop = newLoop();
    const seen = captureExceptions(loop);
    await loop.runUntilComplete(async () => {
      expect(() => createTask(async () => {}, { eagerStart: "yes" } as never)).toThrow("eagerStart must be a boolean");
    });
    expect(seen).toEqual([]);
  });
});

describe("task counting (CPython's BaseTaskCountingTests)", () => {
  /** A loop whose task factory counts the tasks not asked to start eagerly (CPython's AsyncTaskCounter). */
  function countingLoop(eager: boolean): { loop: EventLoop; lazyTasks: () => number } {
    let lazy = 0;
    class CountingTask<T> extends Task<T> {
      constructor(coro: Coroutine<T>, options: TaskConstructorOptions) {
        if (options.eagerStart !== true) lazy++;
        super(coro, options);
      }
    }
    const loop = newLoop();
    loop.setTaskFactory(
      eager
        ? createEagerTaskFactory(CountingTask)
        : <T>(factoryLoop: EventLoop, coro: Coroutine<T>, options: TaskOptions) =>
            new CountingTask(coro, { ...options, loop: factoryLoop }),
    );
    return { loop, lazyTasks: () => lazy };
  }

  async function recursiveTasks(width: number, depth: number): Promise<number> {
    if (depth === 0) return 1;
    const children = Array.from({ length: width }, () => createTask(() => recursiveTasks(width, depth - 1)));
    let leaves = 0;
    for (const child of children) leaves += await child;
    return leaves;
  }

  async function awaitableChain(depth: number): Promise<number> {
    return depth === 0 ? 0 : 1 + (await awaitableChain(depth - 1));
  }

  for (const eager of [false, true]) {
    it(`counts the tasks started lazily (${eager ? "eager" : "lazy"} factory)`, async () => {
      // As in CPython, the count is of tasks asked to start lazily: runUntilComplete's task asks
      // for an eager start under the eager factory, though it starts lazily (the loop is not running).
      const chain = countingLoop(eager);
      expect(await chain.loop.runUntilComplete(() => awaitableChain(100))).toBe(100);
      expect(chain.lazyTasks()).toBe(eager ? 0 : 1);
      const tree = countingLoop(eager);
      expect(await tree.loop.runUntilComplete(() => recursiveTasks(5, 4))).toBe(625);
      // 1 + 5 + 5^2 + 5^3 + 5^4
      expect(tree.lazyTasks()).toBe(eager ? 0 : 781);
    });
  }
});
