// How read()/readexactly() wait for data, checked against CPython 3.11's StreamReader: the read
// resumes one iteration after the data came, and a cancel in between loses nothing.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  getRunningLoop,
  IncompleteReadError,
  run,
  sleep,
  StreamReader,
  ValueError,
} from "../../src/index.js";

const text = (data: Uint8Array): string => Buffer.from(data).toString();

describe("StreamReader waiting for data", () => {
  it("a read cancelled after the data came, before it resumed, leaves the data", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.read(5));
      await sleep(0);
      stream.feedData(Buffer.from("abc"));
      reading.cancel();
      await expect(reading).rejects.toBeInstanceOf(CancelledError);
      expect(stream._waiter).toBeNull();
      expect(text(await stream.read(5))).toBe("abc");
    });
  });

  it("readexactly waits over several chunks; a cancel before the last one resumes leaves all", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.readexactly(3));
      await sleep(0);
      stream.feedData(Buffer.from("ab"));
      await sleep(0);
      expect(stream._waiter).not.toBeNull();
      stream.feedData(Buffer.from("c"));
      reading.cancel();
      await expect(reading).rejects.toBeInstanceOf(CancelledError);
      expect(text(await stream.readexactly(3))).toBe("abc");
    });
  });

  it("readexactly over several chunks returns them joined", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.readexactly(4));
      for (const piece of ["a", "bc", "de"]) {
        await sleep(0);
        stream.feedData(Buffer.from(piece));
      }
      expect(text(await reading)).toBe("abcd");
      expect(text(await stream.read(10))).toBe("e");
    });
  });

  it("a cancelled read keeps its waiter until the next iteration, as in CPython", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.read(5));
      await sleep(0);
      reading.cancel();
      expect(stream._waiter).not.toBeNull();
      await sleep(0);
      expect(stream._waiter).toBeNull();
      expect(reading.cancelled()).toBe(true);
    });
  });

  it("EOF during readexactly: IncompleteReadError with what came", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.readexactly(3));
      await sleep(0);
      stream.feedData(Buffer.from("a"));
      stream.feedEof();
      const error = await reading.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(IncompleteReadError);
      expect(text((error as IncompleteReadError).partial)).toBe("a");
      expect((error as IncompleteReadError).expected).toBe(3);
    });
  });

  it("the read resumes in the iteration after the data, before callbacks scheduled after it", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const order: string[] = [];
      createTask(async () => {
        order.push(`got ${text(await stream.read(5))}`);
      });
      await sleep(0);
      stream.feedData(Buffer.from("x"));
      getRunningLoop().callSoon(() => order.push("soon"));
      await sleep(0);
      await sleep(0);
      expect(order).toEqual(["got x", "soon"]);
    });
  });

  it("setException wakes a waiting readexactly with the error", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.readexactly(3));
      await sleep(0);
      const failure = new ValueError("boom");
      stream.setException(failure);
      await expect(reading).rejects.toBe(failure);
    });
  });
});
