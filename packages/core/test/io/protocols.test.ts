// Transports and protocols over TCP: the TCP parts of CPython's test_events.py
// (create_connection, create_server, local_addr, server close, extra info), flow control
// (pause/resume reading, write buffer limits), half-close, abort, BufferedProtocol, and
// happy eyeballs.
import { connect as nodeConnect, createServer as createNodeServer, Socket, type Server as NodeServer } from "node:net";
import { describe, expect, it } from "vitest";
import {
  AddressFamily,
  BaseProtocol,
  BufferedProtocol,
  ConnectionRefusedError,
  ExceptionGroup,
  GaiError,
  getRunningLoop,
  OSError,
  Protocol,
  ReadTransport,
  run,
  sleep,
  SocketKind,
  Transport,
  ValueError,
  WriteTransport,
  type AddressInfo,
  type EventLoop,
  type Future,
} from "../../src/index.js";
import { interleaveAddrinfos } from "../../src/internal/net-create-connection.js";
import { staggeredRace } from "../../src/internal/net-staggered-race.js";
import { enc } from "./helpers.js";
import { runVirtual } from "asyncio-ts-test-support";

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** CPython's MyBaseProto: checks the order of the callbacks. */
class MyBaseProto extends Protocol {
  transport: Transport | undefined;
  state = "INITIAL";
  nbytes = 0;
  data: Buffer[] = [];
  connected: Future<void>;
  done: Future<void>;
  lostWith: unknown = "not yet";

  constructor(loop: EventLoop = getRunningLoop()) {
    super();
    this.connected = loop.createFuture();
    this.done = loop.createFuture();
  }

  private expectState(...expected: string[]): void {
    if (!expected.includes(this.state)) throw new Error(`state: ${this.state}, expected: ${expected.join("|")}`);
  }

  override connectionMade(transport: Transport): void {
    this.transport = transport;
    this.expectState("INITIAL");
    this.state = "CONNECTED";
    this.connected.setResult(undefined);
  }

  override dataReceived(data: Uint8Array): void {
    this.expectState("CONNECTED");
    this.nbytes += data.length;
    this.data.push(Buffer.from(data));
  }

  override eofReceived(): boolean | void {
    this.expectState("CONNECTED");
    this.state = "EOF";
  }

  override connectionLost(exc: unknown): void {
    this.expectState("CONNECTED", "EOF");
    this.state = "CLOSED";
    this.lostWith = exc;
    this.done.setResult(undefined);
  }
}

/** Answers each connection with a fixed reply once it got a request, then closes. */
class ReplyProto extends Protocol {
  transport: Transport | undefined;
  override connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  override dataReceived(): void {
    this.transport?.write(enc("HTTP/1.0 200 OK\r\n\r\nTest message"));
    this.transport?.close();
  }
}

function listenNode(server: NodeServer, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));
}

async function freePort(): Promise<number> {
  const server = createNodeServer();
  const port = await listenNode(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("createConnection and createServer with protocols", () => {
  it("calls connectionMade, dataReceived, eofReceived and connectionLost in order", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const server = await loop.createServer(() => new ReplyProto(), "127.0.0.1", 0);
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const [transport, protocol] = await loop.createConnection(() => new MyBaseProto(), "127.0.0.1", port);
      expect(transport).toBeInstanceOf(Transport);
      expect(transport).toBeInstanceOf(ReadTransport);
      expect(transport).toBeInstanceOf(WriteTransport);
      expect(protocol).toBeInstanceOf(Protocol);
      // The connection is made before createConnection resolves.
      expect(protocol.state).toBe("CONNECTED");
      expect(protocol.transport).toBe(transport);
      transport.write(enc("GET / HTTP/1.0\r\n\r\n"));
      await protocol.done;
      expect(protocol.nbytes).toBeGreaterThan(0);
      expect(Buffer.concat(protocol.data).toString().endsWith("Test message")).toBe(true);
      expect(protocol.state).toBe("CLOSED");
      expect(protocol.lostWith).toBeNull();
      expect(transport.isClosing()).toBe(true);
      transport.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("createServer on 0.0.0.0 accepts a plain client; extra info; close() ends with connectionLost(null)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const proto = new MyBaseProto();
      const server = await loop.createServer(() => proto, "0.0.0.0", 0);
      expect(server.sockets.length).toBe(1);
      const [host, port] = server.sockets[0]!.getsockname() as [string, number];
      expect(host).toBe("0.0.0.0");
      expect(server.sockets[0]!.family).toBe(AddressFamily.AF_INET);
      const client = nodeConnect(port, "127.0.0.1", () => client.write("xxx"));
      client.on("error", () => {});
      await proto.connected;
      expect(proto.state).toBe("CONNECTED");
      while (proto.nbytes === 0) await sleep(0.001);
      expect(proto.nbytes).toBe(3);
      expect(proto.transport!.getExtraInfo("sockname")).toBeDefined();
      expect(proto.transport!.getExtraInfo("peername")[0]).toBe("127.0.0.1");
      proto.transport!.close();
      await proto.done;
      expect(proto.state).toBe("CLOSED");
      client.destroy();
      server.close();
      await server.waitClosed();
    });
  });

  it("localAddr binds the local port; a local address in use fails with EADDRINUSE", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const server = await loop.createServer(() => new ReplyProto(), "127.0.0.1", 0);
      const serverPort = (server.sockets[0]!.getsockname() as [string, number])[1];
      const localPort = await freePort();
      const [transport] = await loop.createConnection(() => new MyBaseProto(), "127.0.0.1", serverPort, {
        localAddr: ["127.0.0.1", localPort],
      });
      expect(transport.getExtraInfo("sockname")[1]).toBe(localPort);
      transport.close();

      const error = (await rejection(
        loop.createConnection(() => new MyBaseProto(), "127.0.0.1", serverPort, {
          localAddr: ["127.0.0.1", serverPort],
        }),
      )) as OSError;
      expect(error).toBeInstanceOf(OSError);
      expect(error.errno).toBe(98);
      expect(error.strerror).toContain(`('127.0.0.1', ${serverPort})`);
      expect(error.message).toBe(
        `[Errno 98] error while attempting to bind on address ('127.0.0.1', ${serverPort}): address already in use`,
      );
      server.close();
      await server.waitClosed();
    });
  });

  it("a local address of no matching family fails with OSError (loop.getaddrinfo can be replaced)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port1 = await freePort();
      const port2 = await freePort();
      const original = loop.getaddrinfo.bind(loop);
      loop.getaddrinfo = ((host: string, port: number, options: object) => {
        if (port === port2) {
          const future = loop.createFuture<AddressInfo[]>();
          future.setResult([[AddressFamily.AF_INET6, SocketKind.SOCK_STREAM, 0, "", ["::1", 0, 0, 0]]]);
          return future;
        }
        return original(host, port, options);
      }) as typeof loop.getaddrinfo;
      const error = await rejection(
        loop.createConnection(() => new MyBaseProto(), "localhost", port1, { localAddr: ["localhost", port2] }),
      );
      expect(error).toBeInstanceOf(OSError);
      expect((error as Error).message).toMatch(/no matching local address with family=AddressFamily.AF_INET found/);
    });
  });

  it("createServer on an address in use fails with EADDRINUSE; after close() connections are refused", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const server = await loop.createServer(() => new MyBaseProto(), "127.0.0.1", 0);
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const error = (await rejection(loop.createServer(() => new MyBaseProto(), "127.0.0.1", port))) as OSError;
      expect(error).toBeInstanceOf(OSError);
      expect(error.errno).toBe(98);
      expect(error.message).toBe(
        `[Errno 98] error while attempting to bind on address ('127.0.0.1', ${port}): address already in use`,
      );
      server.close();
      expect(await rejection(loop.createConnection(() => new MyBaseProto(), "127.0.0.1", port))).toBeInstanceOf(
        ConnectionRefusedError,
      );
      expect(await rejection(loop.createServer(() => new MyBaseProto(), "127.0.0.1", 70000))).toBeInstanceOf(
        RangeError,
      );
      expect(await rejection(loop.createServer(() => new MyBaseProto(), "127.0.0.1", 0, { ssl: true }))).toBeInstanceOf(
        TypeError,
      );
      expect(await rejection(loop.createServer(() => new MyBaseProto()))).toBeInstanceOf(ValueError);
    });
  });

  it("several hosts: one socket each, duplicates dropped; host null with AF_INET listens on 0.0.0.0", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const port = await freePort();
      const server = await loop.createServer(() => new MyBaseProto(), ["127.0.0.1", "127.0.0.1"], port);
      expect(server.sockets.map((socket) => socket.getsockname())).toEqual([["127.0.0.1", port]]);
      server.close();
      const any = await loop.createServer(() => new MyBaseProto(), null, 0, { family: AddressFamily.AF_INET });
      expect(any.sockets.map((socket) => (socket.getsockname() as [string, number])[0])).toEqual(["0.0.0.0"]);
      any.close();
    });
  });

  it("reusePort: two servers on one port where Node can set SO_REUSEPORT, ValueError where it cannot", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
      const supported = major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
      if (!supported) {
        await expect(loop.createServer(() => new MyBaseProto(), "127.0.0.1", 0, { reusePort: true })).rejects.toThrow(
          new ValueError("reuse_port not supported by socket module"),
        );
        return;
      }
      const first = await loop.createServer(() => new MyBaseProto(), "127.0.0.1", 0, { reusePort: true });
      const port = (first.sockets[0]!.getsockname() as [string, number])[1];
      const second = await loop.createServer(() => new MyBaseProto(), "127.0.0.1", port, { reusePort: true });
      expect(second.sockets[0]!.getsockname()).toEqual(["127.0.0.1", port]);
      first.close();
      second.close();
    });
  });

  it("host null listens on every interface, one socket per family (IPv6 only on IPv6, as Python)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const protocols: MyBaseProto[] = [];
      const port = await freePort();
      const server = await loop.createServer(
        () => {
          const proto = new MyBaseProto();
          protocols.push(proto);
          return proto;
        },
        null,
        port,
      );
      const names = server.sockets.map((socket) => socket.getsockname());
      expect(names).toContainEqual(["0.0.0.0", port]);
      if (names.length === 2) {
        expect(names).toContainEqual(["::", port]);
        const [transport] = await loop.createConnection(() => new MyBaseProto(), "::1", port);
        expect(transport.getExtraInfo("peername")).toEqual(["::1", port]);
        transport.close();
      }
      const [transport4] = await loop.createConnection(() => new MyBaseProto(), "127.0.0.1", port);
      transport4.close();
      server.close();
      await sleep(0.01);
      for (const proto of protocols) expect(["CONNECTED", "EOF", "CLOSED"]).toContain(proto.state);
    });
  });

  it("sock: a connected net.Socket for createConnection, a listening net.Server for createServer", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const nodeServer = createNodeServer();
      await listenNode(nodeServer);
      const proto = new MyBaseProto();
      const server = await loop.createServer(() => proto, null, null, { sock: nodeServer });
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const socket = new Socket();
      await new Promise<void>((resolve) => socket.connect(port, "127.0.0.1", resolve));
      const [transport, client] = await loop.createConnection(() => new MyBaseProto(), null, null, { sock: socket });
      transport.write(enc("xyz"));
      await proto.connected;
      while (proto.nbytes < 3) await sleep(0.001);
      transport.close();
      await client.done;
      await proto.done;
      expect(proto.state).toBe("CLOSED");
      server.close();
      await server.waitClosed();
    });
  });

  it("pauseReading stops dataReceived until resumeReading, and nothing is lost", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const total = 1024 * 1024;
      const server = await loop.createServer(
        () =>
          new (class extends Protocol {
            override connectionMade(transport: Transport): void {
              transport.write(Buffer.alloc(total, 5));
              transport.close();
            }
          })(),
        "127.0.0.1",
        0,
      );
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const [transport, proto] = await loop.createConnection(() => new MyBaseProto(), "127.0.0.1", port);
      while (proto.nbytes === 0) await sleep(0.001);
      transport.pauseReading();
      expect(transport.isReading()).toBe(false);
      transport.pauseReading(); // twice does nothing
      const seen = proto.nbytes;
      await sleep(0.05);
      expect(proto.nbytes).toBe(seen);
      expect(proto.state).toBe("CONNECTED");
      transport.resumeReading();
      expect(transport.isReading()).toBe(true);
      await proto.done;
      expect(proto.nbytes).toBe(total);
      server.close();
      await server.waitClosed();
    });
  });

  it("a transport paused before reading starts holds what arrives, then stops the socket so the peer backs up", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      // More than loopback's socket buffers take, so the peer's own buffer fills while we are paused.
      const total = 16 * 1024 * 1024;
      const sent = Buffer.alloc(total);
      for (let index = 0; index < total; index++) sent[index] = index % 251;
      let peer: Socket | undefined;
      const nodeServer = createNodeServer((socket) => {
        peer = socket;
        socket.end(sent);
      });
      const port = await listenNode(nodeServer);
      class PausedAtOnce extends MyBaseProto {
        override connectionMade(transport: Transport): void {
          super.connectionMade(transport);
          transport.pauseReading();
        }
      }
      const [transport, proto] = await loop.createConnection(() => new PausedAtOnce(), "127.0.0.1", port);
      const internals = transport as unknown as { _socketPaused: boolean; _heldBytes: number };
      // Node's socket stays stopped until resumeReading(): nothing is read, so nothing is held.
      while (peer === undefined || peer.writableLength === 0) await sleep(0.001);
      expect(internals._socketPaused).toBe(true);
      expect(internals._heldBytes).toBe(0);
      expect(proto.nbytes).toBe(0);
      transport.resumeReading();
      // Paused again mid-stream: data is held (never delivered) until the socket is stopped.
      while (proto.nbytes === 0) await sleep(0.001);
      transport.pauseReading();
      const seen = proto.nbytes;
      while (!internals._socketPaused && proto.state === "CONNECTED" && internals._heldBytes < total - seen)
        await sleep(0.001);
      expect(proto.nbytes).toBe(seen);
      transport.resumeReading();
      await proto.done;
      expect(proto.nbytes).toBe(total);
      expect(Buffer.concat(proto.data).equals(sent)).toBe(true);
      nodeServer.close();
    });
  });

  it("write buffer limits: validation, pauseWriting/resumeWriting alternate with a slow peer", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const peerSockets: Socket[] = [];
      const nodeServer = createNodeServer((socket) => {
        socket.pause();
        peerSockets.push(socket);
      });
      const port = await listenNode(nodeServer);
      const calls: string[] = [];
      class Writer extends Protocol {
        override pauseWriting(): void {
          calls.push("pause");
        }
        override resumeWriting(): void {
          calls.push("resume");
        }
      }
      const [transport] = await loop.createConnection(() => new Writer(), "127.0.0.1", port);
      expect(transport.getWriteBufferLimits()).toEqual([16384, 65536]);
      expect(() => transport.setWriteBufferLimits({ high: 1, low: 2 })).toThrow(
        new ValueError("high (1) must be >= low (2) must be >= 0"),
      );
      transport.setWriteBufferLimits({ low: 100 });
      expect(transport.getWriteBufferLimits()).toEqual([100, 400]);
      transport.setWriteBufferLimits(2000, 1000);
      expect(transport.getWriteBufferLimits()).toEqual([1000, 2000]);
      transport.setWriteBufferLimits({ high: 8192 });
      expect(transport.getWriteBufferLimits()).toEqual([2048, 8192]);
      transport.write(Buffer.alloc(16 * 1024 * 1024));
      expect(transport.getWriteBufferSize()).toBeGreaterThan(8192);
      expect(calls).toEqual(["pause"]);
      // A second write while paused does not pause again.
      transport.write(Buffer.alloc(10));
      expect(calls).toEqual(["pause"]);
      while (peerSockets.length === 0) await sleep(0.001);
      peerSockets[0]!.resume();
      while (calls.length < 2) await sleep(0.001);
      expect(calls).toEqual(["pause", "resume"]);
      expect(transport.getWriteBufferSize()).toBeLessThanOrEqual(2048);
      transport.close();
      peerSockets[0]!.destroy();
      nodeServer.close();
    });
  });

  it("abort() drops the buffer and calls connectionLost(null); write after it is ignored", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const nodeServer = createNodeServer((socket) => socket.pause());
      const port = await listenNode(nodeServer);
      const [transport, proto] = await loop.createConnection(() => new MyBaseProto(), "127.0.0.1", port);
      transport.write(Buffer.alloc(8 * 1024 * 1024));
      expect(transport.getWriteBufferSize()).toBeGreaterThan(0);
      transport.abort();
      expect(transport.isClosing()).toBe(true);
      expect(transport.getWriteBufferSize()).toBe(0);
      transport.write(enc("ignored"));
      await proto.done;
      expect(proto.lostWith).toBeNull();
      nodeServer.close();
    });
  });

  it("eofReceived returning true keeps the connection half-open for an answer", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      class AnswerAfterEof extends Protocol {
        transport!: Transport;
        received = 0;
        override connectionMade(transport: Transport): void {
          this.transport = transport;
        }
        override dataReceived(data: Uint8Array): void {
          this.received += data.length;
        }
        override eofReceived(): boolean {
          loop.callSoon(() => {
            this.transport.write(enc(`received ${this.received}`));
            this.transport.close();
          });
          return true;
        }
      }
      const server = await loop.createServer(() => new AnswerAfterEof(), "127.0.0.1", 0);
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const [transport, proto] = await loop.createConnection(() => new MyBaseProto(), "127.0.0.1", port);
      expect(transport.canWriteEof()).toBe(true);
      transport.write(enc("12345"));
      transport.writeEof();
      transport.writeEof(); // twice does nothing
      await proto.done;
      expect(Buffer.concat(proto.data).toString()).toBe("received 5");
      transport.close();
      server.close();
      await server.waitClosed();
    });
  });

  it("a BufferedProtocol gets the data through getBuffer and bufferUpdated", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      class Collect extends BufferedProtocol {
        buffer = new Uint8Array(7);
        received: number[] = [];
        hints: number[] = [];
        done = loop.createFuture<void>();
        override getBuffer(sizehint: number): Uint8Array {
          this.hints.push(sizehint);
          return this.buffer;
        }
        override bufferUpdated(nbytes: number): void {
          this.received.push(...this.buffer.subarray(0, nbytes));
        }
        override connectionLost(): void {
          this.done.setResult(undefined);
        }
      }
      const server = await loop.createServer(
        () =>
          new (class extends Protocol {
            override connectionMade(transport: Transport): void {
              transport.write(Buffer.from([...Array(20).keys()]));
              transport.close();
            }
          })(),
        "127.0.0.1",
        0,
      );
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const [, proto] = await loop.createConnection(() => new Collect(), "127.0.0.1", port);
      await proto.done;
      expect(proto.received).toEqual([...Array(20).keys()]);
      expect(proto.hints.length).toBeGreaterThanOrEqual(3);
      server.close();
    });
  });

  it("a protocol callback that throws: the exception handler hears of it, the connection is lost with it", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const seen: Array<{ message: string; exception?: unknown }> = [];
      loop.setExceptionHandler((_loop, context) => seen.push(context));
      const failure = new Error("bad protocol");
      class Failing extends MyBaseProto {
        override dataReceived(): void {
          throw failure;
        }
      }
      const server = await loop.createServer(() => new ReplyProto(), "127.0.0.1", 0);
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const [transport, proto] = await loop.createConnection(() => new Failing(), "127.0.0.1", port);
      transport.write(enc("hi"));
      await proto.done;
      expect(proto.lostWith).toBe(failure);
      expect(seen.map((context) => context.message)).toEqual(["Fatal error: protocol.data_received() call failed."]);
      server.close();
    });
  });

  it("a protocol factory that throws fails createConnection with its error", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const server = await loop.createServer(() => new ReplyProto(), "127.0.0.1", 0);
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const failure = new Error("factory");
      expect(
        await rejection(
          loop.createConnection(
            () => {
              throw failure;
            },
            "127.0.0.1",
            port,
          ),
        ),
      ).toBe(failure);
      server.close();
    });
  });

  it("BaseProtocol is a no-op; abstract transports throw NotImplementedError", async () => {
    const protocol = new BaseProtocol();
    protocol.connectionMade(undefined as never);
    protocol.pauseWriting();
    protocol.resumeWriting();
    protocol.connectionLost(null);
    const transport = new Transport({ a: 1 });
    expect(transport.getExtraInfo("a")).toBe(1);
    expect(transport.getExtraInfo("b", 2)).toBe(2);
    expect(() => transport.write(enc("x"))).toThrow(/NotImplemented|^$/);
    expect(() => transport.isClosing()).toThrowError();
    expect(new WriteTransport()).not.toBeInstanceOf(Transport);
  });
});

describe("name resolution and happy eyeballs", () => {
  it("getaddrinfo returns Python's 5-tuples", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const infos = await loop.getaddrinfo("127.0.0.1", 80);
      expect(infos).toEqual([
        [AddressFamily.AF_INET, SocketKind.SOCK_STREAM, 6, "", ["127.0.0.1", 80]],
        [AddressFamily.AF_INET, SocketKind.SOCK_DGRAM, 17, "", ["127.0.0.1", 80]],
        [AddressFamily.AF_INET, SocketKind.SOCK_RAW, 0, "", ["127.0.0.1", 80]],
      ]);
      const local = await loop.getaddrinfo("localhost", "80", { type: SocketKind.SOCK_STREAM });
      expect(local.some((info) => info[4][0] === "127.0.0.1" && info[4][1] === 80 && info[2] === 6)).toBe(true);
      const passive = await loop.getaddrinfo(null, 8080, { flags: 1, type: SocketKind.SOCK_STREAM });
      expect(passive).toEqual([
        [AddressFamily.AF_INET, 1, 6, "", ["0.0.0.0", 8080]],
        [AddressFamily.AF_INET6, 1, 6, "", ["::", 8080, 0, 0]],
      ]);
      const unknown = (await rejection(loop.getaddrinfo("nonexistent.invalid", 80))) as GaiError;
      expect(unknown).toBeInstanceOf(GaiError);
      expect(unknown.message).toMatch(/^\[Errno -[0-9]+\] /);
      const badService = (await rejection(loop.getaddrinfo("127.0.0.1", "no-such-service-name"))) as GaiError;
      expect(badService.message).toBe("[Errno -8] Servname not supported for ai_socktype");
    });
  });

  it("interleaves address families as Python's _interleave_addrinfos", () => {
    const v6 = (n: number): AddressInfo => [AddressFamily.AF_INET6, 1, 6, "", [`::${n}`, 80, 0, 0]];
    const v4 = (n: number): AddressInfo => [AddressFamily.AF_INET, 1, 6, "", [`10.0.0.${n}`, 80]];
    const infos = [v6(1), v6(2), v6(3), v4(1), v4(2)];
    expect(interleaveAddrinfos(infos, 1)).toEqual([v6(1), v4(1), v6(2), v4(2), v6(3)]);
    expect(interleaveAddrinfos(infos, 2)).toEqual([v6(1), v6(2), v4(1), v6(3), v4(2)]);
  });

  it("staggeredRace starts the next attempt after the delay or a failure, and the first success wins", async () => {
    // Virtual time: the attempts' timers and the stagger delay fire in deadline order however
    // long the loop stalls between them.
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const order: string[] = [];
      const attempts = [0, 1, 2].map((index) => () => {
        order.push(`start ${index}`);
        const future = loop.createFuture<string>();
        if (index === 0) loop.callLater(0.01, () => future.setException(new OSError("first fails")));
        if (index === 1) loop.callLater(0.5, () => future.setResult("slow"));
        if (index === 2) loop.callLater(0.01, () => future.setResult("fast"));
        return future;
      });
      const result = await staggeredRace(loop, attempts, 0.05, () => order.push("discarded"));
      expect(result.winner).toBe("fast");
      expect(result.index).toBe(2);
      expect((result.errors[0] as Error).message).toBe("first fails");
      // Attempt 1 started as soon as 0 failed; 2 after the delay; 1 was then cancelled.
      expect(order).toEqual(["start 0", "start 1", "start 2"]);
    });
  });

  it("happy eyeballs connects past a refused address; allErrors gathers every error", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const server = await loop.createServer(() => new ReplyProto(), "127.0.0.1", 0);
      const port = (server.sockets[0]!.getsockname() as [string, number])[1];
      const deadPort = await freePort();
      const original = loop.getaddrinfo.bind(loop);
      loop.getaddrinfo = ((host: string, requested: number, options: object) => {
        if (host !== "multi.test") return original(host, requested, options);
        const future = loop.createFuture<AddressInfo[]>();
        future.setResult([
          [AddressFamily.AF_INET, 1, 6, "", ["127.0.0.2", requested]],
          [AddressFamily.AF_INET, 1, 6, "", ["127.0.0.1", requested]],
        ]);
        return future;
      }) as typeof loop.getaddrinfo;
      const bound = server.sockets[0]!.getsockname() as [string, number];
      expect(bound[0]).toBe("127.0.0.1");
      const [transport] = await loop.createConnection(() => new MyBaseProto(), "multi.test", port, {
        happyEyeballsDelay: 0.25,
      });
      expect(transport.getExtraInfo("peername")).toEqual(["127.0.0.1", port]);
      transport.close();
      const [sequential] = await loop.createConnection(() => new MyBaseProto(), "multi.test", port);
      expect(sequential.getExtraInfo("peername")).toEqual(["127.0.0.1", port]);
      sequential.close();

      const group = (await rejection(
        loop.createConnection(() => new MyBaseProto(), "multi.test", deadPort, {
          happyEyeballsDelay: 0.25,
          allErrors: true,
        }),
      )) as ExceptionGroup;
      expect(group).toBeInstanceOf(ExceptionGroup);
      expect(group.message).toBe("create_connection failed");
      expect(group.exceptions.length).toBe(2);
      expect(group.exceptions.every((error) => error instanceof ConnectionRefusedError)).toBe(true);
      const multiple = (await rejection(
        loop.createConnection(() => new MyBaseProto(), "multi.test", deadPort),
      )) as OSError;
      expect(multiple.message).toBe(
        `Multiple exceptions: [Errno 111] Connect call failed ('127.0.0.2', ${deadPort}), [Errno 111] Connect call failed ('127.0.0.1', ${deadPort})`,
      );
      server.close();
      await server.waitClosed();
    });
  });

  it("a cancelled createConnection leaves nothing behind", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const task = loop.createTask(() => loop.createConnection(() => new MyBaseProto(), "nonexistent.invalid", 80));
      await sleep(0);
      task.cancel();
      await expect(task).rejects.toThrow();
      expect(task.cancelled()).toBe(true);
    });
  });
});
