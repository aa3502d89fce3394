// Stream helpers for core's I/O tests: Python's open_connection/start_server, built here on
// the loop methods (the streams package has the public ones).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import {
  getRunningLoop,
  type Server,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
  type ClientConnectedCallback,
  type CreateConnectionOptions,
  type CreateServerOptions,
} from "../../src/index.js";

export async function openConnection(
  host: string | null,
  port: number | null,
  options: CreateConnectionOptions & { limit?: number } = {},
): Promise<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const reader = new StreamReader(options.limit ?? 2 ** 16, loop);
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const [transport] = await loop.createConnection(() => protocol, host, port, options);
  return [reader, new StreamWriter(transport, protocol, reader, loop)];
}

export async function openUnixConnection(
  path: string,
  options: { limit?: number; ssl?: any; serverHostname?: string } = {},
): Promise<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const reader = new StreamReader(options.limit ?? 2 ** 16, loop);
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const [transport] = await loop.createUnixConnection(() => protocol, path, options);
  return [reader, new StreamWriter(transport, protocol, reader, loop)];
}

export async function startServer(
  callback: ClientConnectedCallback,
  host: string | null,
  port: number | null,
  options: CreateServerOptions & { limit?: number } = {},
): Promise<Server> {
  const loop = getRunningLoop();
  return await loop.createServer(
    () => new StreamReaderProtocol(new StreamReader(options.limit ?? 2 ** 16, loop), callback, loop),
    host,
    port,
    options,
  );
}

export async function startUnixServer(
  callback: ClientConnectedCallback,
  path: string,
  options: { limit?: number; ssl?: any; startServing?: boolean } = {},
): Promise<Server> {
  const loop = getRunningLoop();
  return await loop.createUnixServer(
    () => new StreamReaderProtocol(new StreamReader(options.limit ?? 2 ** 16, loop), callback, loop),
    path,
    options,
  );
}

export function portOf(server: Server): number {
  return (server.sockets[0]!.getsockname() as [string, number])[1];
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-io-"));
  tempDirs.push(dir);
  return dir;
}

export const enc = (text: string): Buffer => Buffer.from(text);

/** Spawns python3 with `code`; resolves with its stdout once it exits. */
export function python(
  code: string,
  args: string[] = [],
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn("python3", ["-c", code, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (data) => (stdout += data));
  child.stderr!.on("data", (data) => (stderr += data));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** A self-signed certificate for localhost and 127.0.0.1, made with openssl into a temp dir. */
export interface TestCertificate {
  readonly key: Buffer;
  readonly cert: Buffer;
  readonly keyPath: string;
  readonly certPath: string;
}

export async function makeCertificate(name = "server"): Promise<TestCertificate> {
  const { execFileSync } = await import("node:child_process");
  const { readFileSync } = await import("node:fs");
  const dir = tempDir();
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
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
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      keyPath,
      "-out",
      certPath,
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), keyPath, certPath };
}
