// Server: CPython's test_server.py (start_server with start_serving=False, serve_forever
// cancelled from a handler, `async with` closing and waiting) over TCP and Unix sockets, plus
// serveForever's errors and Server.with.
import { connect as nodeConnect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  getRunningLoop,
  run,
  RuntimeError,
  sleep,
  type Server,
  type StreamReader,
  type StreamWriter,
} from "../../src/index.js";
import { enc, openConnection, portOf, startServer, startUnixServer, tempDir } from "./helpers.js";

const HELLO = Buffer.concat([Buffer.alloc(5 * 1024, "1"), enc("\n")]);

/** A plain Node client: connects once the server is serving, sends HELLO, reads one byte. */
function client(server: Server, target: { port: number } | { path: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const attempt = (tries: number): void => {
      if (!server.isServing()) {
        if (tries === 0) reject(new Error("server never started serving"));
        else setTimeout(() => attempt(tries - 1), 10);
        return;
      }
      const socket = "port" in target ? nodeConnect(target.port, "127.0.0.1") : nodeConnect(target.path);
      socket.on("connect", () => socket.write(HELLO));
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.on("error", reject);
    };
    attempt(200);
  });
}

describe("Server (test_server.py)", () => {
  it("start_server with startServing false; a handler cancels serveForever inside server.with", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      let mainTask: ReturnType<typeof createTask> | undefined;
      const serve = async (reader: StreamReader, writer: StreamWriter): Promise<void> => {
        await reader.readline();
        mainTask!.cancel();
        writer.write(enc("1"));
        writer.close();
        await writer.waitClosed();
      };
      const server = await startServer(serve, "127.0.0.1", 0, { startServing: false });
      expect(server.isServing()).toBe(false);
      mainTask = loop.createTask(() => server.with(() => server.serveForever()));
      const port = portOf(server);
      const answer = client(server, { port });
      await expect(mainTask).rejects.toBeInstanceOf(CancelledError);
      expect(await answer).toBe("1");
      expect(server.sockets).toEqual([]);
      expect(server._listeners).toBeNull();
      expect(server._waiters).toBeNull();
      expect(server.isServing()).toBe(false);
      await expect(server.serveForever()).rejects.toThrow(/is closed/);
      await expect(server.serveForever()).rejects.toBeInstanceOf(RuntimeError);
    });
  });

  it("start_unix_server with startServing false, then startServing() inside server.with", async () => {
    const path = join(tempDir(), "server.sock");
    await run(async () => {
      const loop = getRunningLoop();
      let mainTask: ReturnType<typeof createTask> | undefined;
      const started = loop.createFuture<void>();
      const serve = async (reader: StreamReader, writer: StreamWriter): Promise<void> => {
        await reader.readline();
        mainTask!.cancel();
        writer.write(enc("1"));
        writer.close();
        await writer.waitClosed();
      };
      const server = await startUnixServer(serve, path, { startServing: false });
      const states: boolean[] = [];
      mainTask = loop.createTask(() =>
        server.with(async () => {
          states.push(server.isServing());
          await server.startServing();
          states.push(server.isServing());
          started.setResult(undefined);
          await server.serveForever();
        }),
      );
      await started;
      const answer = client(server, { path });
      await expect(mainTask).rejects.toBeInstanceOf(CancelledError);
      expect(states).toEqual([false, true]);
      expect(await answer).toBe("1");
      expect(server.sockets).toEqual([]);
      expect(server._waiters).toBeNull();
      await expect(server.serveForever()).rejects.toThrow(/is closed/);
    });
  });

  it("serveForever twice at once is refused; closing the server ends serveForever with CancelledError", async () => {
    await run(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0);
      const forever = createTask(() => server.serveForever());
      await sleep(0);
      await expect(server.serveForever()).rejects.toThrow(/is already being awaited on serve_forever\(\)/);
      server.close();
      await expect(forever).rejects.toBeInstanceOf(CancelledError);
      await server.waitClosed();
    });
  });

  it("connections made before startServing wait, then are served", async () => {
    await run(async () => {
      const server = await startServer(
        async (reader, writer) => {
          writer.write(await reader.readline());
          writer.close();
        },
        "127.0.0.1",
        0,
        { startServing: false },
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("early\n"));
      const reading = createTask(() => reader.readline());
      await sleep(0.02);
      expect(reading.done()).toBe(false);
      await server.startServing();
      expect((await reading).toString()).toBe("early\n");
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("server.with resolves with the body's result and closes; errors of the body propagate after closing", async () => {
    await run(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0);
      expect(await server.with(async (s) => s.sockets.length)).toBe(1);
      expect(server.sockets).toEqual([]);
      const other = await startServer(() => {}, "127.0.0.1", 0);
      const failure = new Error("body");
      await expect(
        other.with(() => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(other.isServing()).toBe(false);
      expect(other.getLoop()).toBe(getRunningLoop());
      expect(String(other)).toBe("<Server sockets=()>");
    });
  });
});

describe("closing the loop", () => {
  it("releases what was left open: listeners and connections no longer keep the process alive", async () => {
    let nodeServer: { _handle?: { hasRef(): boolean } } | undefined;
    let nodeSocket: { _handle?: { hasRef(): boolean } } | undefined;
    await run(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0);
      nodeServer = server.sockets[0]!.nodeSocket as typeof nodeServer;
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      nodeSocket = writer.getExtraInfo("socket").nodeSocket;
      expect(nodeServer!._handle!.hasRef()).toBe(true);
      expect(nodeSocket!._handle!.hasRef()).toBe(true);
      getRunningLoop().addSignalHandler("SIGUSR2", () => {});
      expect(process.listenerCount("SIGUSR2")).toBe(1);
      // Returns without closing anything, as a careless Python program may.
    });
    expect(nodeServer!._handle!.hasRef()).toBe(false);
    expect(nodeSocket!._handle!.hasRef()).toBe(false);
    expect(process.listenerCount("SIGUSR2")).toBe(0);
    (nodeServer as unknown as { close(): void }).close();
    (nodeSocket as unknown as { destroy(): void }).destroy();
  });
});
