// StreamReader on its own, fed by hand: the behaviour of CPython's test_streams.py
// (StreamTests, the feed_data/read*/exception parts), plus Python 3.13's several separators.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  getRunningLoop,
  IncompleteReadError,
  LimitOverrunError,
  RuntimeError,
  run,
  sleep,
  StreamReader,
  ValueError,
} from "../../src/index.js";

const DATA = Buffer.from("line1\nline2\nline3\n");
const text = (data: Uint8Array): string => Buffer.from(data).toString();
const buffered = (stream: StreamReader): string => stream._buffer.contents().toString();

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("StreamReader", () => {
  it("ignores empty data and keeps the rest", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.alloc(0));
      expect(buffered(stream)).toBe("");
      stream.feedData(DATA);
      expect(buffered(stream)).toBe(DATA.toString());
    });
  });

  it("read(0) returns empty bytes and leaves the buffer", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      expect((await stream.read(0)).length).toBe(0);
      expect(buffered(stream)).toBe(DATA.toString());
    });
  });

  it("read(n) waits for data fed later", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.read(30));
      getRunningLoop().callSoon(() => stream.feedData(DATA));
      expect(text(await reading)).toBe(DATA.toString());
      expect(buffered(stream)).toBe("");
    });
  });

  it("read(n) returns what is there, without waiting for n bytes", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("line1"));
      stream.feedData(Buffer.from("line2"));
      expect(text(await stream.read(5))).toBe("line1");
      expect(buffered(stream)).toBe("line2");
    });
  });

  it("read(n) joins small chunks, as CPython, but hands a large chunk over alone, uncopied", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("ab"));
      stream.feedData(Buffer.from("cd"));
      expect(text(await stream.read(100))).toBe("abcd");
      const large = Buffer.alloc(16 * 1024, 1);
      const next = Buffer.alloc(100, 2);
      stream.feedData(large);
      stream.feedData(next);
      const first = await stream.read(1 << 20);
      expect(first).toBe(large); // the very chunk received: no copy
      expect(await stream.read(1 << 20)).toBe(next);
      // Waiting readers too, and a large chunk is still cut at n.
      const waiting = createTask(() => stream.read(1 << 20));
      await sleep(0);
      stream.feedData(large);
      stream.feedData(next);
      expect(await waiting).toBe(large);
      expect((await stream.read(10)).length).toBe(10);
      // readexactly and read() (until EOF) still join.
      stream.feedData(large);
      expect((await stream.readexactly(90 + 16 * 1024)).length).toBe(90 + 16 * 1024);
      stream.feedData(large);
      stream.feedEof();
      expect((await stream.read()).length).toBe(16 * 1024);
    });
  });

  it("read(n) returns empty bytes at EOF", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.read(1024));
      getRunningLoop().callSoon(() => stream.feedEof());
      expect((await reading).length).toBe(0);
    });
  });

  it("read() reads until EOF", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.read());
      getRunningLoop().callSoon(() => {
        stream.feedData(Buffer.from("chunk1\n"));
        stream.feedData(Buffer.from("chunk2"));
        stream.feedEof();
      });
      expect(text(await reading)).toBe("chunk1\nchunk2");
      expect(buffered(stream)).toBe("");
    });
  });

  it("read() of more than the limit collects every block", async () => {
    await run(async () => {
      const stream = new StreamReader(4);
      const reading = createTask(() => stream.read(-1));
      await sleep(0);
      for (let index = 0; index < 5; index++) {
        stream.feedData(Buffer.from("abcdefg"));
        await sleep(0);
      }
      stream.feedEof();
      expect(text(await reading)).toBe("abcdefg".repeat(5));
    });
  });

  it("read throws the exception set on the stream", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("line\n"));
      expect(text(await stream.read(2))).toBe("li");
      const failure = new ValueError("boom");
      stream.setException(failure);
      expect(await rejection(stream.read(2))).toBe(failure);
      expect(stream.exception()).toBe(failure);
    });
  });

  it("refuses a limit <= 0", () => {
    expect(() => new StreamReader(0)).toThrow(ValueError);
    expect(() => new StreamReader({ limit: -1 })).toThrow(/imit/);
  });

  it("read(n) and readexactly(n) ignore the limit", async () => {
    await run(async () => {
      const stream = new StreamReader(3);
      stream.feedData(Buffer.from("chunk"));
      expect(text(await stream.read(5))).toBe("chunk");
      stream.feedData(Buffer.from("chunk"));
      expect(text(await stream.readexactly(5))).toBe("chunk");
      expect(buffered(stream)).toBe("");
    });
  });

  it("readline waits across chunks and leaves what follows", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("chunk1 "));
      const reading = createTask(() => stream.readline());
      getRunningLoop().callSoon(() => {
        stream.feedData(Buffer.from("chunk2 "));
        stream.feedData(Buffer.from("chunk3 "));
        stream.feedData(Buffer.from("\n chunk4"));
      });
      expect(text(await reading)).toBe("chunk1 chunk2 chunk3 \n");
      expect(buffered(stream)).toBe(" chunk4");
    });
  });

  it("readline over the limit with the data already there: ValueError, the line dropped", async () => {
    await run(async () => {
      let stream = new StreamReader(3);
      stream.feedData(Buffer.from("li"));
      stream.feedData(Buffer.from("ne1\nline2\n"));
      const error = await rejection(stream.readline());
      expect(error).toBeInstanceOf(ValueError);
      expect((error as Error).message).toBe("Separator is found, but chunk is longer than limit");
      expect(buffered(stream)).toBe("line2\n");

      stream = new StreamReader(3);
      stream.feedData(Buffer.from("li"));
      stream.feedData(Buffer.from("ne1"));
      stream.feedData(Buffer.from("li"));
      const second = await rejection(stream.readline());
      expect((second as Error).message).toBe("Separator is not found, and chunk exceed the limit");
      expect(buffered(stream)).toBe("");
    });
  });

  it("atEof only once EOF was fed and the buffer is empty", async () => {
    await run(async () => {
      const stream = new StreamReader();
      expect(stream.atEof()).toBe(false);
      stream.feedData(Buffer.from("some data\n"));
      expect(stream.atEof()).toBe(false);
      await stream.readline();
      expect(stream.atEof()).toBe(false);
      stream.feedData(Buffer.from("some data\n"));
      stream.feedEof();
      await stream.readline();
      expect(stream.atEof()).toBe(true);
    });
  });

  it("readline over the limit, fed later", async () => {
    await run(async () => {
      let stream = new StreamReader(7);
      getRunningLoop().callSoon(() => {
        stream.feedData(Buffer.from("chunk1"));
        stream.feedData(Buffer.from("chunk2"));
        stream.feedData(Buffer.from("chunk3\n"));
        stream.feedEof();
      });
      expect(await rejection(stream.readline())).toBeInstanceOf(ValueError);
      expect(buffered(stream)).toBe("");

      const second = new StreamReader(7);
      stream = second;
      getRunningLoop().callSoon(() => {
        second.feedData(Buffer.from("chunk1"));
        second.feedData(Buffer.from("chunk2\n"));
        second.feedData(Buffer.from("chunk3\n"));
        second.feedEof();
      });
      expect(await rejection(second.readline())).toBeInstanceOf(ValueError);
      expect(buffered(second)).toBe("chunk3\n");

      // The limit is strict: 7 bytes plus the separator fit, 8 do not.
      const strict = new StreamReader(7);
      strict.feedData(Buffer.from("1234567\n"));
      expect(text(await strict.readline())).toBe("1234567\n");
      strict.feedData(Buffer.from("12345678\n"));
      expect(await rejection(strict.readline())).toBeInstanceOf(ValueError);
      expect(buffered(strict)).toBe("");
      strict.feedData(Buffer.from("12345678"));
      expect(await rejection(strict.readline())).toBeInstanceOf(ValueError);
      expect(buffered(strict)).toBe("");
    });
  });

  it("readline: data already there, no waiting; a partial last line at EOF; empty at EOF", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA.subarray(0, 6));
      stream.feedData(DATA.subarray(6));
      expect(text(await stream.readline())).toBe("line1\n");
      expect(buffered(stream)).toBe("line2\nline3\n");
      expect(text(await stream.read(7))).toBe("line2\nl");
      expect(buffered(stream)).toBe("ine3\n");

      const partial = new StreamReader();
      partial.feedData(Buffer.from("some data"));
      partial.feedEof();
      expect(text(await partial.readline())).toBe("some data");
      expect(text(await partial.readline())).toBe("");

      const empty = new StreamReader();
      empty.feedEof();
      expect((await empty.readline()).length).toBe(0);
    });
  });

  it("readline throws the exception set on the stream", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("line\n"));
      expect(text(await stream.readline())).toBe("line\n");
      const failure = new ValueError();
      stream.setException(failure);
      expect(await rejection(stream.readline())).toBe(failure);
    });
  });

  it("readuntil refuses an empty separator", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const error = await rejection(stream.readuntil(Buffer.alloc(0)));
      expect(error).toBeInstanceOf(ValueError);
      expect((error as Error).message).toMatch(/^Separator should be/);
      expect(await rejection(stream.readuntil([]))).toBeInstanceOf(ValueError);
    });
  });

  it("readuntil finds multi-byte separators across chunks", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("lineAAA"));
      expect(text(await stream.readuntil("AAA"))).toBe("lineAAA");
      stream.feedData(Buffer.from("lineAAAxxx"));
      expect(text(await stream.readuntil(Buffer.from("AAA")))).toBe("lineAAA");
      expect(buffered(stream)).toBe("xxx");
      stream.read(3);

      for (const chunks of [
        ["QWEaa", "XYaa", "a"],
        ["QWEaa", "XYa", "aa"],
        ["XXX", "a", "a", "a"],
      ]) {
        const reading = createTask(() => stream.readuntil("aaa"));
        for (const chunk of chunks) {
          await sleep(0);
          stream.feedData(Buffer.from(chunk));
        }
        expect(text(await reading)).toBe(chunks.join(""));
        expect(buffered(stream)).toBe("");
      }
      stream.feedData(Buffer.from("aaa"));
      expect(text(await stream.readuntil("aaa"))).toBe("aaa");
    });
  });

  it("readuntil at EOF: IncompleteReadError with everything read, expected null", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("some dataAA"));
      stream.feedEof();
      const error = (await rejection(stream.readuntil("AAA"))) as IncompleteReadError;
      expect(error).toBeInstanceOf(IncompleteReadError);
      expect(error.message).toMatch(/undefined expected bytes/);
      expect(text(error.partial)).toBe("some dataAA");
      expect(error.expected).toBeNull();
      expect(buffered(stream)).toBe("");
    });
  });

  it("readuntil over the limit: LimitOverrunError with consumed, data kept", async () => {
    await run(async () => {
      const stream = new StreamReader(3);
      stream.feedData(Buffer.from("some dataAA"));
      const notFound = (await rejection(stream.readuntil("AAA"))) as LimitOverrunError;
      expect(notFound).toBeInstanceOf(LimitOverrunError);
      expect(notFound.message).toMatch(/not found/);
      expect(notFound.consumed).toBe(9);
      expect(buffered(stream)).toBe("some dataAA");
      stream.feedData(Buffer.from("A"));
      const found = (await rejection(stream.readuntil("AAA"))) as LimitOverrunError;
      expect(found.message).toMatch(/is found/);
      expect(found.consumed).toBe(9);
      expect(buffered(stream)).toBe("some dataAAA");
    });
  });

  it("readuntil with several separators: the shortest match wins (Python 3.13)", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("a\r\nb\nc"));
      expect(text(await stream.readuntil(["\r\n", "\n"]))).toBe("a\r\n");
      expect(text(await stream.readuntil([Buffer.from("\n"), "\r\n"]))).toBe("b\n");
      const reading = createTask(() => stream.readuntil(["XYZ", "!"]));
      await sleep(0);
      stream.feedData(Buffer.from("d!XYZ"));
      expect(text(await reading)).toBe("cd!");
      stream.feedData(Buffer.from("e|"));
      expect(text(await stream.readuntil(["|", "XYZe"]))).toBe("XYZe");
    });
  });

  it("readexactly(0) is empty; a negative size throws ValueError and keeps the buffer", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      expect((await stream.readexactly(0)).length).toBe(0);
      const error = await rejection(stream.readexactly(-1));
      expect(error).toBeInstanceOf(ValueError);
      expect((error as Error).message).toMatch(/less than zero/);
      expect(buffered(stream)).toBe(DATA.toString());
    });
  });

  it("readexactly waits for all the bytes and leaves the rest", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const n = 2 * DATA.length;
      const reading = createTask(() => stream.readexactly(n));
      getRunningLoop().callSoon(() => {
        stream.feedData(DATA);
        stream.feedData(DATA);
        stream.feedData(DATA);
      });
      expect(text(await reading)).toBe(DATA.toString() + DATA.toString());
      expect(buffered(stream)).toBe(DATA.toString());
    });
  });

  it("EOF in the middle of readexactly: IncompleteReadError with the partial data", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const n = 2 * DATA.length;
      const reading = createTask(() => stream.readexactly(n));
      getRunningLoop().callSoon(() => {
        stream.feedData(DATA);
        stream.feedEof();
      });
      const error = (await rejection(reading)) as IncompleteReadError;
      expect(error).toBeInstanceOf(IncompleteReadError);
      expect(text(error.partial)).toBe(DATA.toString());
      expect(error.expected).toBe(n);
      expect(error.message).toBe("18 bytes read on a total of 36 expected bytes");
      expect(buffered(stream)).toBe("");
    });
  });

  it("readexactly throws the exception set on the stream", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(Buffer.from("line\n"));
      expect(text(await stream.readexactly(2))).toBe("li");
      const failure = new ValueError();
      stream.setException(failure);
      expect(await rejection(stream.readexactly(2))).toBe(failure);
    });
  });

  it("setException wakes a waiting reader with the error", async () => {
    await run(async () => {
      const stream = new StreamReader();
      expect(stream.exception()).toBeNull();
      const reading = createTask(() => stream.readline());
      const failure = new ValueError();
      createTask(async () => stream.setException(failure));
      expect(await rejection(reading)).toBe(failure);
    });
  });

  it("a cancelled read leaves no waiter, and setException afterwards is harmless", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const reading = createTask(() => stream.readline());
      await sleep(0);
      reading.cancel();
      await sleep(0);
      stream.setException(new RuntimeError("message"));
      await sleep(0);
      expect(stream._waiter).toBeNull();
      expect(reading.cancelled()).toBe(true);
    });
  });

  it("cancellation comes out of the read's await and loses no data", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const seen: string[] = [];
      const reading = createTask(async () => {
        try {
          await stream.readexactly(10);
        } catch (error) {
          seen.push(error instanceof CancelledError ? "cancelled" : String(error));
          throw error;
        }
      });
      await sleep(0);
      stream.feedData(Buffer.from("12345"));
      await sleep(0);
      reading.cancel();
      await expect(reading).rejects.toBeInstanceOf(CancelledError);
      expect(seen).toEqual(["cancelled"]);
      stream.feedData(Buffer.from("67890"));
      expect(text(await stream.readexactly(10))).toBe("1234567890");
    });
  });

  it("two readers waiting at once: RuntimeError", async () => {
    await run(async () => {
      const stream = new StreamReader();
      const first = createTask(() => stream.read(1));
      await sleep(0);
      const error = await rejection(stream.readline());
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe(
        "readuntil() called while another coroutine is already waiting for incoming data",
      );
      stream.feedData(Buffer.from("x"));
      expect(text(await first)).toBe("x");
    });
  });

  it("feedData after feedEof is refused", () => {
    const loop = {} as never;
    const stream = new StreamReader(16, loop);
    stream.feedEof();
    expect(() => stream.feedData(Buffer.from("x"))).toThrow(RuntimeError);
  });

  it("for await yields lines until EOF", async () => {
    await run(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      stream.feedData(Buffer.from("last"));
      stream.feedEof();
      const lines: string[] = [];
      for await (const line of stream) lines.push(text(line));
      expect(lines).toEqual(["line1\n", "line2\n", "line3\n", "last"]);
    });
  });

  it("pauses the transport past twice the limit and resumes it at the limit", async () => {
    await run(async () => {
      const calls: string[] = [];
      const transport = {
        pauseReading: () => calls.push("pause"),
        resumeReading: () => calls.push("resume"),
        toString: () => "<fake>",
      };
      const stream = new StreamReader(4);
      stream.setTransport(transport as never);
      stream.feedData(Buffer.from("12345678"));
      expect(calls).toEqual([]);
      stream.feedData(Buffer.from("9"));
      expect(calls).toEqual(["pause"]);
      await stream.read(4);
      expect(calls).toEqual(["pause"]);
      await stream.read(1);
      expect(calls).toEqual(["pause", "resume"]);
    });
  });

  it("a read waiting while paused resumes the transport (no deadlock)", async () => {
    await run(async () => {
      const calls: string[] = [];
      const transport = { pauseReading: () => calls.push("pause"), resumeReading: () => calls.push("resume") };
      const stream = new StreamReader(2);
      stream.setTransport(transport as never);
      stream.feedData(Buffer.from("12345"));
      const reading = createTask(() => stream.readexactly(10));
      await sleep(0);
      expect(calls).toEqual(["pause", "resume"]);
      stream.feedData(Buffer.from("67890"));
      expect(text(await reading)).toBe("1234567890");
    });
  });

  it("toString describes the state as Python's repr", async () => {
    await run(async () => {
      const stream = new StreamReader();
      expect(stream.toString()).toBe("<StreamReader>");
      expect(new StreamReader(123).toString()).toBe("<StreamReader limit=123>");
      stream.feedData(Buffer.from("data"));
      stream.feedEof();
      expect(stream.toString()).toBe("<StreamReader 4 bytes eof>");
    });
  });
});
