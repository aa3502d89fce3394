// Streams over TCP: CPython's test_streams.py (start_server, drain, wait_closed, unhandled
// exceptions) and the cases the issue names: partial reads, a reader over its limit, EOF in
// the middle of readexactly, a peer that resets, drain on a closed connection, a slow reader
// making drain wait, a server closed while clients are connected, bad input, and no data
// written before close being lost.
import { createServer as createNodeServer, connect as nodeConnect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import {
  BrokenPipeError,
  CancelledError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  createTask,
  FlowControlMixin,
  GaiError,
  getRunningLoop,
  IncompleteReadError,
  LimitOverrunError,
  OSError,
  run,
  RuntimeError,
  sleep,
  ValueError,
  type StreamReader,
  type StreamWriter,
} from "../../src/index.js";
import { enc, openConnection, portOf, startServer } from "./helpers.js";

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** A plain node:net server (a peer no one here wrote); resolves with its port. */
function nodeServer(onConnection: (socket: Socket) => void): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = createNodeServer(onConnection);
    server.listen(0, "127.0.0.1", () => {
      resolve({ port: (server.address() as { port: number }).port, close: () => server.close() });
    });
  });
}

function captureExceptions(): Array<{ message: string; exception?: unknown }> {
  const seen: Array<{ message: string; exception?: unknown }> = [];
  getRunningLoop().setExceptionHandler((_loop, context) => seen.push(context));
  return seen;
}

async function echoOnce(reader: StreamReader, writer: StreamWriter): Promise<void> {
  const data = await reader.readline();
  writer.write(data);
  await writer.drain();
  writer.close();
  await writer.waitClosed();
}

describe("streams over TCP", () => {
  it("serves with an async callback and with a sync one that creates a task", async () => {
    await run(async () => {
      const messages = captureExceptions();
      async function client(port: number): Promise<string> {
        const [reader, writer] = await openConnection("127.0.0.1", port);
        writer.write(enc("hello world!\n"));
        const back = await reader.readline();
        writer.close();
        await writer.waitClosed();
        return back.toString();
      }
      let server = await startServer(echoOnce, "127.0.0.1", 0);
      expect(await client(portOf(server))).toBe("hello world!\n");
      server.close();
      await server.waitClosed();

      server = await startServer(
        (reader, writer) => {
          getRunningLoop().createTask(() => echoOnce(reader, writer));
        },
        "127.0.0.1",
        0,
      );
      expect(await client(portOf(server))).toBe("hello world!\n");
      server.close();
      await server.waitClosed();
      expect(messages).toEqual([]);
    });
  });

  it("partial reads: read(n) returns what has arrived", async () => {
    await run(async () => {
      const server = await startServer(
        async (_reader, writer) => {
          writer.write(enc("abc"));
          await writer.drain();
          await sleep(0.05);
          writer.write(enc("defgh"));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      expect((await reader.read(100)).toString()).toBe("abc");
      expect((await reader.read(2)).toString()).toBe("de");
      expect((await reader.read(100)).toString()).toBe("fgh");
      expect((await reader.read(100)).length).toBe(0);
      expect(reader.atEof()).toBe(true);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("a reader over its limit: readline throws ValueError, readuntil LimitOverrunError", async () => {
    await run(async () => {
      const server = await startServer(
        async (_reader, writer) => {
          writer.write(Buffer.alloc(100, "x"));
          writer.write(enc("\nshort\n"));
          writer.write(Buffer.alloc(100, "y"));
          writer.write(enc("!end\n"));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), { limit: 16 });
      const tooLong = await rejection(reader.readline());
      expect(tooLong).toBeInstanceOf(ValueError);
      expect((await reader.readline()).toString()).toBe("short\n");
      const overrun = (await rejection(reader.readuntil("!"))) as LimitOverrunError;
      expect(overrun).toBeInstanceOf(LimitOverrunError);
      // The data stays: skip what was consumed and read on.
      await reader.readexactly(overrun.consumed);
      await reader.readuntil("!");
      expect((await reader.readline()).toString()).toBe("end\n");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("EOF in the middle of readexactly: IncompleteReadError", async () => {
    await run(async () => {
      const server = await startServer(
        async (_reader, writer) => {
          writer.write(enc("12345"));
          writer.close();
          await writer.waitClosed();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const error = (await rejection(reader.readexactly(10))) as IncompleteReadError;
      expect(error).toBeInstanceOf(IncompleteReadError);
      expect(error.partial.toString()).toBe("12345");
      expect(error.expected).toBe(10);
      writer.close();
      await writer.waitClosed();
      server.close();
    });
  });

  it("a peer that resets: the read throws ConnectionResetError, as do drain and waitClosed", async () => {
    const peer = await nodeServer((socket) => {
      socket.once("data", () => socket.resetAndDestroy());
    });
    try {
      await run(async () => {
        const messages = captureExceptions();
        const [reader, writer] = await openConnection("127.0.0.1", peer.port);
        writer.write(enc("hello"));
        const error = await rejection(reader.read(100));
        expect(error).toBeInstanceOf(ConnectionResetError);
        expect((error as OSError).errno).toBe(104);
        expect((error as OSError).code).toBe("ECONNRESET");
        expect(await rejection(writer.drain())).toBe(error);
        expect(await rejection(writer.waitClosed())).toBe(error);
        expect(writer.isClosing()).toBe(true);
        expect(messages).toEqual([]);
      });
    } finally {
      peer.close();
    }
  });

  it("drain on a connection the peer closed ends with a connection error, not a hang", async () => {
    const peer = await nodeServer((socket) => socket.destroy());
    try {
      await run(async () => {
        const messages = captureExceptions();
        const [, writer] = await openConnection("127.0.0.1", peer.port);
        const error = await rejection(
          (async () => {
            for (;;) {
              writer.write(enc("foo\n"));
              await writer.drain();
            }
          })(),
        );
        expect(
          error instanceof ConnectionResetError ||
            error instanceof BrokenPipeError ||
            error instanceof ConnectionAbortedError,
        ).toBe(true);
        expect(messages).toEqual([]);
      });
    } finally {
      peer.close();
    }
  });

  it("drain after the peer closed raises ConnectionResetError('Connection lost'), as Python's (not BrokenPipeError)", async () => {
    await run(async () => {
      const messages = captureExceptions();
      const outcome = getRunningLoop().createFuture<unknown[]>();
      const server = await startServer(
        async (reader, writer) => {
          await reader.read(); // the peer closed
          try {
            for (;;) {
              writer.write(new Uint8Array(1000));
              await writer.drain();
            }
          } catch (error) {
            outcome.setResult([error, await rejection(writer.drain())]);
          }
        },
        "127.0.0.1",
        0,
      );
      const [, client] = await openConnection("127.0.0.1", portOf(server));
      client.close();
      const [error, next] = (await outcome) as [Error, Error];
      expect(error).toBeInstanceOf(ConnectionResetError);
      expect(error).not.toBeInstanceOf(BrokenPipeError);
      expect(error.message).toBe("Connection lost");
      // What Node reported, Python's send() error, stays reachable.
      expect(error.cause instanceof BrokenPipeError || error.cause instanceof ConnectionResetError).toBe(true);
      expect(next).toBeInstanceOf(ConnectionResetError);
      server.close();
      await server.waitClosed();
      expect(messages).toEqual([]);
    });
  });

  it("after close(): write is dropped silently and drain throws ConnectionResetError('Connection lost')", async () => {
    await run(async () => {
      const messages = captureExceptions();
      const server = await startServer(echoOnce, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("x\n"));
      expect((await reader.readline()).toString()).toBe("x\n");
      expect(writer.isClosing()).toBe(false);
      writer.close();
      expect(writer.isClosing()).toBe(true);
      writer.write(enc("data"));
      const error = await rejection(writer.drain());
      expect(error).toBeInstanceOf(ConnectionResetError);
      expect((error as Error).message).toBe("Connection lost");
      await writer.waitClosed();
      // Closing the writer fed EOF to its reader.
      expect(reader.atEof()).toBe(true);
      expect((await reader.read()).length).toBe(0);
      writer.writeEof(); // does nothing once closing
      server.close();
      await server.waitClosed();
      expect(messages).toEqual([]);
    });
  });

  it("a slow reader makes drain wait until it reads", async () => {
    await run(async () => {
      const release = getRunningLoop().createFuture<void>();
      let received = 0;
      const server = await startServer(
        async (reader, writer) => {
          await release;
          for (;;) {
            const chunk = await reader.read(65536);
            if (chunk.length === 0) break;
            received += chunk.length;
          }
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const total = 32 * 1024 * 1024;
      writer.write(Buffer.alloc(total, 1));
      expect(writer.transport.getWriteBufferSize()).toBeGreaterThan(64 * 1024);
      const draining = createTask(() => writer.drain());
      await sleep(0.05);
      // Nobody reads: the kernel buffers are full, drain must still wait.
      expect(draining.done()).toBe(false);
      release.setResult(undefined);
      await draining;
      expect(writer.transport.getWriteBufferSize()).toBeLessThanOrEqual(16 * 1024);
      writer.writeEof();
      expect((await reader.read()).length).toBe(0);
      expect(received).toBe(total);
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("a cancelled drain throws CancelledError where it waits; the data is still sent", async () => {
    await run(async () => {
      const release = getRunningLoop().createFuture<void>();
      const server = await startServer(
        async (reader, writer) => {
          await release;
          writer.write(Buffer.from(String((await reader.read()).length)));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(Buffer.alloc(8 * 1024 * 1024, 2));
      const draining = createTask(() => writer.drain());
      await sleep(0.02);
      draining.cancel();
      await expect(draining).rejects.toBeInstanceOf(CancelledError);
      release.setResult(undefined);
      writer.writeEof();
      expect((await reader.read()).toString()).toBe(String(8 * 1024 * 1024));
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("a server closed while clients are connected: they keep working, new ones are refused, waitClosed waits for them", async () => {
    await run(async () => {
      const server = await startServer(
        async (reader, writer) => {
          for await (const line of reader) {
            writer.write(line);
            await writer.drain();
          }
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const port = portOf(server);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      writer.write(enc("one\n"));
      expect((await reader.readline()).toString()).toBe("one\n");
      server.close();
      expect(server.isServing()).toBe(false);
      expect(server.sockets).toEqual([]);
      const closed = createTask(() => server.waitClosed());
      // The connected client still gets answers.
      writer.write(enc("two\n"));
      expect((await reader.readline()).toString()).toBe("two\n");
      expect(closed.done()).toBe(false);
      const refused = await rejection(openConnection("127.0.0.1", port));
      expect(refused).toBeInstanceOf(ConnectionRefusedError);
      writer.close();
      await writer.waitClosed();
      await closed;
      // Once closed, waitClosed returns at once.
      await server.waitClosed();
    });
  });

  it("closeClients closes and abortClients aborts the server's connections", async () => {
    await run(async () => {
      const server = await startServer(
        async (reader) => {
          await reader.read();
        },
        "127.0.0.1",
        0,
      );
      const port = portOf(server);
      const [reader1, writer1] = await openConnection("127.0.0.1", port);
      const [reader2, writer2] = await openConnection("127.0.0.1", port);
      // The server accepts in its own time, later still on a loaded machine.
      while (server._clients.size < 2) await sleep(0.001);
      server.close();
      server.closeClients();
      expect((await reader1.read()).length).toBe(0);
      expect((await reader2.read()).length).toBe(0);
      await server.waitClosed();
      writer1.close();
      writer2.close();

      const second = await startServer(
        async (reader) => {
          await reader.read();
        },
        "127.0.0.1",
        0,
      );
      const [reader3, writer3] = await openConnection("127.0.0.1", portOf(second));
      while (second._clients.size < 1) await sleep(0.001);
      second.abortClients();
      second.close();
      await second.waitClosed();
      // An abort closes at once; the peer sees EOF (or a reset).
      try {
        expect((await reader3.read()).length).toBe(0);
      } catch (error) {
        expect(error).toBeInstanceOf(ConnectionResetError);
      }
      writer3.close();
    });
  });

  it("an unhandled exception in the client callback goes to the exception handler and closes the connection", async () => {
    await run(async () => {
      const messages = captureExceptions();
      const failure = new Error("test");
      const server = await startServer(
        async () => {
          throw failure;
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("test msg"));
      await writer.drain();
      expect((await reader.read()).length).toBe(0);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
      expect(messages.map((context) => context.message)).toEqual(["Unhandled exception in client_connected_cb"]);
      expect(messages[0]?.exception).toBe(failure);
    });
  });

  it("bad input: non-bytes writes, a port out of range, an unknown host, a refused connection", async () => {
    await run(async () => {
      const server = await startServer(echoOnce, "127.0.0.1", 0);
      const port = portOf(server);
      const [, writer] = await openConnection("127.0.0.1", port);
      expect(() => writer.write("str" as never)).toThrow(
        new TypeError("data argument must be a bytes-like object, not 'string'"),
      );
      expect(() => writer.write(1 as never)).toThrow(
        new TypeError("data argument must be a bytes-like object, not 'number'"),
      );
      expect(() => writer.write(null as never)).toThrow(
        new TypeError("data argument must be a bytes-like object, not 'null'"),
      );
      expect(() => writer.write([enc("a")] as never)).toThrow(
        new TypeError("data argument must be a bytes-like object, not 'Array'"),
      );
      expect(() => writer.writelines(["a"] as never)).toThrow(TypeError);
      writer.write(new Uint16Array([0x0a41]));
      writer.close();
      await writer.waitClosed();

      for (const bad of [70000, -1]) {
        const error = await rejection(openConnection("127.0.0.1", bad));
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toBe("connect(): port must be 0-65535.");
      }
      const unknown = (await rejection(openConnection("nonexistent.invalid", 80))) as OSError;
      expect(unknown).toBeInstanceOf(GaiError);
      expect(unknown).toBeInstanceOf(OSError);
      expect(unknown.errno).toBeLessThan(0);

      server.close();
      await server.waitClosed();
      const refused = (await rejection(openConnection("127.0.0.1", port))) as OSError;
      expect(refused).toBeInstanceOf(ConnectionRefusedError);
      expect(refused.errno).toBe(111);
      expect(refused.message).toBe(`[Errno 111] Connect call failed ('127.0.0.1', ${port})`);
      expect(await rejection(openConnection("127.0.0.1", port, { sock: {} as never }))).toBeInstanceOf(ValueError);
      expect(await rejection(openConnection(null, null))).toBeInstanceOf(ValueError);
      expect(await rejection(openConnection("127.0.0.1", port, { serverHostname: "x" }))).toBeInstanceOf(ValueError);
    });
  });

  it("no data written before close is lost, either way", async () => {
    await run(async () => {
      const size = 6 * 1024 * 1024;
      const payload = Buffer.alloc(size);
      for (let index = 0; index < size; index++) payload[index] = index % 251;
      let receivedByServer: Buffer | undefined;
      const server = await startServer(
        async (reader, writer) => {
          receivedByServer = await reader.read();
          writer.write(payload);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(payload);
      writer.writeEof();
      const back = await reader.read();
      expect(back.equals(payload)).toBe(true);
      expect(receivedByServer?.equals(payload)).toBe(true);
      writer.close();
      server.close();
      await server.waitClosed();

      // The client writes and closes at once, without draining.
      const done = getRunningLoop().createFuture<Buffer>();
      const second = await startServer(
        async (reader2, serverWriter) => {
          done.setResult(await reader2.read());
          serverWriter.close();
        },
        "127.0.0.1",
        0,
      );
      const [, writer2] = await openConnection("127.0.0.1", portOf(second));
      writer2.write(payload);
      writer2.close();
      expect((await done).equals(payload)).toBe(true);
      await writer2.waitClosed();
      second.close();
      await second.waitClosed();
    });
  });

  it("writeEof half-closes: the peer reads EOF and can still answer", async () => {
    await run(async () => {
      const server = await startServer(
        async (reader, writer) => {
          const all = await reader.read();
          writer.write(enc(`got ${all.length}`));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      expect(writer.canWriteEof()).toBe(true);
      writer.write(enc("hello"));
      writer.writeEof();
      expect(() => writer.write(enc("more"))).toThrow(new RuntimeError("Cannot call write() after write_eof()"));
      expect((await reader.read()).toString()).toBe("got 5");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("extra info: peername and sockname are [host, port]; writer.with closes on exit", async () => {
    await run(async () => {
      const server = await startServer(echoOnce, "127.0.0.1", 0);
      const port = portOf(server);
      expect(server.sockets[0]!.getsockname()).toEqual(["127.0.0.1", port]);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      expect(writer.getExtraInfo("peername")).toEqual(["127.0.0.1", port]);
      const [host, localPort] = writer.getExtraInfo("sockname") as [string, number];
      expect(host).toBe("127.0.0.1");
      expect(localPort).toBeGreaterThan(0);
      expect(writer.getExtraInfo("socket").getpeername()).toEqual(["127.0.0.1", port]);
      expect(writer.getExtraInfo("nothing", "default")).toBe("default");
      const result = await writer.with(async (w) => {
        w.write(enc("with\n"));
        return (await reader.readline()).toString();
      });
      expect(result).toBe("with\n");
      expect(writer.isClosing()).toBe(true);
      server.close();
      await server.waitClosed();
    });
  });

  it("cancelling a task waiting on a network read throws at that await, and the stream stays usable", async () => {
    await run(async () => {
      const go = getRunningLoop().createFuture<void>();
      const server = await startServer(
        async (_reader, writer) => {
          await go;
          writer.write(enc("late\n"));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const waiting = createTask(() => reader.readline());
      await sleep(0.01);
      waiting.cancel("stop");
      const error = await rejection(waiting);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      go.setResult(undefined);
      expect((await reader.readline()).toString()).toBe("late\n");
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("several drain waiters all wake on resumeWriting", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const stream = new FlowControlMixin(loop);
      stream.pauseWriting();
      loop.callLater(0.01, () => stream.resumeWriting());
      let drained = 0;
      const drainers = Array.from({ length: 10 }, () =>
        createTask(async () => {
          await stream.drainHelper();
          drained++;
        }),
      );
      for (const drainer of drainers) await drainer;
      expect(drained).toBe(10);
    });
  });

  it("a client that connects to a plain Node socket gets all of its data and then EOF", async () => {
    const peer = await nodeServer((socket) => {
      socket.end(Buffer.alloc(300_000, 7));
    });
    try {
      await run(async () => {
        const [reader, writer] = await openConnection("127.0.0.1", peer.port);
        const data = await reader.read();
        expect(data.length).toBe(300_000);
        expect(reader.atEof()).toBe(true);
        writer.close();
        await writer.waitClosed();
      });
    } finally {
      peer.close();
    }
  });

  it("serves a plain Node client", async () => {
    await run(async () => {
      const server = await startServer(
        async (reader, writer) => {
          const line = await reader.readline();
          writer.write(Buffer.from(line.toString().toUpperCase()));
          await writer.drain();
          writer.close();
          await writer.waitClosed();
        },
        "127.0.0.1",
        0,
      );
      const port = portOf(server);
      const answer = getRunningLoop().createFuture<string>();
      const client = nodeConnect(port, "127.0.0.1", () => client.write("shout\n"));
      let text = "";
      client.on("data", (data) => (text += data));
      client.on("end", () => answer.setResult(text));
      expect(await answer).toBe("SHOUT\n");
      server.close();
      await server.waitClosed();
    });
  });
});
