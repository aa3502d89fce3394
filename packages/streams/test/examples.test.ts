// Runs the examples of the docs (docs/examples/*.ts): loaded by their path (they are not part
// of the package) and run as a user would run them. The HTTP example is also fetched from with
// curl, a client no one here wrote.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Server } from "@asyncio-ts/core";
import { openConnection } from "../src/index.js";

const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "examples");
const load = async <T>(name: string): Promise<T> =>
  (await import(/* @vite-ignore */ pathToFileURL(join(examples, name)).href)) as T;
const port = (server: Server): number => (server.sockets[0]!.getsockname() as [string, number])[1];

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function hasCommand(command: string): boolean {
  try {
    execFileSync(command, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function curl(args: string[]): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile("curl", ["--silent", "--show-error", "--max-time", "10", ...args], (error, stdout) => {
      resolve({ stdout, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
    });
  });
}

describe("docs/examples", () => {
  it("tcp-echo-server.ts and tcp-echo-client.ts", async () => {
    const { startEchoServer } = await load<{ startEchoServer(host: string, port: number): PromiseLike<Server> }>(
      "tcp-echo-server.ts",
    );
    const { echo } = await load<{ echo(host: string, port: number, messages: string[]): Promise<string[]> }>(
      "tcp-echo-client.ts",
    );
    await run(async () => {
      const server = await startEchoServer("127.0.0.1", 0);
      expect(await echo("127.0.0.1", port(server), ["hello", "world", "ünïcödé"])).toEqual([
        "hello",
        "world",
        "ünïcödé",
      ]);
      server.close();
      await server.waitClosed();
    });
  });

  it("http-server.ts answers requests on a kept-alive connection", async () => {
    const { startHttpServer } = await load<{ startHttpServer(host: string, port: number): PromiseLike<Server> }>(
      "http-server.ts",
    );
    await run(async () => {
      const server = await startHttpServer("127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", port(server));
      writer.write(Buffer.from("GET /hello?name=ts HTTP/1.1\r\nHost: x\r\n\r\n"));
      writer.write(
        Buffer.from("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde"),
      );
      const all = (await reader.read()).toString();
      const responses = all.split("HTTP/1.1 ").slice(1);
      expect(responses.length).toBe(2);
      expect(responses[0]).toMatch(/^200 OK\r\n/);
      expect(responses[0]).toContain("Connection: keep-alive");
      expect(responses[0]!.endsWith("\r\n\r\nHello, ts!\n")).toBe(true);
      expect(responses[1]).toContain("Connection: close");
      expect(responses[1]!.endsWith("\r\n\r\nabcde")).toBe(true);
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  const haveCurl = hasCommand("curl");
  if (!haveCurl) console.warn("docs/examples: skipping the curl test: curl is not installed");
  it.skipIf(!haveCurl)("curl fetches from http-server.ts", async () => {
    const { startHttpServer } = await load<{ startHttpServer(host: string, port: number): PromiseLike<Server> }>(
      "http-server.ts",
    );
    await run(async () => {
      const server = await startHttpServer("127.0.0.1", 0);
      const base = `http://127.0.0.1:${port(server)}`;
      const hello = await curl([`${base}/hello?name=curl`]);
      expect(hello).toEqual({ stdout: "Hello, curl!\n", code: 0 });
      // Two URLs: curl reuses the connection (keep-alive).
      const both = await curl([`${base}/hello`, `${base}/hello?name=again`]);
      expect(both.stdout).toBe("Hello, world!\nHello, again!\n");
      const posted = await curl(["--data-binary", "posted body", `${base}/echo`]);
      expect(posted.stdout).toBe("posted body");
      const missing = await curl(["--output", "/dev/null", "--write-out", "%{http_code}", `${base}/nowhere`]);
      expect(missing.stdout).toBe("404");
      const dir = mkdtempSync(join(tmpdir(), "curl-"));
      dirs.push(dir);
      const bodyPath = join(dir, "body.bin");
      writeFileSync(bodyPath, "x".repeat(200_000));
      const large = await curl(["--data-binary", `@${bodyPath}`, `${base}/echo`]);
      expect(large.stdout).toBe("x".repeat(200_000));
      server.close();
      await server.waitClosed();
    });
  });

  it("tls-client.ts talks to a local TLS server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-example-"));
    dirs.push(dir);
    const certPath = join(dir, "cert.pem");
    const keyPath = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-days",
        "2",
        "-addext",
        "subjectAltName=DNS:localhost",
        "-keyout",
        keyPath,
        "-out",
        certPath,
      ],
      { stdio: "ignore" },
    );
    const { main, tlsRequest, startTlsEchoServer } = await load<{
      main(argv: string[]): Promise<{ reply: string; peerCommonName: string; cipher: [string, string, number] }>;
      tlsRequest(host: string, port: number, ca: Buffer, name?: string): Promise<{ reply: string }>;
      startTlsEchoServer(key: Buffer, cert: Buffer): PromiseLike<Server>;
    }>("tls-client.ts");
    const exchange = await main([certPath, keyPath]);
    expect(exchange.reply).toBe("echo: ping over TLS");
    expect(exchange.peerCommonName).toBe("localhost");
    expect(exchange.cipher[1]).toMatch(/^TLSv1\.[23]$/);
    // A client that does not trust the certificate is refused.
    await run(async () => {
      const server = await startTlsEchoServer(readFileSync(keyPath), readFileSync(certPath));
      const other = join(dir, "other.pem");
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=localhost",
          "-days",
          "2",
          "-keyout",
          join(dir, "other.key"),
          "-out",
          other,
        ],
        { stdio: "ignore" },
      );
      await expect(tlsRequest("127.0.0.1", port(server), readFileSync(other))).rejects.toThrow();
      server.close();
      await server.waitClosed();
    });
  });
});
