// Interop with a real peer no one here wrote: CPython's asyncio as the server for our client
// and as the client of our server, over TCP, Unix sockets and TLS (a self-signed certificate
// made with openssl at test time). The exchange: a line echoed in upper case, 1 MiB of bulk
// data checked by SHA-256, then BYE and an orderly close.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run, type StreamReader, type StreamWriter } from "../../src/index.js";
import {
  enc,
  makeCertificate,
  openConnection,
  openUnixConnection,
  portOf,
  python,
  startServer,
  startUnixServer,
  tempDir,
  type TestCertificate,
} from "./helpers.js";

const PYTHON_SERVER = `
import asyncio, hashlib, ssl, sys
mode, addr, cert, key = sys.argv[1:5]
async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line or line == b'BYE\\n':
            break
        if line.startswith(b'BULK '):
            data = await reader.readexactly(int(line[5:]))
            writer.write(b'GOT ' + hashlib.sha256(data).hexdigest().encode() + b'\\n')
        else:
            writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
    done.set()
async def main():
    global done
    done = asyncio.Event()
    ctx = None
    if cert != '-':
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
    if mode == 'tcp':
        server = await asyncio.start_server(handle, '127.0.0.1', 0, ssl=ctx)
        print(server.sockets[0].getsockname()[1], flush=True)
    else:
        server = await asyncio.start_unix_server(handle, addr, ssl=ctx)
        print('ready', flush=True)
    async with server:
        await done.wait()
asyncio.run(main())
`;

const PYTHON_CLIENT = `
import asyncio, hashlib, ssl, sys, json
mode, addr, cafile = sys.argv[1:4]
async def main():
    ctx = ssl.create_default_context(cafile=cafile) if cafile != '-' else None
    name = 'localhost' if ctx else None
    if mode == 'tcp':
        reader, writer = await asyncio.open_connection('127.0.0.1', int(addr), ssl=ctx, server_hostname=name)
    else:
        reader, writer = await asyncio.open_unix_connection(addr, ssl=ctx, server_hostname=name)
    out = []
    writer.write(b'hello from python\\n')
    await writer.drain()
    out.append((await reader.readline()).decode())
    data = bytes(range(256)) * 4096
    writer.write(b'BULK %d\\n' % len(data))
    writer.write(data)
    await writer.drain()
    out.append((await reader.readline()).decode().strip() == 'GOT ' + hashlib.sha256(data).hexdigest())
    writer.write(b'BYE\\n')
    await writer.drain()
    out.append((await reader.read()).decode())
    writer.close()
    await writer.wait_closed()
    print(json.dumps(out), flush=True)
asyncio.run(main())
`;

const BULK = Buffer.alloc(256 * 4096);
for (let index = 0; index < BULK.length; index++) BULK[index] = index % 256;
const BULK_SHA = createHash("sha256").update(BULK).digest("hex");

let certificate: TestCertificate;
let scripts: { server: string; client: string };

beforeAll(async () => {
  certificate = await makeCertificate();
  const dir = tempDir();
  scripts = { server: join(dir, "server.py"), client: join(dir, "client.py") };
  writeFileSync(scripts.server, PYTHON_SERVER);
  writeFileSync(scripts.client, PYTHON_CLIENT);
});

/** Our side of the exchange, as a client. */
async function talk(reader: StreamReader, writer: StreamWriter): Promise<unknown[]> {
  const out: unknown[] = [];
  writer.write(enc("hello from node\n"));
  await writer.drain();
  out.push((await reader.readline()).toString());
  writer.write(enc(`BULK ${BULK.length}\n`));
  writer.write(BULK);
  await writer.drain();
  out.push((await reader.readline()).toString().trim() === `GOT ${BULK_SHA}`);
  writer.write(enc("BYE\n"));
  await writer.drain();
  out.push((await reader.read()).toString());
  writer.close();
  await writer.waitClosed();
  return out;
}

/** Our side of the exchange, as a server. */
async function handle(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for (;;) {
    const line = await reader.readline();
    if (line.length === 0 || line.toString() === "BYE\n") break;
    if (line.toString().startsWith("BULK ")) {
      const data = await reader.readexactly(Number(line.toString().slice(5)));
      writer.write(enc(`GOT ${createHash("sha256").update(data).digest("hex")}\n`));
    } else {
      writer.write(Buffer.from(line.toString().toUpperCase()));
    }
    await writer.drain();
  }
  writer.close();
  await writer.waitClosed();
}

function firstLine(child: ReturnType<typeof python>["child"]): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (data) => {
      text += data;
      const end = text.indexOf("\n");
      if (end !== -1) resolve(text.slice(0, end));
    });
    child.once("exit", (code) => reject(new Error(`python exited with ${code}`)));
  });
}

function runPythonServer(
  mode: "tcp" | "unix",
  address: string,
  tls: boolean,
): { ready: Promise<string>; done: Promise<{ code: number | null; stderr: string }> } {
  const { child, done } = python(`exec(open(${JSON.stringify(scripts.server)}).read())`, [
    mode,
    address,
    tls ? certificate.certPath : "-",
    tls ? certificate.keyPath : "-",
  ]);
  return { ready: firstLine(child), done };
}

function runPythonClient(
  mode: "tcp" | "unix",
  address: string,
  tls: boolean,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return python(`exec(open(${JSON.stringify(scripts.client)}).read())`, [
    mode,
    address,
    tls ? certificate.certPath : "-",
  ]).done;
}

describe("interop with CPython asyncio", () => {
  for (const tls of [false, true]) {
    const label = tls ? "TLS" : "plain";

    it(`TCP (${label}): CPython server, our client`, async () => {
      const server = runPythonServer("tcp", "-", tls);
      const port = Number(await server.ready);
      await run(async () => {
        const [reader, writer] = await openConnection(
          "127.0.0.1",
          port,
          tls ? { ssl: { ca: certificate.cert }, serverHostname: "localhost" } : {},
        );
        expect(await talk(reader, writer)).toEqual(["HELLO FROM NODE\n", true, ""]);
      });
      const result = await server.done;
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    });

    it(`TCP (${label}): our server, CPython client`, async () => {
      await run(async () => {
        const server = await startServer(
          handle,
          "127.0.0.1",
          0,
          tls ? { ssl: { key: certificate.key, cert: certificate.cert } } : {},
        );
        const result = await runPythonClient("tcp", String(portOf(server)), tls);
        expect(result.stderr).toBe("");
        expect(JSON.parse(result.stdout)).toEqual(["HELLO FROM PYTHON\n", true, ""]);
        server.close();
        await server.waitClosed();
      });
    });

    it(`Unix socket (${label}): CPython server, our client; our server, CPython client`, async () => {
      const dir = tempDir();
      const pythonPath = join(dir, "py.sock");
      const server = runPythonServer("unix", pythonPath, tls);
      expect(await server.ready).toBe("ready");
      await run(async () => {
        const [reader, writer] = await openUnixConnection(
          pythonPath,
          tls ? { ssl: { ca: certificate.cert }, serverHostname: "localhost" } : {},
        );
        expect(await talk(reader, writer)).toEqual(["HELLO FROM NODE\n", true, ""]);
      });
      expect((await server.done).code).toBe(0);

      const ourPath = join(dir, "node.sock");
      await run(async () => {
        const ours = await startUnixServer(
          handle,
          ourPath,
          tls ? { ssl: { key: certificate.key, cert: certificate.cert } } : {},
        );
        const result = await runPythonClient("unix", ourPath, tls);
        expect(result.stderr).toBe("");
        expect(JSON.parse(result.stdout)).toEqual(["HELLO FROM PYTHON\n", true, ""]);
        ours.close();
        await ours.waitClosed();
      });
    });
  }
});
