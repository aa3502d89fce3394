// UDP: CPython's test_events.py create_datagram_endpoint tests (an echo server endpoint and a
// connected client endpoint), sock=, and the argument checks.
import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import {
  DatagramProtocol,
  DatagramTransport,
  getRunningLoop,
  run,
  sleep,
  ValueError,
  type Future,
} from "../../src/index.js";
import { enc } from "./helpers.js";

class MyDatagramProto extends DatagramProtocol {
  state = "INITIAL";
  nbytes = 0;
  transport: DatagramTransport | undefined;
  received: Array<[string, [string, number]]> = [];
  errors: unknown[] = [];
  done: Future<void> = getRunningLoop().createFuture();
  override connectionMade(transport: DatagramTransport): void {
    if (this.state !== "INITIAL") throw new Error(this.state);
    this.transport = transport;
    this.state = "INITIALIZED";
  }
  override datagramReceived(data: Uint8Array, addr: [string, number]): void {
    if (this.state !== "INITIALIZED") throw new Error(this.state);
    this.nbytes += data.length;
    this.received.push([Buffer.from(data).toString(), addr]);
  }
  override errorReceived(exc: unknown): void {
    this.errors.push(exc);
  }
  override connectionLost(): void {
    if (this.state !== "INITIALIZED") throw new Error(this.state);
    this.state = "CLOSED";
    this.done.setResult(undefined);
  }
}

class EchoProto extends MyDatagramProto {
  override datagramReceived(data: Uint8Array, addr: [string, number]): void {
    super.datagramReceived(data, addr);
    this.transport!.sendto(Buffer.concat([enc("resp:"), data]), addr);
  }
}

describe("datagram endpoints", () => {
  it("an echo endpoint and a connected client endpoint", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [serverTransport, server] = await loop.createDatagramEndpoint(() => new EchoProto(), {
        localAddr: ["127.0.0.1", 0],
      });
      const [host, port] = serverTransport.getExtraInfo("sockname") as [string, number];
      expect(host).toBe("127.0.0.1");
      expect(serverTransport).toBeInstanceOf(DatagramTransport);
      expect(server.state).toBe("INITIALIZED");
      expect(server.transport).toBe(serverTransport);

      const [transport, client] = await loop.createDatagramEndpoint(() => new MyDatagramProto(), null, [host, port]);
      expect(client.state).toBe("INITIALIZED");
      expect(transport.getExtraInfo("peername")).toEqual([host, port]);
      expect(transport.getExtraInfo("sockname")).toBeDefined();
      transport.sendto(enc("xxx"));
      while (server.nbytes === 0) await sleep(0.001);
      expect(server.nbytes).toBe(3);
      while (client.nbytes === 0) await sleep(0.001);
      expect(client.nbytes).toBe(8);
      expect(client.received[0]).toEqual(["resp:xxx", [host, port]]);
      expect(server.received[0]![1]).toEqual(transport.getExtraInfo("sockname"));

      expect(() => transport.sendto(enc("x"), ["127.0.0.1", port + 1])).toThrow(
        new ValueError(`Invalid address: must be None or ('127.0.0.1', ${port})`),
      );
      expect(() => transport.sendto("text" as never)).toThrow(
        new TypeError("data argument must be a bytes-like object, not 'string'"),
      );
      transport.sendto(enc("y"), [host, port]);
      transport.close();
      await client.done;
      expect(client.state).toBe("CLOSED");
      serverTransport.close();
      await server.done;
    });
  });

  it("an unconnected endpoint sends to any address; the write buffer counts pending datagrams", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [serverTransport, server] = await loop.createDatagramEndpoint(
        () => new MyDatagramProto(),
        ["127.0.0.1", 0],
      );
      const [, port] = serverTransport.getExtraInfo("sockname") as [string, number];
      const [transport, client] = await loop.createDatagramEndpoint(() => new MyDatagramProto(), {
        localAddr: ["127.0.0.1", 0],
      });
      expect(transport.getExtraInfo("peername")).toBeNull();
      expect(() => transport.sendto(enc("nowhere"))).toThrow(TypeError);
      transport.sendto(enc("one"), ["127.0.0.1", port]);
      expect(transport.getWriteBufferSize()).toBe(3 + 8);
      transport.sendto(enc("two"), ["127.0.0.1", port]);
      while (server.received.length < 2) await sleep(0.001);
      expect(server.received.map(([data]) => data)).toEqual(["one", "two"]);
      expect(transport.getWriteBufferSize()).toBe(0);
      transport.abort();
      await client.done;
      serverTransport.close();
    });
  });

  it("sock: an already bound dgram socket; argument checks as in Python", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const socket = createSocket("udp4");
      await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
      const [transport, proto] = await loop.createDatagramEndpoint(() => new MyDatagramProto(), { sock: socket });
      expect(transport.getExtraInfo("sockname")).toEqual(["127.0.0.1", socket.address().port]);
      transport.close();
      await proto.done;

      await expect(loop.createDatagramEndpoint(() => new MyDatagramProto())).rejects.toThrow(
        new ValueError("unexpected address family"),
      );
      await expect(
        loop.createDatagramEndpoint(() => new MyDatagramProto(), { localAddr: ["127.0.0.1", 0], reuseAddress: true }),
      ).rejects.toBeInstanceOf(ValueError);
      await expect(
        loop.createDatagramEndpoint(() => new MyDatagramProto(), {
          sock: createSocket("udp4"),
          localAddr: ["127.0.0.1", 0],
        }),
      ).rejects.toThrow(
        "socket modifier keyword arguments can not be used when sock is specified. (localAddr=('127.0.0.1', 0))",
      );
      await expect(
        loop.createDatagramEndpoint(() => new MyDatagramProto(), { localAddr: "x" as never }),
      ).rejects.toThrow("2-tuple is expected");
      // With only a family, an unbound endpoint is made.
      const [unbound, unboundProto] = await loop.createDatagramEndpoint(() => new MyDatagramProto(), { family: 4 });
      unbound.close();
      await unboundProto.done;
    });
  });
});
