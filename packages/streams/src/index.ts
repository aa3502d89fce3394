/**
 * @asyncio-ts/streams: asyncio's high-level streams, as Python's `asyncio.streams`:
 * `openConnection`, `startServer`, `openUnixConnection`, `startUnixServer`, and the stream
 * classes (`StreamReader`, `StreamWriter`, `Server`) re-exported from `@asyncio-ts/core`.
 *
 * @packageDocumentation
 */
export { openConnection, type OpenConnectionOptions } from "./open-connection.js";
export { startServer, type StartServerOptions } from "./start-server.js";
export { openUnixConnection, type OpenUnixConnectionOptions } from "./open-unix-connection.js";
export { startUnixServer, type StartUnixServerOptions } from "./start-unix-server.js";
export { StreamReader, StreamWriter, Server } from "@asyncio-ts/core";
