import { describe, expect, it } from "vitest";
import {
  Lock,
  Queue,
  TaskGroup,
  captureCallGraph,
  captureTaskTree,
  createTask,
  currentTask,
  getRunningLoop,
  formatCallGraph,
  formatTaskTree,
  gather,
  shield,
  sleep,
  waitFor,
  type FutureCallGraph,
  type Task,
} from "asyncio-ts";
import { runVirtual, shape, treeShape, withoutIds } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("call graph through combinators", () => {
  it("follows nested gathers up to the main task", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      let graph: FutureCallGraph | undefined;
      let text = "";
      const leaf = async (): Promise<void> => {
        await sleep(0);
        graph = captureCallGraph();
        text = formatCallGraph();
      };
      const middle = async (): Promise<void> => {
        await gather(
          createTask(leaf, { name: "leaf" }),
          createTask(() => sleep(0.01), { name: "sibling" }),
        );
      };
      await gather(createTask(middle, { name: "middle" }));
      expect(shape(graph)).toEqual({
        leaf: [{ GatheringFuture: [{ middle: [{ GatheringFuture: [{ main: [] }] }] }] }],
      });
      expect(graph?.state).toBe("pending");
      expect(graph?.callStack.length).toBeGreaterThan(0);
      expect(graph?.callStack[0]?.fileName).toMatch(/introspection\.test\.ts$/);
      const lines = withoutIds(text).split("\n");
      expect(lines[0]).toBe("* Task(name='leaf', id=?, state=pending)");
      expect(lines[1]).toBe("  + Call stack:");
      expect(lines[2]).toMatch(/^ {2}\| {3}File '.*introspection\.test\.ts', line \d+, in leaf\(\)$/);
      expect(lines.slice(lines.indexOf("  + Awaited by:"))).toEqual([
        "  + Awaited by:",
        "    * Future(id=?, state=pending, GatheringFuture)",
        "      + Awaited by:",
        "        * Task(name='middle', id=?, state=pending)",
        "          + Awaiting: GatheringFuture",
        "          + Awaited by:",
        "            * Future(id=?, state=pending, GatheringFuture)",
        "              + Awaited by:",
        "                * Task(name='main', id=?, state=pending)",
        "                  + Awaiting: GatheringFuture",
      ]);
    });
  });

  it("follows a TaskGroup, shield and waitFor", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const graphs: Record<string, unknown> = {};
      const capture = (key: string) => async (): Promise<void> => {
        await sleep(0);
        graphs[key] = shape(captureCallGraph());
      };
      await new TaskGroup().with(async (group) => {
        group.createTask(capture("grouped"), { name: "grouped" });
      });
      await shield(createTask(capture("shielded"), { name: "shielded" }));
      await waitFor(createTask(capture("timed"), { name: "timed" }), 5);
      expect(graphs).toEqual({
        grouped: { grouped: [{ main: [] }] },
        shielded: { shielded: [{ main: [] }] },
        timed: { timed: [{ main: [] }] },
      });
    });
  });

  it("shows a shielded task still awaited by its task after the shield was cancelled", async () => {
    await runVirtual(async () => {
      const inner = createTask(() => sleep(0.05), { name: "inner" });
      const outer = createTask(
        async () => {
          await shield(inner);
        },
        { name: "outer" },
      );
      await sleep(0);
      outer.cancel();
      await sleep(0);
      expect(outer.done()).toBe(true);
      // As in Python 3.14, the task that shielded stays the awaiter until the inner one ends.
      const graph = captureCallGraph(inner);
      expect(shape(graph)).toEqual({ inner: [{ outer: [] }] });
      expect(graph?.awaitedBy[0]?.state).toBe("cancelled");
      await inner;
    });
  });

  it("returns undefined outside a task, and throws outside a running loop", async () => {
    expect(() => captureCallGraph()).toThrow("captureCallGraph() is called outside of a running event loop");
    await runVirtual(async () => {
      const loop = getRunningLoop();
      let graph: FutureCallGraph | undefined | null = null;
      let text: string | null = null;
      loop.callSoon(() => {
        graph = captureCallGraph();
        text = formatCallGraph();
      });
      await sleep(0);
      expect(graph).toBeUndefined();
      expect(text).toBe("");
    });
  });
});

describe("task tree", () => {
  it("groups tasks under their awaiters and says what each waits on", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("root");
      const lock = new Lock();
      const queue = new Queue<number>();
      await lock.acquire();
      const tasks: Task<unknown>[] = [];
      const main = createTask(
        async () => {
          await new TaskGroup().with(async (group) => {
            group.createTask(
              async () => {
                await lock.acquire();
                lock.release();
              },
              { name: "locker" },
            );
            group.createTask(() => queue.get(), { name: "getter" });
            group.createTask(
              async () => {
                await gather(createTask(() => sleep(10), { name: "sleeper" }));
              },
              { name: "gatherer" },
            );
          });
        },
        { name: "main" },
      );
      tasks.push(main);
      // Created by the root task, awaited by nobody: a root of its own.
      const orphan = createTask(() => sleep(10), { name: "orphan" });
      await sleep(0.01);
      const tree = captureTaskTree();
      expect(tree.taskCount).toBe(7);
      expect(treeShape(tree.roots)).toEqual(
        [
          {
            "root pending []": [
              {
                "main pending [TaskGroup.with() -> Future]": [
                  { "locker pending [Lock.acquire()]": [] },
                  { "getter pending [Queue.get()]": [] },
                  { "gatherer pending [GatheringFuture]": [{ "sleeper pending [sleep timer]": [] }] },
                ],
              },
              { "orphan pending [sleep timer]": [] },
            ],
          },
        ].map(fixTimers),
      );
      expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
      orphan.cancel();
      main.cancel();
      await gather([main, orphan], { returnExceptions: true });
    });
  });
});

function fixTimers(value: unknown): unknown {
  return value;
}

describe("debug mode", () => {
  it("names the primitive each task waits in and where tasks were created", async () => {
    await runVirtual(
      async () => {
        currentTask()?.setName("root");
        const lock = new Lock();
        const queue = new Queue<number>();
        await lock.acquire();
        const locker = createTask(() => lock.acquire(), { name: "locker" });
        const getter = createTask(() => queue.get(), { name: "getter" });
        await sleep(0);
        const tree = captureTaskTree();
        expect(treeShape(tree.roots)).toEqual([
          {
            "root pending []": [{ "locker pending [Lock.acquire()]": [] }, { "getter pending [Queue.get()]": [] }],
          },
        ]);
        const children = tree.roots[0]?.children ?? [];
        expect(children[0]?.createdAt).toMatch(/introspection\.test\.ts:\d+$/);
        expect(children[0]?.createdBy).toBe(tree.roots[0]?.id);
        expect(locker.toString()).toMatch(/ created at .*introspection\.test\.ts:\d+>$/);
        const text = withoutIds(formatTaskTree(tree, { ages: false })).replace(/ created at \S+/g, " created at X");
        expect(text).toBe(
          [
            "└── (T) 'root' #? [pending] created at X",
            "    ├── (T) 'locker' #? [pending] awaiting Lock.acquire() created at X",
            "    └── (T) 'getter' #? [pending] awaiting Queue.get() created at X",
          ].join("\n"),
        );
        locker.cancel();
        getter.cancel();
        await gather([locker, getter], { returnExceptions: true });
      },
      { debug: true },
    );
  });
});
