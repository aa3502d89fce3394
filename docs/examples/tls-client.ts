// A TLS client on asyncio-ts, against a local TLS server: Python's
//
//     ctx = ssl.create_default_context(cafile="cert.pem")
//     reader, writer = await asyncio.open_connection("127.0.0.1", 8443, ssl=ctx, server_hostname="localhost")
//
// `ssl` takes `tls.connect()` options (here `ca`, the server's self-signed certificate), or
// `true` for the system's CAs. In a project with @asyncio-ts/core and @asyncio-ts/streams
// installed (before the first release, from a clone: docs/getting-started.md, "Install from a
// clone"), make a certificate and a key, then run both sides with tsx (TypeScript on Node 20
// and later, fetched by npx):
//
//     openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost \
//       -addext subjectAltName=DNS:localhost -keyout key.pem -out cert.pem
//     npx tsx tls-client.ts cert.pem key.pem
//
// main() starts a local TLS echo server with the certificate, then connects to it as a client
// that trusts that certificate. In this repository, packages/streams/test/examples.test.ts runs it.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { run, type Server } from "@asyncio-ts/core";
import { openConnection, startServer } from "@asyncio-ts/streams";

/** What the client learned from the server. */
export interface TlsExchange {
  readonly reply: string;
  readonly peerCommonName: string;
  readonly cipher: [string, string, number];
}

/** Connects over TLS, checks the certificate against `ca` and `serverHostname`, sends a line. */
export async function tlsRequest(
  host: string,
  port: number,
  ca: Buffer,
  serverHostname = "localhost",
): Promise<TlsExchange> {
  const [reader, writer] = await openConnection(host, port, { ssl: { ca }, serverHostname });
  try {
    writer.write(Buffer.from("ping over TLS\n"));
    await writer.drain();
    const reply = (await reader.readline()).toString().trimEnd();
    const certificate = writer.getExtraInfo("peercert") as { subject: { CN: string } };
    return { reply, peerCommonName: certificate.subject.CN, cipher: writer.getExtraInfo("cipher") };
  } finally {
    writer.close();
    await writer.waitClosed();
  }
}

/** A local TLS server answering each line with "echo: <line>". */
export function startTlsEchoServer(key: Buffer, cert: Buffer, host = "127.0.0.1", port = 0): PromiseLike<Server> {
  return startServer(
    async (reader, writer) => {
      for await (const line of reader) {
        writer.write(Buffer.from(`echo: ${line.toString()}`));
        await writer.drain();
      }
      writer.close();
    },
    host,
    port,
    { ssl: { key, cert } },
  );
}

export async function main(argv: readonly string[]): Promise<TlsExchange> {
  const [certPath = "cert.pem", keyPath = "key.pem"] = argv;
  const cert = readFileSync(certPath);
  const key = readFileSync(keyPath);
  return await run(async () => {
    const server = await startTlsEchoServer(key, cert);
    const [host, port] = server.sockets[0]!.getsockname() as [string, number];
    try {
      const exchange = await tlsRequest(host, port, cert);
      console.log(
        `server ${exchange.peerCommonName} answered ${JSON.stringify(exchange.reply)} over ${exchange.cipher[1]} (${exchange.cipher[0]})`,
      );
      return exchange;
    } finally {
      server.close();
      await server.waitClosed();
    }
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
