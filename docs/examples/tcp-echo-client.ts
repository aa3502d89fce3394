// A TCP echo client on asyncio-ts: Python's
//
//     reader, writer = await asyncio.open_connection("127.0.0.1", 8888)
//     writer.write(b"hello\n")
//     await writer.drain()
//     print(await reader.readline())
//     writer.close()
//     await writer.wait_closed()
//
// Start tcp-echo-server.ts first, then, in the same project (@asyncio-ts/core and
// @asyncio-ts/streams installed; before the first release from a clone: docs/getting-started.md,
// "Install from a clone"; tsx runs TypeScript on Node 20 and later, fetched by npx):
//
//     npx tsx tcp-echo-client.ts 8888 hello world
//
// In this repository, packages/streams/test/examples.test.ts runs it.
import { pathToFileURL } from "node:url";
import { run } from "@asyncio-ts/core";
import { openConnection } from "@asyncio-ts/streams";

/** Sends each message as a line and collects the echoed lines. */
export async function echo(host: string, port: number, messages: readonly string[]): Promise<string[]> {
  const [reader, writer] = await openConnection(host, port);
  const replies: string[] = [];
  try {
    for (const message of messages) {
      writer.write(Buffer.from(`${message}\n`));
      await writer.drain();
      replies.push((await reader.readline()).toString().trimEnd());
    }
    // Half-close: the server sees EOF, finishes and closes its side.
    writer.writeEof();
    await reader.read();
  } finally {
    writer.close();
    await writer.waitClosed();
  }
  return replies;
}

export async function main(argv: readonly string[]): Promise<void> {
  const [port = "8888", ...messages] = argv;
  const replies = await run(() => echo("127.0.0.1", Number(port), messages.length > 0 ? messages : ["hello", "world"]));
  for (const reply of replies) console.log(`received: ${reply}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
