// The frame storage that follows promises (internal/task-frame.ts), used before Node 24. Tested
// directly, so on every Node: on Node 24 the library itself uses AsyncLocalStorage.
import { setTimeout as sleepMilliseconds } from "node:timers/promises";
import { promiseHooks } from "node:v8";
import { describe, expect, it } from "vitest";
import { PromiseFrameStorage, WATCHED, type TaskFrame } from "../src/internal/task-frame.js";

function frame(name: string): TaskFrame {
  return { name } as unknown as TaskFrame;
}

describe("PromiseFrameStorage", () => {
  it("makes a frame current for the call, nested calls included, and restores the previous one", () => {
    const storage = new PromiseFrameStorage();
    const outer = frame("outer");
    const inner = frame("inner");
    expect(storage.getStore()).toBeUndefined();
    const seen = storage.run(
      outer,
      (extra: number) => {
        const before = storage.getStore();
        const nested = storage.run(inner, () => storage.getStore());
        const exited = storage.exit(() => storage.getStore());
        return [before, nested, exited, storage.getStore(), extra];
      },
      7,
    );
    expect(seen).toEqual([outer, inner, undefined, outer, 7]);
    expect(storage.getStore()).toBeUndefined();
    expect(() =>
      storage.run(outer, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
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

  describe("watching an async function from its settlement", () => {
    it("calls the watch in the frame when the promise settles, and not before", async () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      const seen: unknown[] = [];
      let open: (() => void) | undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const watch = (promise: Promise<unknown>): void => {
        seen.push(["watch", storage.getStore()]);
        promise.then((value) => seen.push(["value", value, storage.getStore()]));
      };
      storage.run(task, () =>
        storage.callWatchingSettlement(async () => {
          await gate;
          return 5;
        }, watch),
      );
      expect(watchedCount(storage)).toBe(1);
      await sleepMilliseconds(1);
      expect(seen).toEqual([]);
      open?.();
      await sleepMilliseconds(1);
      expect(seen).toEqual([
        ["watch", task],
        ["value", 5, task],
      ]);
      expect(watchedCount(storage)).toBe(0);
      expect(settledHookRunning(storage)).toBe(false);
    });

    it("hands a rejection to the watch's reaction, so it is not unhandled", async () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      try {
        const error = new Error("boom");
        const caught = new Promise((resolve) => {
          storage.run(task, () =>
            storage.callWatchingSettlement(
              async () => {
                await null;
                throw error;
              },
              (promise) => {
                promise.then(undefined, (reason: unknown) => resolve([reason, storage.getStore()]));
              },
            ),
          );
        });
        expect(await caught).toEqual([error, task]);
        await sleepMilliseconds(5);
        expect(unhandled).toEqual([]);
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
    });

    it("calls the watch at once for a function that settles during the call", () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      const seen: unknown[] = [];
      storage.run(task, () =>
        storage.callWatchingSettlement(
          async () => 1,
          () => seen.push(storage.getStore()),
        ),
      );
      expect(seen).toEqual([task]);
      expect(storage.getStore()).toBeUndefined();
    });

    it("returns what a function made no promise for returned, and keeps no watch for it", () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      async function* generate(): AsyncGenerator<number> {
        yield 1;
      }
      const before = watchedCount(storage);
      const watches: unknown[] = [];
      const returned = storage.run(task, () =>
        storage.callWatchingSettlement(generate, (promise) => watches.push(promise)),
      );
      expect(Object.prototype.toString.call(returned)).toBe("[object AsyncGenerator]");
      expect(
        storage.run(task, () =>
          storage.callWatchingSettlement(
            async () => 1,
            () => undefined,
          ),
        ),
      ).toBe(WATCHED);
      expect(watchedCount(storage)).toBe(before);
      expect(watches).toEqual([]);
    });

    it("keeps the frame of a promise that adopts a thenable until the thenable settles it", async () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      const seen: unknown[] = [];
      let settle: ((value: unknown) => void) | undefined;
      const thenable = {
        then(resolve: (value: unknown) => void) {
          seen.push(["then", storage.getStore()]);
          settle = resolve;
        },
      };
      storage.run(task, () =>
        storage.callWatchingSettlement(
          async () => thenable,
          (promise) => {
            seen.push(["watch", storage.getStore()]);
            promise.then((value) => seen.push(["value", value]));
          },
        ),
      );
      await sleepMilliseconds(1);
      expect(seen).toEqual([["then", task]]);
      settle?.("adopted");
      await sleepMilliseconds(1);
      expect(seen).toEqual([
        ["then", task],
        ["watch", task],
        ["value", "adopted"],
      ]);
    });
  });

  describe("awaits of thenables in a watched function", () => {
    it("leave the await's wrapper promise without a frame, and run the thenable's then in the function's frame", async () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      const seen: unknown[] = [];
      let resume: ((value: unknown) => void) | undefined;
      const thenable = {
        then(resolve: (value: unknown) => void) {
          seen.push(["then", storage.getStore()]);
          resume = resolve;
        },
      };
      const made = recordPromises();
      let outer: Promise<unknown> | undefined;
      try {
        storage.run(task, () =>
          storage.callWatchingSettlement(
            async () => {
              seen.push(["resumed", await thenable, storage.getStore()]);
            },
            (promise) => void (outer = promise),
          ),
        );
        await sleepMilliseconds(1);
      } finally {
        made.stop();
      }
      const wrapper = made.childOf(made.promises[0]);
      expect(hasFrame(wrapper)).toBe(false);
      expect(hasFrame(made.childOf(wrapper))).toBe(true); // the await's own promise
      expect(seen).toEqual([["then", task]]);
      resume?.("value");
      await sleepMilliseconds(1);
      expect(seen).toEqual([
        ["then", task],
        ["resumed", "value", task],
      ]);
      expect(outer).toBe(made.promises[0]);
      expect(hasFrame(wrapper)).toBe(false);
    });

    it("keep each function's frame apart when many wait at once, with jobs of promises outside any frame between", async () => {
      const storage = new PromiseFrameStorage();
      const frames = [frame("a"), frame("b"), frame("c")];
      const seen: string[] = [];
      const outside: Promise<void>[] = [];
      for (const current of frames) {
        outside.push(Promise.resolve().then(() => void seen.push(`outside:${String(storage.getStore())}`)));
        storage.run(current, () =>
          storage.callWatchingSettlement(
            async () => {
              const value = await {
                then: (resolve: (value: string) => void) => resolve(`then in ${name(storage.getStore())}`),
              };
              seen.push(`${value}, resumed in ${name(storage.getStore())}`);
            },
            () => undefined,
          ),
        );
      }
      await Promise.all(outside);
      await sleepMilliseconds(1);
      expect(seen.filter((entry) => !entry.startsWith("outside"))).toEqual([
        "then in a, resumed in a",
        "then in b, resumed in b",
        "then in c, resumed in c",
      ]);
      expect(seen.filter((entry) => entry.startsWith("outside"))).toEqual([
        "outside:undefined",
        "outside:undefined",
        "outside:undefined",
      ]);
      expect(queuedLength(storage)).toBe(0);
    });

    it("give the wrapper its frame when something else happens between (a then getter making a promise, a plain value)", async () => {
      const storage = new PromiseFrameStorage();
      const task = frame("task");
      const seen: unknown[] = [];
      const thenable = {
        get then() {
          void Promise.resolve(); // made between the wrapper and the await's own promise
          return (resolve: (value: unknown) => void) => {
            seen.push(storage.getStore());
            resolve("got");
          };
        },
      };
      const made = recordPromises();
      try {
        storage.run(task, () =>
          storage.callWatchingSettlement(
            async () => {
              seen.push(await thenable);
              seen.push(await 5, storage.getStore());
            },
            () => undefined,
          ),
        );
        await sleepMilliseconds(1);
      } finally {
        made.stop();
      }
      const outer = made.promises[0];
      const wrappers = made.made.filter(([, parent]) => parent === outer).map(([promise]) => promise);
      expect(wrappers).toHaveLength(2);
      expect(wrappers.map(hasFrame)).toEqual([true, true]);
      expect(seen).toEqual([task, "got", 5, task]);
    });
  });
});

function name(current: TaskFrame | undefined): string {
  return (current as unknown as { name: string } | undefined)?.name ?? "no frame";
}

/** Records the promises made, with their parents, until stopped. */
function recordPromises(): {
  made: [Promise<unknown>, Promise<unknown> | undefined][];
  promises: Promise<unknown>[];
  childOf(parent: Promise<unknown> | undefined): Promise<unknown> | undefined;
  stop(): void;
} {
  const made: [Promise<unknown>, Promise<unknown> | undefined][] = [];
  const stop = promiseHooks.onInit(
    (promise, parent) => void made.push([promise, parent as Promise<unknown> | undefined]),
  );
  return {
    made,
    get promises() {
      return made.map(([promise]) => promise);
    },
    childOf: (parent) => made.find(([, candidate]) => candidate === parent)?.[0],
    stop: stop as () => void,
  };
}

function queuedLength(storage: PromiseFrameStorage): number {
  const internals = storage as unknown as { queuedWrappers: unknown[]; queuedHead: number };
  return internals.queuedWrappers.length - internals.queuedHead;
}

function hasFrame(promise: Promise<unknown> | undefined): boolean {
  if (promise === undefined) throw new Error("promise not found");
  return Object.getOwnPropertySymbols(promise).some((symbol) => symbol.description === "asyncio-ts frame");
}

function watchedCount(storage: PromiseFrameStorage): number {
  return (storage as unknown as { watchedCount: number }).watchedCount;
}

function settledHookRunning(storage: PromiseFrameStorage): boolean {
  return (storage as unknown as { stopSettledHook: unknown }).stopSettledHook !== undefined;
}
