// The StreamReader's chunk buffer (internal/net-byte-buffer.ts): it reuses its chunk list once
// drained, so data read after a drain must never come from the chunks taken before it.
import { describe, expect, it } from "vitest";
import { emptyKeepingCapacity } from "../../src/internal/empty-keeping-capacity.js";
import { ByteBuffer } from "../../src/internal/net-byte-buffer.js";

const text = (value: string): Buffer => Buffer.from(value);

describe("ByteBuffer", () => {
  it("takes across chunks, and after draining starts clean with the next chunks", () => {
    const buffer = new ByteBuffer();
    buffer.append(text("ab"));
    buffer.append(text("cd"));
    expect(buffer.take(3).toString()).toBe("abc");
    expect(buffer.take(5).toString()).toBe("d");
    expect(buffer.length).toBe(0);
    buffer.append(text("ef"));
    buffer.append(text("gh"));
    expect(buffer.length).toBe(4);
    expect(buffer.take(4).toString()).toBe("efgh");
    buffer.append(text("ij"));
    expect(buffer.takeSome(10).toString()).toBe("ij");
    expect(buffer.take(1).length).toBe(0);
  });

  it("drains a burst of many chunks and keeps working", () => {
    const buffer = new ByteBuffer();
    for (let index = 0; index < 200; index++) buffer.append(text(String(index % 10)));
    expect(buffer.take(200).toString()).toBe("0123456789".repeat(20));
    buffer.append(text("z"));
    expect(buffer.take(1).toString()).toBe("z");
  });
});

describe("emptyKeepingCapacity", () => {
  it("empties a short array in place and replaces a long one", () => {
    const short = [1, 2, 3];
    expect(emptyKeepingCapacity(short)).toBe(short);
    expect(short).toEqual([]);
    const long = Array.from({ length: 100 }, (_, index) => index);
    const replaced = emptyKeepingCapacity(long);
    expect(replaced).not.toBe(long);
    expect(replaced).toEqual([]);
  });
});
