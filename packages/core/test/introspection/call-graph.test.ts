import { describe, expect, it } from "vitest";
import {
  StreamReader,
  callCoroutine,
  captureCallGraph,
  captureTaskTree,
  createTask,
  currentTask,
  formatCallGraph,
  formatTaskTree,
  futureAddToAwaitedBy,
  futureDiscardFromAwaitedBy,
  getRunningLoop,
  printCallGraph,
  printTaskTree,
  setWaitDescription,
  sleep,
  type FutureCallGraph,
} from "../../src/index.js";
import { newLoop } from "../helpers.js";
import { runVirtual, shape, treeShape, withoutIds } from "asyncio-ts-test-support";

// Runs on a VirtualTimeLoop (runVirtual): what these tests check is the order of deadlines
// and wake-ups, which virtual time keeps whatever the machine's speed or load.

describe("captureCallGraph", () => {
  it("follows a chain of tasks awaiting tasks, each with what it awaits", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      let graph: FutureCallGraph | undefined;
      const c = async (): Promise<void> => {
        await sleep(0);
        graph = captureCallGraph();
      };
      const b = async (): Promise<void> => {
        await createTask(c, { name: "c" });
      };
      await createTask(b, { name: "b" });
      expect(shape(graph)).toEqual({ c: [{ b: [{ main: [] }] }] });
      expect(graph?.awaiting).toEqual([]);
      expect(graph?.awaitedBy[0]?.awaiting).toEqual(["Task(name='c')"]);
      expect(graph?.awaitedBy[0]?.callStack).toEqual([]);
      expect(graph?.awaitedBy[0]?.awaitedBy[0]?.awaiting).toEqual(["Task(name='b')"]);
      expect(graph?.createdAt).toBeUndefined();
    });
  });

  it("sees through library calls to the task they run in", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const inner = createTask(() => sleep(0.01), { name: "inner" });
      const viaCall = createTask(() => callCoroutine(async () => await inner), { name: "via-call" });
      await sleep(0);
      expect(shape(captureCallGraph(inner))).toEqual({ inner: [{ "via-call": [] }] });
      expect(captureCallGraph(viaCall)?.awaiting).toEqual(["CoroutineCall", "Task(name='inner')"]);
      expect(captureCallGraph(inner)?.awaiting).toEqual(["sleep timer"]);
      await viaCall;
    });
  });

  it("follows edges marked with futureAddToAwaitedBy, and forgets discarded ones", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const loop = getRunningLoop();
      const child = loop.createFuture<void>();
      const parent = loop.createFuture<void>();
      futureAddToAwaitedBy(child, parent);
      futureAddToAwaitedBy(child, parent);
      futureAddToAwaitedBy(child, "not a future");
      futureAddToAwaitedBy(parent, currentTask());
      expect(shape(captureCallGraph(child))).toEqual({ Future: [{ Future: [{ main: [] }] }] });
      const lines = withoutIds(formatCallGraph(child)).split("\n");
      expect(lines.slice(0, 6)).toEqual([
        "* Future(id=?, state=pending, Future)",
        "  + Awaited by:",
        "    * Future(id=?, state=pending, Future)",
        "      + Awaited by:",
        "        * Task(name='main', id=?, state=pending)",
        "          + Call stack:",
      ]);
      // The running task, met as an awaiter, shows where it is now.
      expect(lines[6]).toMatch(/^ {10}\| {3}File '.*call-graph\.test\.ts', line \d+, in /);
      futureDiscardFromAwaitedBy(child, parent);
      expect(shape(captureCallGraph(child))).toEqual({ Future: [] });
    });
  });

  it("gives the current task's call stack, innermost first, cut by limit", async () => {
    await runVirtual(async () => {
      async function outerFunction(): Promise<FutureCallGraph | undefined> {
        await sleep(0);
        return innerFunction();
      }
      function innerFunction(): FutureCallGraph | undefined {
        return captureCallGraph();
      }
      const graph = await createTask(outerFunction);
      const names = graph?.callStack.map((frame) => frame.functionName);
      expect(names?.slice(0, 2)).toEqual(["innerFunction", "outerFunction"]);
      expect(graph?.callStack[0]?.lineNumber).toBeGreaterThan(0);
      const limited = await createTask(async () => {
        await sleep(0);
        return innerFunction.call(undefined) && captureCallGraph(undefined, { limit: 1 });
      });
      expect(limited?.callStack.length).toBe(1);
    });
  });

  it("printCallGraph writes the formatted graph", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("printer");
      const written: string[] = [];
      printCallGraph(undefined, { file: { write: (text: string) => written.push(text) } });
      expect(written[0]).toMatch(/^\* Task\(name='printer', id=0x[0-9a-f]+, state=pending\)\n/);
    });
  });

  it("marks several awaiters of one future, in order, and a task being cancelled", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const loop = getRunningLoop();
      const child = loop.createFuture<void>();
      const first = loop.createFuture<void>();
      const second = loop.createFuture<void>();
      futureAddToAwaitedBy(child, first);
      futureAddToAwaitedBy(child, second);
      futureAddToAwaitedBy(child, first);
      expect(captureCallGraph(child)?.awaitedBy.map((node) => node.future)).toEqual([first, second]);
      futureDiscardFromAwaitedBy(child, first);
      expect(captureCallGraph(child)?.awaitedBy.map((node) => node.future)).toEqual([second]);
      const stubborn = createTask(
        async () => {
          try {
            await sleep(10);
          } catch {
            await sleep(0.01);
          }
        },
        { name: "stubborn" },
      );
      await sleep(0);
      stubborn.cancel();
      await sleep(0);
      expect(captureCallGraph(stubborn)?.state).toBe("cancelling");
      await stubborn;
      expect(captureCallGraph(stubborn)?.state).toBe("finished");
    });
  });

  it("rejects a non-future", async () => {
    await runVirtual(async () => {
      expect(() => captureCallGraph(42 as never)).toThrow(TypeError);
    });
  });
});

describe("captureTaskTree", () => {
  it("puts a task nobody awaits under the pending task that created it", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const parent = createTask(
        async () => {
          createTask(() => sleep(0.05), { name: "spawned" });
          await sleep(0.05);
        },
        { name: "parent" },
      );
      await sleep(0);
      await sleep(0);
      expect(treeShape(captureTaskTree().roots)).toEqual([
        { "main pending []": [{ "parent pending [sleep timer]": [{ "spawned pending [sleep timer]": [] }] }] },
      ]);
      parent.cancel();
      await sleep(0);
      // Its creator gone, the spawned task is a root of its own.
      const tree = captureTaskTree();
      expect(treeShape(tree.roots)).toEqual([{ "main pending []": [] }, { "spawned pending [sleep timer]": [] }]);
      expect(tree.roots[1]?.createdBy).toBeUndefined();
      expect(tree.roots[1]?.age).toBeGreaterThanOrEqual(0);
      expect(tree.taskCount).toBe(2);
    });
  });

  it("lists the tasks of a loop that is not running, as scheduled", () => {
    const loop = newLoop();
    const first = loop.createTask(async () => {}, { name: "first" });
    loop.createTask(async () => {}, { name: "second" });
    const tree = captureTaskTree(loop);
    expect(treeShape(tree.roots)).toEqual([{ "first pending []": [] }, { "second pending []": [] }]);
    expect(tree.roots[0]?.id).not.toBe(tree.roots[1]?.id);
    expect(withoutIds(formatTaskTree(tree, { ages: false }))).toBe(
      ["├── (T) 'first' #? [pending]", "└── (T) 'second' #? [pending]"].join("\n"),
    );
    expect(formatTaskTree(tree)).toMatch(/^├── \(T\) 'first' #\d+ \[pending, \d+\.\d{3}s\]/);
    first.cancel();
  });

  it("shows a task awaited by two tasks under the first, naming the other", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const shared = createTask(() => sleep(0.02), { name: "shared" });
      const one = createTask(async () => await shared, { name: "one" });
      const two = createTask(async () => await shared, { name: "two" });
      await sleep(0);
      const tree = captureTaskTree();
      expect(treeShape(tree.roots)).toEqual([
        {
          "main pending []": [
            { "one pending [Task(name='shared')]": [{ "shared pending [sleep timer]": [] }] },
            { "two pending [Task(name='shared')]": [] },
          ],
        },
      ]);
      const sharedNode = tree.roots[0]?.children[0]?.children[0];
      expect(sharedNode?.awaitedBy).toEqual([tree.roots[0]?.children[0]?.id, tree.roots[0]?.children[1]?.id]);
      expect(formatTaskTree(tree, { ages: false })).toContain(`(also awaited by #${tree.roots[0]?.children[1]?.id})`);
      await Promise.all([one, two]);
    });
  });

  it("describes waits with setWaitDescription and names stream reads", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const loop = getRunningLoop();
      const resource = loop.createFuture<void>();
      setWaitDescription(resource, "MyResource.acquire");
      const reader = new StreamReader();
      const waiting = createTask(async () => await resource, { name: "waiting" });
      const reading = createTask(() => reader.read(10), { name: "reading" });
      await sleep(0);
      const nodes = captureTaskTree().roots[0]?.children ?? [];
      expect(nodes.map((node) => node.awaiting)).toEqual([
        ["MyResource.acquire"],
        ["StreamReader.read(10): waiting for data"],
      ]);
      resource.setResult(undefined);
      reader.feedEof();
      await Promise.all([waiting, reading]);
    });
  });

  it("printTaskTree writes the formatted tree", async () => {
    await runVirtual(async () => {
      currentTask()?.setName("main");
      const written: string[] = [];
      printTaskTree(undefined, { ages: false, file: { write: (text: string) => written.push(text) } });
      expect(withoutIds(written[0] ?? "")).toBe("└── (T) 'main' #? [pending]\n");
    });
  });
});

describe("debug mode", () => {
  it("records where each task was created, in its repr and in the graph", async () => {
    await runVirtual(
      async () => {
        const task = createTask(() => sleep(0), { name: "made" });
        expect(task.toString()).toMatch(
          /^<Task pending name="made" coro=<anonymous\(\)> created at .*call-graph\.test\.ts:\d+>$/,
        );
        expect(captureCallGraph(task)?.createdAt).toMatch(/call-graph\.test\.ts:\d+$/);
        expect(withoutIds(formatCallGraph(task)).split("\n")[1]).toMatch(
          /^ {2}\+ Created at .*call-graph\.test\.ts:\d+$/,
        );
        await task;
      },
      { debug: true },
    );
  });

  it("records nothing outside debug mode", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(0), { name: "plain" });
      expect(task.toString()).toBe('<Task pending name="plain" coro=<anonymous()>>');
      expect(captureCallGraph(task)?.createdAt).toBeUndefined();
      await task;
    });
  });
});
