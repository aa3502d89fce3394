// The waiters' FIFO (src/waiter-queue.ts): a Set's behaviour, without its holes.
import { describe, expect, it } from "vitest";
import { WaiterQueue } from "../src/waiter-queue.js";

const items = (count: number) => Array.from({ length: count }, (_, index) => ({ index }));

describe("WaiterQueue", () => {
  it("keeps arrival order, size and membership as a Set does", () => {
    const queue = new WaiterQueue<{ index: number }>();
    const [a, b, c] = items(3) as [{ index: number }, { index: number }, { index: number }];
    queue.add(a).add(b).add(c).add(a);
    expect([...queue]).toEqual([a, b, c]);
    expect(queue.size).toBe(3);
    expect(queue.delete(b)).toBe(true);
    expect(queue.delete(b)).toBe(false);
    expect(queue.has(b)).toBe(false);
    queue.add(b); // back in: at the end, as a Set re-adds
    expect([...queue]).toEqual([a, c, b]);
    expect(queue.first()).toBe(a);
    queue.delete(a);
    expect(queue.first()).toBe(c);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.first()).toBeUndefined();
    expect([...queue]).toEqual([]);
  });

  it("iterates on while waiters leave and arrive, across a cut of its array", () => {
    const queue = new WaiterQueue<{ index: number }>();
    const all = items(5000);
    for (const item of all) queue.add(item);
    const seen: number[] = [];
    for (const item of queue) {
      seen.push(item.index);
      queue.delete(item); // the front leaves: the array is cut past 1,024 removed entries
      if (item.index === 10) queue.delete(all[20] as { index: number });
      if (item.index === 4999) break;
    }
    expect(seen.length).toBe(4999);
    expect(seen.includes(20)).toBe(false);
    expect(queue.size).toBe(0);
    const late = items(3);
    for (const item of late) queue.add(item);
    const order: number[] = [];
    for (const item of queue) {
      order.push(item.index);
      if (item.index === 0) queue.add({ index: 3 });
    }
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("finds the first waiter at once however many have come and gone", () => {
    const queue = new WaiterQueue<{ index: number }>();
    for (const item of items(1000)) queue.add(item);
    for (let round = 0; round < 100_000; round++) {
      const first = queue.first() as { index: number };
      queue.delete(first);
      queue.add(first);
    }
    expect(queue.size).toBe(1000);
    expect([...queue].map((item) => item.index)).toEqual(Array.from({ length: 1000 }, (_, index) => index));
  });

  it("keeps a Set's answers while it grows past the length it scans and shrinks back", () => {
    const queue = new WaiterQueue<{ index: number }>();
    const reference = new Set<{ index: number }>();
    const all = items(64);
    // A fixed pseudo-random walk of adds, re-adds and deletes (front, middle and absent ones),
    // growing to ~57 waiters and back under 4 twenty times: past the scanned length and back.
    let seed = 7;
    const next = (limit: number): number => {
      seed = (seed * 48271) % 2147483647;
      return seed % limit;
    };
    let largest = 0;
    for (let step = 0; step < 20_000; step++) {
      const item = all[next(all.length)] as { index: number };
      const growing = Math.floor(step / 500) % 2 === 0;
      const roll = next(10);
      if (roll < (growing ? 1 : 4)) {
        const front = queue.first();
        expect(front).toBe(reference.values().next().value);
        if (front !== undefined) expect(queue.delete(front)).toBe(reference.delete(front));
      } else if (roll < (growing ? 9 : 6)) {
        queue.add(item);
        reference.add(item);
      } else {
        expect(queue.delete(item)).toBe(reference.delete(item));
      }
      largest = Math.max(largest, reference.size);
      expect(queue.size).toBe(reference.size);
      expect(queue.has(item)).toBe(reference.has(item));
      if (step % 97 === 0) expect([...queue]).toEqual([...reference]);
    }
    expect(largest).toBeGreaterThan(32);
    expect([...queue]).toEqual([...reference]);
  });
});
