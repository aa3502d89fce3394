// Which frame the loop's own turns run in: a user's AsyncLocalStorage store set around `run`
// reaches tasks and callbacks, and work that arrives from a callback registered inside a task
// (an immediate, a Node timer) still runs outside that task.
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, getRunningLoop, run, sleep } from "../src/index.js";

describe("the loop's frames", () => {
  it("lets a store set around run() reach tasks, their later steps and loop callbacks", async () => {
    const requestId = new AsyncLocalStorage<string>();
    const seen = await requestId.run("request-1", () =>
      run(async () => {
        const inCallback = new Promise<string | undefined>((resolve) =>
          getRunningLoop().callSoon(() => resolve(requestId.getStore())),
        );
        const child = createTask(async () => {
          const first = requestId.getStore();
          await sleep(0);
          return [first, requestId.getStore()];
        });
        return [...(await child), await inCallback];
      }),
    );
    expect(seen).toEqual(["request-1", "request-1", "request-1"]);
  });

  it("runs callbacks scheduled from a foreign callback of a task outside that task", async () => {
    const seen = await run(async () => {
      const loop = getRunningLoop();
      const owners: (string | undefined)[] = [];
      const done = loop.createFuture<void>();
      createTask(
        async () => {
          // The immediate and the timer may carry this task's frame; the loop wakes from them.
          setImmediate(() => loop.callSoon(() => owners.push(currentTask()?.getName())));
          await new Promise((resolve) => setTimeout(resolve, 1));
          loop.callSoon(() => {
            owners.push(currentTask()?.getName());
            done.setResult(undefined);
          });
        },
        { name: "worker" },
      );
      await done;
      return owners;
    });
    expect(seen).toEqual([undefined, undefined]);
  });

  it("keeps a task's own frame across its steps while others start and finish", async () => {
    const names = await run(async () => {
      const tasks = ["a", "b", "c"].map((name) =>
        createTask(
          async () => {
            const steps: (string | undefined)[] = [currentTask()?.getName()];
            await sleep(0);
            steps.push(currentTask()?.getName());
            await new Promise((resolve) => setImmediate(resolve));
            steps.push(currentTask()?.getName());
            return steps.join("");
          },
          { name },
        ),
      );
      const results: string[] = [];
      for (const task of tasks) results.push(await task);
      return results;
    });
    expect(names).toEqual(["aaa", "bbb", "ccc"]);
  });

  it("lets a user's storage nest inside a task, with its own store and the task's kept apart", async () => {
    const requestId = new AsyncLocalStorage<string>();
    const userId = new AsyncLocalStorage<string>();
    const seen = await requestId.run("request-1", () =>
      run(async () => {
        const child = createTask(
          async () => {
            const inside = await userId.run("user-7", async () => {
              await sleep(0);
              return [requestId.getStore(), userId.getStore(), currentTask()?.getName()];
            });
            // After the nested run: the task's own frame again, without the nested store.
            await new Promise((resolve) => setImmediate(resolve));
            return [...inside, requestId.getStore(), userId.getStore(), currentTask()?.getName()];
          },
          { name: "child" },
        );
        return child;
      }),
    );
    expect(seen).toEqual(["request-1", "user-7", "child", "request-1", undefined, "child"]);
  });

  it("keeps a store entered with enterWith inside a task in that task's later steps, not its awaiter's", async () => {
    const userId = new AsyncLocalStorage<string>();
    const seen = await run(async () => {
      const main = currentTask();
      const first = createTask(
        async () => {
          userId.enterWith("first");
          await sleep(0);
          await new Promise((resolve) => setImmediate(resolve));
          return [userId.getStore(), currentTask()?.getName()];
        },
        { name: "one" },
      );
      return [...(await first), userId.getStore(), currentTask() === main];
    });
    expect(seen).toEqual(["first", "one", undefined, true]);
  });

  // On AsyncContextFrame (Node 24) `disable()` unsets the store in the current frame only; before
  // that it disables the storage everywhere, which asyncio-ts does not change.
  const contextFrames = Number(process.versions.node.split(".")[0]) >= 24;

  it.runIf(contextFrames)(
    "disables a user's storage in the task that asks, not in the tasks beside it (Node 24)",
    async () => {
      const requestId = new AsyncLocalStorage<string>();
      const seen = await requestId.run("request-1", () =>
        run(async () => {
          const disabling = createTask(async () => {
            requestId.disable();
            await sleep(0);
            return requestId.getStore();
          });
          const other = createTask(async () => {
            await sleep(0);
            await sleep(0);
            return requestId.getStore();
          });
          return [await disabling, await other, requestId.getStore()];
        }),
      );
      expect(seen).toEqual([undefined, "request-1", "request-1"]);
    },
  );
});
