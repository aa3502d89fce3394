// PriorityQueue orders as CPython's heapq on Python values; refuses what Python cannot compare.
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "@asyncio-ts/core";
import { PriorityQueue } from "../src/index.js";
import { errorOf } from "asyncio-ts-test-support";

function drain<T>(q: PriorityQueue<T>): T[] {
  const items: T[] = [];
  while (!q.empty()) items.push(q.getNowait());
  return items;
}

function filled<T>(items: readonly T[]): PriorityQueue<T> {
  const q = new PriorityQueue<T>();
  for (const item of items) q.putNowait(item);
  return q;
}

describe("PriorityQueue order (Python's <)", () => {
  it("numbers, bigints and booleans by value, together", () => {
    expect(
      drain(filled<number | bigint | boolean>([3, 10n, -1, 2.5, true, 0n, 9007199254740993n, 9007199254740992])),
    ).toEqual([-1, 0n, true, 2.5, 3, 10n, 9007199254740992, 9007199254740993n]);
  });

  it("strings by code point, as Python's str (not by UTF-16 unit)", () => {
    // sorted(['\uffff', '😀', 'a', 'ab', 'B', 'é', '', '\ue000']) in Python:
    expect(drain(filled(["\uffff", "😀", "a", "ab", "B", "é", "", "\ue000"]))).toEqual([
      "",
      "B",
      "a",
      "ab",
      "é",
      "\ue000",
      "\uffff",
      "😀",
    ]);
  });

  it("arrays as Python tuples: element by element, then by length, recursively", () => {
    // sorted([(1,'b'),(1,'a'),(0,'z'),(1,),(1,'a',0)]) in Python:
    expect(drain(filled<unknown[]>([[1, "b"], [1, "a"], [0, "z"], [1], [1, "a", 0]]))).toEqual([
      [0, "z"],
      [1],
      [1, "a"],
      [1, "a", 0],
      [1, "b"],
    ]);
    expect(
      drain(
        filled<unknown[]>([
          [[2, 1], "x"],
          [[1, 9], "y"],
          [[1, 2], "z"],
        ]),
      ),
    ).toEqual([
      [[1, 2], "z"],
      [[1, 9], "y"],
      [[2, 1], "x"],
    ]);
  });

  it("[priority, data] entries never compare data whose priorities differ", () => {
    const a = { name: "a" };
    const b = { name: "b" };
    const q = filled<[number, object]>([
      [2, a],
      [1, b],
    ]);
    expect(drain(q)).toEqual([
      [1, b],
      [2, a],
    ]);
  });

  it("equal elements inside arrays (same object; equal numbers, strings, arrays) go on to the next element", () => {
    const shared = { id: 1 };
    const q = filled<unknown[]>([
      [shared, 2],
      [shared, 1],
    ]);
    // Python: the shared object equals itself (identity), so the second elements decide.
    expect(drain(q)).toEqual([
      [shared, 1],
      [shared, 2],
    ]);
    const nested = filled<unknown[]>([
      [[1, "x"], 3],
      [[1n, "x"], 0],
      [[true, "x"], 2],
    ]);
    // (1, "x") == (1n, "x") == (True, "x") in Python terms: the second elements decide.
    expect(drain(nested).map((item) => item[1])).toEqual([0, 2, 3]);
    // Two distinct objects are not equal, and objects have no order: TypeError.
    const objects = filled<unknown[]>([[{}, 1]]);
    expect(() => objects.putNowait([{}, 0])).toThrow(TypeError);
  });

  it("same order as heapq for ties, with a compare option", () => {
    // A random mix of pushes and pops, keyed on priority only: the order of equal priorities
    // depends on the heap's layout. Expected output computed with Python's heapq.
    const priorities = [
      2, 1, 3, 5, 0, 0, 4, 0, 2, 4, 0, 4, 1, 0, 0, 3, 3, 0, 1, 0, 4, 3, 0, 4, 0, 1, 5, 5, 4, 0, 4, 4, 3, 0, 1, 0, 4, 1,
      2, 3,
    ];
    const expected = [
      1, 4, 5, 7, 10, 13, 17, 19, 14, 22, 24, 29, 35, 33, 18, 34, 37, 12, 25, 8, 38, 0, 21, 16, 39, 15, 32, 2, 9, 31,
      36, 20, 28, 6, 23, 11, 30, 26, 27, 3,
    ];
    const q = new PriorityQueue<{ priority: number; id: number }>({ compare: (a, b) => a.priority - b.priority });
    const out: number[] = [];
    priorities.forEach((priority, id) => {
      q.putNowait({ priority, id });
      if (id % 3 === 2) out.push(q.getNowait().id);
    });
    while (!q.empty()) out.push(q.getNowait().id);
    expect(out).toEqual(expected);
  });

  it("compare orders anything, e.g. dates, and replaces Python's order", () => {
    const q = new PriorityQueue<Date>({ compare: (a, b) => a.getTime() - b.getTime() });
    q.putNowait(new Date(3000));
    q.putNowait(new Date(1000));
    q.putNowait(new Date(2000));
    expect(drain(q).map((date) => date.getTime())).toEqual([1000, 2000, 3000]);
    const reversed = new PriorityQueue<number>(0, { compare: (a, b) => b - a });
    for (const item of [1, 3, 2]) reversed.putNowait(item);
    expect(drain(reversed)).toEqual([3, 2, 1]);
  });
});

describe("PriorityQueue constructor", () => {
  it("takes maxsize positionally like Python, or an options object", () => {
    expect(new PriorityQueue(10).maxsize).toBe(10);
    expect(new PriorityQueue().maxsize).toBe(0);
    const compare = (a: number, b: number): number => a - b;
    expect(new PriorityQueue<number>({ maxsize: 5, compare }).maxsize).toBe(5);
    expect(new PriorityQueue<number>(7, { compare }).maxsize).toBe(7);
    expect(() => new PriorityQueue<number>({ compare: 1 as unknown as () => number })).toThrow(TypeError);
  });

  it("a full PriorityQueue(maxsize) makes put wait", async () => {
    await run(async () => {
      const q = new PriorityQueue<number>(2);
      await q.put(5);
      await q.put(1);
      const putter = createTask(() => q.put(0));
      await sleep(0);
      expect(putter.done()).toBe(false);
      expect(await q.get()).toBe(1);
      await putter;
      expect(drain(q)).toEqual([0, 5]);
    });
  });
});

describe("PriorityQueue refuses items Python cannot compare", () => {
  it("a number and a string: TypeError with Python's message, queue unchanged", () => {
    const q = filled<unknown>([1, 2, 3]);
    expect(() => q.putNowait("a")).toThrow(TypeError);
    expect(() => q.putNowait("a")).toThrow("'<' not supported between instances of 'string' and 'number'");
    expect(q.qsize()).toBe(3);
    expect(q._unfinishedTasks).toBe(3);
    expect(drain(q)).toEqual([1, 2, 3]);
  });

  it("tuples that differ at an incomparable element", () => {
    const q = filled<unknown[]>([[1, "a"]]);
    expect(() => q.putNowait([1, 2])).toThrow("'<' not supported between instances of 'number' and 'string'");
    q.putNowait([2, 2]); // decided by the first element: fine, as in Python
    expect(drain(q)).toEqual([
      [1, "a"],
      [2, 2],
    ]);
  });

  it("objects, null and undefined without compare", () => {
    const q = new PriorityQueue<unknown>();
    q.putNowait({}); // the first item meets nothing
    expect(() => q.putNowait({})).toThrow("'<' not supported between instances of 'Object' and 'Object'");
    expect(() => q.putNowait(null)).toThrow("'<' not supported between instances of 'null' and 'Object'");
    class Job {}
    expect(() => q.putNowait(new Job())).toThrow("'<' not supported between instances of 'Job' and 'Object'");
    expect(q.qsize()).toBe(1);
  });

  it("put() reports the TypeError through its Future; a later valid put still works", async () => {
    await run(async () => {
      const q = new PriorityQueue<unknown>();
      await q.put(2);
      expect(await errorOf(q.put("x"))).toBeInstanceOf(TypeError);
      await q.put(1);
      expect([await q.get(), await q.get()]).toEqual([1, 2]);
    });
  });

  it("a compare that throws refuses the item and leaves the heap intact", () => {
    const q = new PriorityQueue<number>({
      compare: (a, b) => {
        if (a === 13 || b === 13) throw new RangeError("unlucky");
        return a - b;
      },
    });
    for (const item of [5, 3, 8, 1, 9, 2, 7]) q.putNowait(item);
    const before = q._store.toArray();
    expect(() => q.putNowait(13)).toThrow(RangeError);
    expect(q._store.toArray()).toEqual(before);
    expect(drain(q)).toEqual([1, 2, 3, 5, 7, 8, 9]);
  });

  it("items that never met at put and fail to compare at get: get throws, queue unchanged", () => {
    const q = new PriorityQueue<unknown[]>();
    q.putNowait([0, "root"]);
    q.putNowait([1, "a"]); // compared with the root only
    q.putNowait([1, 2]); // compared with the root only: 1 > 0
    const before = q._store.toArray();
    // Popping the root compares the two children: [1, "a"] < [1, 2] is a TypeError in Python too.
    expect(() => q.getNowait()).toThrow(TypeError);
    expect(q._store.toArray()).toEqual(before);
    expect(q.qsize()).toBe(3);
  });
});
