// The streams package's entry points: Python's open_connection, start_server,
// open_unix_connection and start_unix_server with their parameters (limit, ssl, ...).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as core from "@asyncio-ts/core";
import { ConnectionRefusedError, getRunningLoop, run, RuntimeError, ValueError } from "@asyncio-ts/core";
import {
  openConnection,
  openUnixConnection,
  Server,
  startServer,
  startUnixServer,
  StreamReader,
  StreamWriter,
} from "../src/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const port = (server: Server): number => (server.sockets[0]!.getsockname() as [string, number])[1];

describe("@asyncio-ts/streams", () => {
  it("re-exports core's stream classes and Server", () => {
    expect(StreamReader).toBe(core.StreamReader);
    expect(StreamWriter).toBe(core.StreamWriter);
    expect(Server).toBe(core.Server);
  });

  it("startServer and openConnection echo; the limit reaches the readers", async () => {
    await run(async () => {
      const limits: number[] = [];
      const server = await startServer(
        async (reader, writer) => {
          limits.push(reader.limit);
          writer.write(await reader.readline());
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
        { limit: 1234 },
      );
      expect(server).toBeInstanceOf(Server);
      expect(server.isServing()).toBe(true);
      const [reader, writer] = await openConnection("127.0.0.1", port(server), { limit: 10 });
      expect(reader).toBeInstanceOf(StreamReader);
      expect(writer).toBeInstanceOf(StreamWriter);
      expect(reader.limit).toBe(10);
      writer.write(Buffer.from("hi\n"));
      expect((await reader.readline()).toString()).toBe("hi\n");
      expect(limits).toEqual([1234]);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("a line over the client's limit raises ValueError", async () => {
    await run(async () => {
      const server = await startServer(
        async (_reader, writer) => {
          writer.write(Buffer.alloc(100, "a"));
          writer.write(Buffer.from("\n"));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", port(server), { limit: 10 });
      await expect(reader.readline()).rejects.toBeInstanceOf(ValueError);
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("startServer with startServing false does not serve until asked", async () => {
    await run(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0, { startServing: false });
      expect(server.isServing()).toBe(false);
      await server.startServing();
      expect(server.isServing()).toBe(true);
      server.close();
    });
  });

  it("Unix sockets: startUnixServer and openUnixConnection", async () => {
    const dir = mkdtempSync(join(tmpdir(), "streams-"));
    dirs.push(dir);
    const path = join(dir, "s.sock");
    await run(async () => {
      const server = await startUnixServer(
        async (reader, writer) => {
          writer.write(Buffer.from(`${reader.limit}:${(await reader.readline()).toString()}`));
          writer.close();
        },
        path,
        { limit: 99 },
      );
      expect(server.sockets[0]!.getsockname()).toBe(path);
      const [reader, writer] = await openUnixConnection(path, { limit: 50 });
      expect(reader.limit).toBe(50);
      writer.write(Buffer.from("unix\n"));
      expect((await reader.read()).toString()).toBe("99:unix\n");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("errors: refused connection, no running loop", async () => {
    await run(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0);
      const free = port(server);
      server.close();
      await server.waitClosed();
      await expect(openConnection("127.0.0.1", free)).rejects.toBeInstanceOf(ConnectionRefusedError);
      expect(getRunningLoop()).toBeDefined();
    });
    expect(() => openConnection("127.0.0.1", 1)).toThrow(new RuntimeError("no running event loop"));
    expect(() => startServer(() => {}, "127.0.0.1", 0)).toThrow(RuntimeError);
  });
});
