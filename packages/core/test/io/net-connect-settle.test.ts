// A connect and an error posted before the loop runs the first: the first decides, and the
// socket handed over is never destroyed by the second. Node's events are driven by hand on a
// fake socket, since the order cannot be forced on a real one.
import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";

class FakeSocket extends EventEmitter {
  destroyed = false;
  destroyCalls = 0;
  destroy(): this {
    this.destroyCalls++;
    this.destroyed = true;
    return this;
  }
  setNoDelay(): this {
    return this;
  }
}

const sockets: FakeSocket[] = [];

vi.mock("../../src/internal/node-builtins.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/internal/node-builtins.js")>();
  const fakeNet = {
    ...original.nodeNet(),
    connect: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
  };
  return { ...original, nodeNet: () => fakeNet };
});

const { run, getRunningLoop } = await import("../../src/index.js");
const { connectSocket } = await import("../../src/internal/net-connect.js");

describe("connectSocket settles once", () => {
  it("keeps the socket it handed over when an error follows the connect", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const future = connectSocket(loop, { host: "127.0.0.1", port: 9, family: 2 });
      const socket = sockets.at(-1) as FakeSocket;
      socket.emit("connect");
      socket.emit("error", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" }));
      const connected = await future;
      expect(connected).toBe(socket);
      expect(socket.destroyCalls).toBe(0);
    });
  });

  it("fails with the error that came first and destroys the socket once", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const future = connectSocket(loop, { host: "127.0.0.1", port: 9, family: 2 });
      const socket = sockets.at(-1) as FakeSocket;
      socket.emit(
        "error",
        Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" }),
      );
      socket.emit("connect");
      await expect(future).rejects.toMatchObject({ name: "ConnectionRefusedError" });
      expect(socket.destroyCalls).toBe(1);
    });
  });
});
