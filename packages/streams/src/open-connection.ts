import {
  callCoroutine,
  DEFAULT_LIMIT,
  getRunningLoop,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
  type CreateConnectionOptions,
  type Future,
} from "@asyncio-ts/core";

/** Options of {@link openConnection}: `limit` plus every option of `loop.createConnection()`. */
export interface OpenConnectionOptions extends CreateConnectionOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
}

/**
 * Opens a TCP connection (TLS with `ssl`) and resolves with `[reader, writer]`, as Python's
 * `asyncio.open_connection(host, port, *, limit, ssl, server_hostname, local_addr, ...)`.
 *
 * @example
 * ```ts
 * import { run, openConnection } from "asyncio-ts";
 *
 * await run(async () => {
 *   const [reader, writer] = await openConnection("127.0.0.1", 8888);
 *   writer.write(Buffer.from("hello\n"));
 *   await writer.drain();
 *   console.log((await reader.readline()).toString());
 *   writer.close();
 *   await writer.waitClosed();
 * });
 * ```
 */
export function openConnection(
  host?: string | null,
  port?: number | string | null,
  options: OpenConnectionOptions = {},
): Future<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  return callCoroutine(async () => {
    const { limit = DEFAULT_LIMIT, ...connectionOptions } = options;
    const reader = new StreamReader(limit, loop);
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [transport] = await loop.createConnection(() => protocol, host, port, connectionOptions);
    const writer = new StreamWriter(transport, protocol, reader, loop);
    return [reader, writer] as [StreamReader, StreamWriter];
  }, loop);
}
