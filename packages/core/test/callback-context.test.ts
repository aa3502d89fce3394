// What code scheduled from inside a task sees, the same on every runtime and with or without the
// accelerators: callbacks of the runtime (timers, immediates, emitters, queueMicrotask, nextTick,
// promise reactions) follow the task as AsyncLocalStorage propagates a store, so they see the
// task as currentTask() and its ContextVar values; the loop's callbacks (callSoon, callLater,
// done callbacks) run outside any task, as in Python, in the context they captured.
import { EventEmitter } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ContextVar, currentTask, type Task } from "../src/index.js";
import { newLoop } from "./helpers.js";

describe("callbacks scheduled from inside a task", () => {
  it("see the task and its context in runtime callbacks, and no task in loop callbacks", async () => {
    const loop = newLoop();
    const request = new ContextVar<string>("request", { default: "none" });
    const seen: string[] = [];
    const note = (label: string): void => {
      seen.push(`${label}: ${currentTask(loop)?.getName() ?? "no task"} ${request.get()}`);
    };
    const emitter = new EventEmitter();
    emitter.on("ping", () => note("emitter"));
    const main = loop.createTask(
      async () => {
        request.set("r-1");
        const done = loop.createFuture<void>();
        let pending = 5;
        const settle = (): void => {
          if (--pending === 0) loop.callSoonThreadsafe(() => done.setResult());
        };
        setTimeout(() => {
          note("setTimeout");
          settle();
        }, 1);
        setImmediate(() => {
          note("setImmediate");
          emitter.emit("ping");
          settle();
        });
        queueMicrotask(() => {
          note("queueMicrotask");
          settle();
        });
        process.nextTick(() => {
          note("nextTick");
          settle();
        });
        void Promise.resolve().then(() => {
          note("promise reaction");
          settle();
        });
        loop.callSoon(() => note("callSoon"));
        loop.callLater(0.001, () => note("callLater"));
        await done;
        await delay(1);
        note("after a foreign await");
      },
      { name: "main" },
    );
    await loop.runUntilComplete(main);
    expect([...seen].sort()).toEqual(
      [
        "after a foreign await: main r-1",
        "callLater: no task r-1",
        "callSoon: no task r-1",
        "emitter: main r-1",
        "nextTick: main r-1",
        "promise reaction: main r-1",
        "queueMicrotask: main r-1",
        "setImmediate: main r-1",
        "setTimeout: main r-1",
      ].sort(),
    );
  });

  it("keep each task's own view when many tasks schedule timers at once, and loop callbacks see none", async () => {
    const loop = newLoop();
    const identity = new ContextVar<number>("identity", { default: -1 });
    const mismatches: string[] = [];
    let loopCallbacksInATask = 0;
    const tasks: Task<void>[] = [];
    for (let index = 0; index < 200; index++) {
      tasks.push(
        loop.createTask(async () => {
          identity.set(index);
          const me = currentTask(loop);
          await new Promise<void>((resolve) =>
            setTimeout(() => {
              if (currentTask(loop) !== me || identity.get() !== index) mismatches.push(`timer of ${index}`);
              resolve();
            }, 0),
          );
          loop.callSoon(() => {
            if (currentTask(loop) !== undefined) loopCallbacksInATask++;
          });
          if (currentTask(loop) !== me || identity.get() !== index) mismatches.push(`after await in ${index}`);
        }),
      );
    }
    await loop.runUntilComplete(loop.createTask(async () => Promise.all(tasks)));
    expect(mismatches).toEqual([]);
    expect(loopCallbacksInATask).toBe(0);
  });
});
