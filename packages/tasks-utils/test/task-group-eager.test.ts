// TaskGroup with eager tasks: CPython 3.12/3.13's TaskGroup.create_task hands a child that ended
// in its eager step to _on_task_done at once and never counts it pending; the recursive case is
// CPython's test_eager_task_factory BaseTaskCountingTests.
import { describe, expect, it } from "vitest";
import {
  type Coroutine,
  type EventLoop,
  ExceptionGroup,
  Task,
  type TaskConstructorOptions,
  type TaskOptions,
  ValueError,
  createEagerTaskFactory,
  currentTask,
  eagerTaskFactory,
  getRunningLoop,
  sleep,
} from "@asyncio-ts/core";
import { TaskGroup, gather } from "../src/index.js";
import { caught } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

describe("TaskGroup with eager tasks", () => {
  it("starts children inside createTask under the eager factory", async () => {
    const order: string[] = [];
    const results = await runVirtual(async () => {
      getRunningLoop().setTaskFactory(eagerTaskFactory);
      return await new TaskGroup().with(async (group) => {
        const first = group.createTask(async () => {
          order.push(`first as ${currentTask()?.getName()}`);
          await sleep(0.1);
          return 1;
        });
        order.push("body goes on");
        const second = group.createTask(async () => 2, { name: "second" });
        return [first, second] as const;
      });
    });
    expect(order).toEqual([expect.stringMatching(/^first as Task-\d+$/), "body goes on"]);
    expect(results.map((task) => task.result())).toEqual([1, 2]);
  });

  it("takes eagerStart per child without a factory", async () => {
    const order: string[] = [];
    await runVirtual(async () => {
      await new TaskGroup().with(async (group) => {
        group.createTask(async () => {
          order.push("lazy");
        });
        group.createTask(
          async () => {
            order.push("eager");
          },
          { eagerStart: true },
        );
        order.push("body");
      });
    });
    expect(order).toEqual(["eager", "body", "lazy"]);
  });

  for (const [label, failing] of [
    [
      "throws synchronously",
      (() => {
        throw new ValueError("boom");
      }) as Coroutine<never>,
    ],
    [
      "rejects before any await",
      async () => {
        throw new ValueError("boom");
      },
    ],
  ] as const) {
    it(`cancels the body at its next await when a child ${label} in its eager step`, async () => {
      const log: string[] = [];
      const error = await runVirtual(() =>
        caught(() =>
          new TaskGroup().with(async (group) => {
            getRunningLoop().setTaskFactory(eagerTaskFactory);
            group.createTask(failing);
            log.push("after create");
            await sleep(0);
            log.push("after sleep");
          }),
        ),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect((error as ExceptionGroup).exceptions.map((inner) => (inner as Error).message)).toEqual(["boom"]);
      expect(log).toEqual(["after create"]);
    });
  }

  it("ends at once when every child ended in its eager step", async () => {
    const order: string[] = [];
    await runVirtual(async () => {
      const loop = getRunningLoop();
      loop.setTaskFactory(eagerTaskFactory);
      loop.callSoon(() => order.push("callback"));
      await new TaskGroup().with(async (group) => {
        for (let index = 0; index < 3; index++) group.createTask(async () => index);
      });
      order.push("group done");
    });
    // The group waited no loop iteration for children that were done (the body's own return
    // resumes the caller in the same iteration).
    expect(order).toEqual(["group done", "callback"]);
  });
});

describe("task counting with TaskGroup and gather (CPython's BaseTaskCountingTests)", () => {
  /** A task factory that counts the tasks not asked to start eagerly (CPython's AsyncTaskCounter). */
  function countingFactory(eager: boolean): { install(loop: EventLoop): void; count(): number } {
    let lazy = 0;
    class CountingTask<T> extends Task<T> {
      constructor(coro: Coroutine<T>, options: TaskConstructorOptions) {
        if (options.eagerStart !== true) lazy++;
        super(coro, options);
      }
    }
    const factory = eager
      ? createEagerTaskFactory(CountingTask)
      : <T>(loop: EventLoop, coro: Coroutine<T>, options: TaskOptions) => new CountingTask(coro, { ...options, loop });
    return { install: (loop) => loop.setTaskFactory(factory), count: () => lazy };
  }

  async function recursiveTaskGroups(width: number, depth: number): Promise<void> {
    if (depth === 0) return;
    await new TaskGroup().with(async (group) => {
      for (let index = 0; index < width; index++) group.createTask(() => recursiveTaskGroups(width, depth - 1));
    });
  }

  async function recursiveGather(width: number, depth: number): Promise<void> {
    if (depth === 0) return;
    await gather(...Array.from({ length: width }, () => () => recursiveGather(width, depth - 1)));
  }

  for (const eager of [false, true]) {
    for (const [label, recursive] of [
      ["task groups", recursiveTaskGroups],
      ["gather", recursiveGather],
    ] as const) {
      it(`recursive ${label}: ${eager ? "eager" : "lazy"} factory`, async () => {
        const counter = countingFactory(eager);
        const count = await runVirtual(async () => {
          counter.install(getRunningLoop());
          await recursive(5, 4);
          return counter.count();
        });
        // 5 + 5^2 + 5^3 + 5^4 (the main task is made before the factory is set)
        expect(count).toBe(eager ? 0 : 780);
      });
    }
  }
});
