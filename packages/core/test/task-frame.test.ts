// The frame storage that follows promises (internal/task-frame.ts), used before Node 24. Tested
// directly, so on every Node: on Node 24 the library itself uses AsyncLocalStorage.
import { setTimeout as sleepMilliseconds } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { PromiseFrameStorage, type TaskFrame } from "../src/internal/task-frame.js";

function frame(name: string): TaskFrame {
  return { name } as unknown as TaskFrame;
}

describe("PromiseFrameStorage", () => {
  it("makes a frame current for the call, nested calls included, and restores the previous one", () => {
    const storage = new PromiseFrameStorage();
    const outer = frame("outer");
    const inner = frame("inner");
    expect(storage.getStore()).toBeUndefined();
    const seen = storage.run(outer, (extra: number) => {
      const before = storage.getStore();
      const nested = storage.run(inner, () => storage.getStore());
      const exited = storage.exit(() => storage.getStore());
      return [before, nested, exited, storage.getStore(), extra];
    }, 7);
    expect(seen).toEqual([outer, inner, undefined, outer, 7]);
    expect(storage.getStore()).toBeUndefined();
    expect(() => storage.run(outer, () => { throw new Error("boom"); })).toThrow("boom");
    expect(storage.getStore()).toBeUndefined();
  });

  it("follows an async function through awaits of native promises, timer promises and thenables", async () => {
    const storage = new PromiseFrameStorage();
    const task = frame("task");
    const seen: unknown[] = [];
    const thenable = {
      then(resolve: (value: unknown) => void) {
        // The engine calls a thenable's then in a job of the awaiting function's promise.
        seen.push(storage.getStore());
        resolve(1);
      },
    };
    await storage.run(task, async () => {
      seen.push(storage.getStore());
      await Promise.resolve();
      seen.push(storage.getStore());
      await sleepMilliseconds(1);
      seen.push(storage.getStore());
      await thenable;
      seen.push(storage.getStore());
      await Promise.all([sleepMilliseconds(1), Promise.resolve()]);
      seen.push(storage.getStore());
    });
    expect(seen).toEqual([task, task, task, task, task, task]);
    expect(storage.getStore()).toBeUndefined();
  });

  it("keeps two interleaved functions apart", async () => {
    const storage = new PromiseFrameStorage();
    const first = frame("first");
    const second = frame("second");
    const seen: string[] = [];
    const step = async (expected: TaskFrame, label: string): Promise<void> => {
      for (let index = 0; index < 3; index++) {
        await null;
        seen.push(`${label}:${storage.getStore() === expected}`);
      }
    };
    await Promise.all([storage.run(first, () => step(first, "a")), storage.run(second, () => step(second, "b"))]);
    expect(seen).toEqual(["a:true", "b:true", "a:true", "b:true", "a:true", "b:true"]);
  });

  it("runs timer callbacks and reactions of promises made outside any frame outside any frame", async () => {
    const storage = new PromiseFrameStorage();
    const task = frame("task");
    let resolveOutside: (() => void) | undefined;
    const madeOutside = new Promise<void>((resolve) => (resolveOutside = resolve));
    const seenByReaction = madeOutside.then(() => storage.getStore());
    const seenByTimer = await storage.run(task, async () => {
      resolveOutside?.(); // resolved inside the frame, but the reaction belongs to the outside
      return await new Promise<unknown>((resolve) => setTimeout(() => resolve(storage.getStore()), 1));
    });
    expect(await seenByReaction).toBeUndefined();
    expect(seenByTimer).toBeUndefined();
  });
});
