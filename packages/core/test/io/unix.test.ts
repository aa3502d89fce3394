// Unix sockets: the Unix parts of CPython's test_events.py and test_streams.py
// (create_unix_connection, create_unix_server, open_unix_connection, start_unix_server).
import { existsSync } from "node:fs";
import { connect as nodeConnect, createServer as createNodeServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AddressFamily,
  FileNotFoundError,
  getRunningLoop,
  Protocol,
  run,
  sleep,
  ValueError,
  type Transport,
} from "../../src/index.js";
import { enc, openUnixConnection, startUnixServer, tempDir } from "./helpers.js";

class Counter extends Protocol {
  transport: Transport | undefined;
  nbytes = 0;
  state = "INITIAL";
  connected = getRunningLoop().createFuture<void>();
  done = getRunningLoop().createFuture<void>();
  override connectionMade(transport: Transport): void {
    this.transport = transport;
    this.state = "CONNECTED";
    this.connected.setResult(undefined);
  }
  override dataReceived(data: Uint8Array): void {
    this.nbytes += data.length;
  }
  override connectionLost(): void {
    this.state = "CLOSED";
    this.done.setResult(undefined);
  }
}

describe("Unix sockets", () => {
  it("createUnixServer: a plain client's data arrives; sockets list the path; close() cleans up", async () => {
    const path = join(tempDir(), "proto.sock");
    await run(async () => {
      const loop = getRunningLoop();
      const proto = new Counter();
      const server = await loop.createUnixServer(() => proto, path);
      expect(server.sockets.length).toBe(1);
      expect(server.sockets[0]!.getsockname()).toBe(path);
      expect(server.sockets[0]!.family).toBe(AddressFamily.AF_UNIX);
      const client = nodeConnect(path, () => client.write("xxx"));
      await proto.connected;
      while (proto.nbytes < 3) await sleep(0.001);
      expect(proto.nbytes).toBe(3);
      expect(proto.transport!.getExtraInfo("sockname")).toBe(path);
      expect(proto.transport!.getExtraInfo("peername")).toBe("");
      proto.transport!.close();
      await proto.done;
      expect(proto.state).toBe("CLOSED");
      client.destroy();
      server.close();
      await server.waitClosed();
      expect(existsSync(path)).toBe(false);
    });
  });

  it("createUnixConnection: peername is the path; a missing path is FileNotFoundError", async () => {
    const dir = tempDir();
    const path = join(dir, "node.sock");
    const nodeServer = createNodeServer((socket) => socket.end("hello"));
    await new Promise<void>((resolve) => nodeServer.listen(path, resolve));
    try {
      await run(async () => {
        const loop = getRunningLoop();
        const [transport, proto] = await loop.createUnixConnection(() => new Counter(), path);
        expect(transport.getExtraInfo("peername")).toBe(path);
        expect(transport.getExtraInfo("sockname")).toBe("");
        await proto.done;
        expect(proto.nbytes).toBe(5);
        const missing = await loop
          .createUnixConnection(() => new Counter(), join(dir, "missing.sock"))
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(missing).toBeInstanceOf(FileNotFoundError);
        expect((missing as FileNotFoundError).errno).toBe(2);
        await expect(loop.createUnixConnection(() => new Counter())).rejects.toBeInstanceOf(ValueError);
        await expect(loop.createUnixConnection(() => new Counter(), path, { serverHostname: "x" })).rejects.toThrow(
          /only meaningful with ssl/,
        );
        await expect(loop.createUnixServer(() => new Counter(), "/test", { sock: nodeServer })).rejects.toThrow(
          "path and sock can not be specified at the same time",
        );
      });
    } finally {
      nodeServer.close();
    }
  });

  it("open_unix_connection / start_unix_server echo lines; a stale socket file is replaced", async () => {
    const path = join(tempDir(), "streams.sock");
    // A stale socket file left by a server that did not clean up.
    const stale = createNodeServer();
    await new Promise<void>((resolve) => stale.listen(path, resolve));
    (stale as unknown as { _handle: { close(): void } })._handle.close();
    await run(async () => {
      const server = await startUnixServer(async (reader, writer) => {
        for await (const line of reader) writer.write(line);
        writer.close();
      }, path);
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("one\ntwo\n"));
      expect((await reader.readline()).toString()).toBe("one\n");
      expect((await reader.readline()).toString()).toBe("two\n");
      writer.writeEof();
      expect((await reader.read()).length).toBe(0);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });
});
