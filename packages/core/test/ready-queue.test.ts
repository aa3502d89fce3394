// The loop's ready queue: FIFO through growth and wrap-around, and an idle loop gives back the
// buffer a burst grew.
import { describe, expect, it } from "vitest";
import { ReadyQueue } from "../src/internal/ready-queue.js";

function drain(queue: ReadyQueue<number>): number[] {
  const out: number[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
  return out;
}

function capacity(queue: ReadyQueue<number>): number {
  return (queue as unknown as { items: unknown[] }).items.length;
}

describe("ReadyQueue", () => {
  it("keeps FIFO order while it wraps around and grows", () => {
    const queue = new ReadyQueue<number>();
    for (let index = 0; index < 10; index++) queue.push(index);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([0, 1, 2]);
    for (let index = 10; index < 40; index++) queue.push(index);
    expect(queue.length).toBe(37);
    expect([...queue]).toEqual(Array.from({ length: 37 }, (_, index) => index + 3));
    expect(drain(queue)).toEqual(Array.from({ length: 37 }, (_, index) => index + 3));
    expect(queue.shift()).toBeUndefined();
  });

  it("gives back a large buffer only once it is empty", () => {
    const queue = new ReadyQueue<number>();
    for (let index = 0; index < 5000; index++) queue.push(index);
    queue.releaseSpare();
    expect(queue.length).toBe(5000);
    expect(drain(queue)).toHaveLength(5000);
    expect(capacity(queue)).toBeGreaterThan(4096);
    queue.releaseSpare();
    expect(capacity(queue)).toBe(16);
    queue.push(7);
    expect(drain(queue)).toEqual([7]);
  });

  it("keeps a small buffer when empty", () => {
    const queue = new ReadyQueue<number>();
    for (let index = 0; index < 100; index++) queue.push(index);
    drain(queue);
    queue.releaseSpare();
    expect(capacity(queue)).toBe(128);
  });
});
