// A TCP echo server on asyncio-ts: Python's
//
//     async def handle(reader, writer):
//         async for line in reader:
//             writer.write(line)
//             await writer.drain()
//         writer.close()
//         await writer.wait_closed()
//
//     server = await asyncio.start_server(handle, "127.0.0.1", 8888)
//     async with server:
//         await server.serve_forever()
//
// Run it in a project that has asyncio-ts installed (`npm install @asyncio-ts/core
// @asyncio-ts/streams`; before the first release, from a clone: docs/getting-started.md,
// "Install from a clone"), then talk to it with tcp-echo-client.ts or `nc 127.0.0.1 8888`
// (tsx runs TypeScript on Node 20 and later, fetched by npx):
//
//     npx tsx tcp-echo-server.ts 8888
//
// In this repository, packages/streams/test/examples.test.ts runs it.
import { pathToFileURL } from "node:url";
import { run, type Server, type StreamReader, type StreamWriter } from "@asyncio-ts/core";
import { startServer } from "@asyncio-ts/streams";

/** Echoes every line back until the client stops sending (EOF). */
export async function handleEcho(reader: StreamReader, writer: StreamWriter): Promise<void> {
  const peer = writer.getExtraInfo("peername") as [string, number];
  for await (const line of reader) {
    writer.write(line);
    // Backpressure: wait while the client does not read what we send.
    await writer.drain();
  }
  console.log(`${peer[0]}:${peer[1]} done`);
  writer.close();
  await writer.waitClosed();
}

/** Starts the echo server; port 0 picks a free port (see `server.sockets[0].getsockname()`). */
export function startEchoServer(host = "127.0.0.1", port = 8888): PromiseLike<Server> {
  return startServer(handleEcho, host, port);
}

/** Serves until Ctrl-C (which cancels serveForever; `with` then closes the server). */
export async function main(argv: readonly string[]): Promise<void> {
  await run(async () => {
    const server = await startEchoServer("127.0.0.1", Number(argv[0] ?? 8888));
    const [host, port] = server.sockets[0]!.getsockname() as [string, number];
    console.log(`Serving on ${host}:${port}`);
    await server.with(() => server.serveForever());
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
