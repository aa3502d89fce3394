// TLS: the TLS parts of CPython's test_events.py (create_server ssl, verification failures,
// extra info), test_streams.py's start_tls, TLS over Unix sockets, client certificates and
// the handshake timeout. Certificates are made with openssl at test time.
import { createServer as createNodeServer } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionAbortedError,
  getRunningLoop,
  NotImplementedError,
  OSError,
  Protocol,
  SSLCertVerificationError,
  SSLError,
  run,
  sleep,
  ValueError,
  type Transport,
} from "../../src/index.js";
import {
  enc,
  makeCertificate,
  openConnection,
  openUnixConnection,
  portOf,
  startServer,
  startUnixServer,
  tempDir,
  type TestCertificate,
} from "./helpers.js";

let server: TestCertificate;
let clientCertificate: TestCertificate;

beforeAll(async () => {
  server = await makeCertificate("server");
  clientCertificate = await makeCertificate("client");
});

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const upper = async (
  reader: import("../../src/index.js").StreamReader,
  writer: import("../../src/index.js").StreamWriter,
): Promise<void> => {
  for await (const line of reader) {
    writer.write(Buffer.from(line.toString().toUpperCase()));
    await writer.drain();
  }
  writer.close();
};

describe("TLS", () => {
  it("a TLS server and client exchange data; extra info as Python's SSL transport", async () => {
    await run(async () => {
      const tlsServer = await startServer(upper, "127.0.0.1", 0, { ssl: { key: server.key, cert: server.cert } });
      const port = portOf(tlsServer);
      const [reader, writer] = await openConnection("127.0.0.1", port, { ssl: { ca: server.cert } });
      writer.write(enc("secret\n"));
      expect((await reader.readline()).toString()).toBe("SECRET\n");
      expect(writer.getExtraInfo("peername")).toEqual(["127.0.0.1", port]);
      expect(writer.getExtraInfo("sslcontext")).toBeDefined();
      const cipher = writer.getExtraInfo("cipher") as [string, string, number];
      expect(cipher.length).toBe(3);
      expect(typeof cipher[0]).toBe("string");
      expect(typeof cipher[1]).toBe("string");
      expect(typeof cipher[2]).toBe("number");
      expect(writer.getExtraInfo("peercert").subject.CN).toBe("localhost");
      expect(writer.getExtraInfo("compression")).toBeNull();
      expect(writer.getExtraInfo("ssl_object").encrypted).toBe(true);
      expect(writer.canWriteEof()).toBe(false);
      expect(() => writer.writeEof()).toThrow(NotImplementedError);
      writer.close();
      await writer.waitClosed();
      tlsServer.close();
      await tlsServer.waitClosed();
    });
  });

  it("verification: ssl true fails on a self-signed certificate, and a wrong host name fails", async () => {
    await run(async () => {
      const tlsServer = await startServer(upper, "127.0.0.1", 0, { ssl: { key: server.key, cert: server.cert } });
      const port = portOf(tlsServer);
      const selfSigned = (await rejection(openConnection("127.0.0.1", port, { ssl: true }))) as { code?: string };
      expect(selfSigned.code).toMatch(/SELF_SIGNED/);
      const wrongName = (await rejection(
        openConnection("127.0.0.1", port, { ssl: { ca: server.cert }, serverHostname: "wrong.example" }),
      )) as { code?: string };
      expect(wrongName.code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
      // The name the certificate is checked against is serverHostname, not the address.
      const [reader, writer] = await openConnection("127.0.0.1", port, {
        ssl: { ca: server.cert },
        serverHostname: "localhost",
      });
      writer.write(enc("ok\n"));
      expect((await reader.readline()).toString()).toBe("OK\n");
      writer.close();
      // serverHostname "" turns the host name check off.
      const [reader2, writer2] = await openConnection("127.0.0.1", port, {
        ssl: { ca: server.cert },
        serverHostname: "",
      });
      writer2.write(enc("ok\n"));
      expect((await reader2.readline()).toString()).toBe("OK\n");
      writer2.close();
      tlsServer.close();
      await tlsServer.waitClosed();
    });
  });

  it("ssl arguments are checked as in Python", async () => {
    await run(async () => {
      await expect(openConnection("127.0.0.1", 1, { sslHandshakeTimeout: 1 })).rejects.toThrow(
        new ValueError("ssl_handshake_timeout is only meaningful with ssl"),
      );
      await expect(openConnection(null, null, { ssl: true, sock: {} as never })).rejects.toThrow(
        "You must set server_hostname when using ssl without a host",
      );
      await expect(openUnixConnection("/nope", { ssl: true })).rejects.toThrow(
        "you have to pass server_hostname when using ssl",
      );
    });
  });

  it("a server that requires a client certificate refuses a client without one", async () => {
    await run(async () => {
      const ssl = {
        key: server.key,
        cert: server.cert,
        ca: clientCertificate.cert,
        requestCert: true,
        rejectUnauthorized: true,
      };
      const tlsServer = await startServer(upper, "127.0.0.1", 0, { ssl });
      const port = portOf(tlsServer);
      const [reader, writer] = await openConnection("127.0.0.1", port, {
        ssl: { ca: server.cert, key: clientCertificate.key, cert: clientCertificate.cert },
      });
      writer.write(enc("mutual\n"));
      expect((await reader.readline()).toString()).toBe("MUTUAL\n");
      writer.close();
      // Without a certificate the server ends the connection (TLS 1.3 reports it after the handshake).
      const outcome = await (async () => {
        try {
          const [reader2, writer2] = await openConnection("127.0.0.1", port, { ssl: { ca: server.cert } });
          writer2.write(enc("anonymous\n"));
          const line = await reader2.readline();
          writer2.close();
          return line.length === 0 ? "closed" : "answered";
        } catch {
          return "refused";
        }
      })();
      expect(outcome).not.toBe("answered");
      tlsServer.close();
      await tlsServer.waitClosed();
    });
  });

  it("a certificate that fails verification is an SSLCertVerificationError, as Python's", async () => {
    await run(async () => {
      const tlsServer = await startServer(upper, "127.0.0.1", 0, { ssl: { key: server.key, cert: server.cert } });
      const port = portOf(tlsServer);
      const selfSigned = await rejection(openConnection("127.0.0.1", port, { ssl: true }));
      expect(selfSigned).toBeInstanceOf(SSLCertVerificationError);
      expect(selfSigned).toBeInstanceOf(SSLError);
      expect(selfSigned).toBeInstanceOf(OSError);
      expect(selfSigned).toMatchObject({
        name: "SSLCertVerificationError",
        message: "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate",
        errno: 1,
        library: "SSL",
        reason: "CERTIFICATE_VERIFY_FAILED",
        verifyCode: 18,
        verifyMessage: "self-signed certificate",
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
      });
      const wrongName = await rejection(
        openConnection("127.0.0.1", port, { ssl: { ca: server.cert }, serverHostname: "wrong.example" }),
      );
      expect(wrongName).toBeInstanceOf(SSLCertVerificationError);
      expect(wrongName).toMatchObject({
        message:
          "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'wrong.example'.",
        verifyCode: 62,
        verifyMessage: "Hostname mismatch, certificate is not valid for 'wrong.example'.",
        code: "ERR_TLS_CERT_ALTNAME_INVALID",
      });
      tlsServer.close();
      await tlsServer.waitClosed();
    });
  });

  it("a handshake with a server that does not speak TLS fails with SSLError, its reason OpenSSL's", async () => {
    const plain = createNodeServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    try {
      await run(async () => {
        const port = (plain.address() as { port: number }).port;
        const error = await rejection(openConnection("127.0.0.1", port, { ssl: { ca: server.cert } }));
        expect(error).toBeInstanceOf(SSLError);
        expect(error).not.toBeInstanceOf(SSLCertVerificationError);
        expect(error).toMatchObject({
          name: "SSLError",
          message: "[SSL: WRONG_VERSION_NUMBER] wrong version number",
          errno: 1,
          library: "SSL",
          reason: "WRONG_VERSION_NUMBER",
          code: "ERR_SSL_WRONG_VERSION_NUMBER",
        });
      });
    } finally {
      plain.close();
    }
  });

  it("a server's failed handshake is an SSLError too (reported in debug mode)", async () => {
    await run(
      async () => {
        const loop = getRunningLoop();
        const seen: Array<{ message: string; exception?: unknown }> = [];
        const failed = loop.createFuture<void>();
        const tlsServer = await startServer(upper, "127.0.0.1", 0, { ssl: { key: server.key, cert: server.cert } });
        loop.setExceptionHandler((_loop, context) => {
          seen.push(context);
          if (!failed.done()) failed.setResult();
        });
        const [reader, writer] = await openConnection("127.0.0.1", portOf(tlsServer));
        writer.write(enc("GET / HTTP/1.1\r\n\r\n"));
        await failed;
        expect(seen.map((context) => context.message)).toEqual(["SSL handshake failed"]);
        expect(seen[0]?.exception).toBeInstanceOf(SSLError);
        expect((seen[0]?.exception as SSLError).reason).toMatch(/^[A-Z0-9_]+$/);
        await reader.read();
        writer.close();
        tlsServer.close();
        await tlsServer.waitClosed();
      },
      { debug: true },
    );
  });

  it("a handshake that takes too long is aborted with ConnectionAbortedError", async () => {
    const silent = createNodeServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      await run(async () => {
        const port = (silent.address() as { port: number }).port;
        const error = (await rejection(
          openConnection("127.0.0.1", port, { ssl: { ca: server.cert }, sslHandshakeTimeout: 0.1 }),
        )) as Error;
        expect(error).toBeInstanceOf(ConnectionAbortedError);
        expect(error.message).toBe("SSL handshake is taking longer than 0.1 seconds: aborting the connection");
      });
    } finally {
      silent.close();
    }
  });

  it("StreamWriter.startTls upgrades a plain connection on both sides (STARTTLS)", async () => {
    await run(async () => {
      const plainServer = await startServer(
        async (reader, writer) => {
          expect((await reader.readline()).toString()).toBe("STARTTLS\n");
          writer.write(enc("GO\n"));
          await writer.startTls({ key: server.key, cert: server.cert });
          expect(writer.getExtraInfo("sslcontext")).toBeDefined();
          const line = await reader.readline();
          writer.write(Buffer.from(`secure:${line.toString()}`));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(plainServer));
      writer.write(enc("STARTTLS\n"));
      expect((await reader.readline()).toString()).toBe("GO\n");
      expect(writer.getExtraInfo("sslcontext")).toBeUndefined();
      await writer.startTls({ ca: server.cert }, { serverHostname: "localhost" });
      expect(writer.getExtraInfo("peercert").subject.CN).toBe("localhost");
      writer.write(enc("hello\n"));
      expect((await reader.readline()).toString()).toBe("secure:hello\n");
      expect((await reader.read()).length).toBe(0);
      writer.close();
      await writer.waitClosed();
      plainServer.close();
      await plainServer.waitClosed();
    });
  });

  it("loop.startTls with protocols keeps the protocol and does not call connectionMade again", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const made: string[] = [];
      class Echo extends Protocol {
        transport!: Transport;
        override connectionMade(transport: Transport): void {
          made.push("server");
          this.transport = transport;
        }
        override dataReceived(data: Uint8Array): void {
          if (Buffer.from(data).toString() === "upgrade") {
            this.transport.pauseReading();
            loop
              .startTls(this.transport, this, { key: server.key, cert: server.cert }, { serverSide: true })
              .then((upgraded) => {
                this.transport = upgraded;
              });
            this.transport.write(enc("ready"));
            return;
          }
          this.transport.write(data);
        }
      }
      class Client extends Protocol {
        received: string[] = [];
        waiter = loop.createFuture<void>();
        override connectionMade(): void {
          made.push("client");
        }
        override dataReceived(data: Uint8Array): void {
          this.received.push(Buffer.from(data).toString());
          if (!this.waiter.done()) this.waiter.setResult(undefined);
        }
      }
      const tcpServer = await loop.createServer(() => new Echo(), "127.0.0.1", 0);
      const [transport, client] = await loop.createConnection(() => new Client(), "127.0.0.1", portOf(tcpServer));
      transport.write(enc("upgrade"));
      await client.waiter;
      expect(client.received).toEqual(["ready"]);
      const secure = await loop.startTls(transport, client, { ca: server.cert }, { serverHostname: "localhost" });
      client.waiter = loop.createFuture<void>();
      secure.write(enc("ping"));
      await client.waiter;
      expect(client.received).toEqual(["ready", "ping"]);
      expect(made).toEqual(["server", "client"]);
      await expect(loop.startTls(transport, client, { ca: server.cert })).rejects.toBeInstanceOf(TypeError);
      secure.close();
      tcpServer.close();
      await sleep(0.01);
    });
  });

  it("TLS over a Unix socket", async () => {
    const path = join(tempDir(), "tls.sock");
    await run(async () => {
      const unixServer = await startUnixServer(upper, path, { ssl: { key: server.key, cert: server.cert } });
      const [reader, writer] = await openUnixConnection(path, {
        ssl: { ca: server.cert },
        serverHostname: "localhost",
      });
      writer.write(enc("unix\n"));
      expect((await reader.readline()).toString()).toBe("UNIX\n");
      expect(writer.getExtraInfo("peername")).toBe(path);
      writer.close();
      await writer.waitClosed();
      unixServer.close();
      await unixServer.waitClosed();
    });
  });
});
