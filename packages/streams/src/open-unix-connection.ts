import {
  callCoroutine,
  DEFAULT_LIMIT,
  getRunningLoop,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
  type CreateUnixConnectionOptions,
  type Future,
} from "@asyncio-ts/core";

/** Options of {@link openUnixConnection}: `limit` plus every option of `loop.createUnixConnection()`. */
export interface OpenUnixConnectionOptions extends CreateUnixConnectionOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
}

/**
 * Opens a Unix socket connection to `path` and resolves with `[reader, writer]`, as Python's
 * `asyncio.open_unix_connection(path, *, limit, ssl, server_hostname, ...)`.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openUnixConnection("/tmp/app.sock");
 * writer.write(Buffer.from("PING\n"));
 * console.log((await reader.readline()).toString());
 * writer.close();
 * await writer.waitClosed();
 * ```
 */
export function openUnixConnection(
  path?: string | null,
  options: OpenUnixConnectionOptions = {},
): Future<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  return callCoroutine(async () => {
    const { limit = DEFAULT_LIMIT, ...connectionOptions } = options;
    const reader = new StreamReader(limit, loop);
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [transport] = await loop.createUnixConnection(() => protocol, path, connectionOptions);
    const writer = new StreamWriter(transport, protocol, reader, loop);
    return [reader, writer] as [StreamReader, StreamWriter];
  }, loop);
}
