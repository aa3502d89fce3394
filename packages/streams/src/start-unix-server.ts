import {
  DEFAULT_LIMIT,
  getRunningLoop,
  StreamReader,
  StreamReaderProtocol,
  type ClientConnectedCallback,
  type CreateUnixServerOptions,
  type Future,
  type Server,
} from "@asyncio-ts/core";

/** Options of {@link startUnixServer}: `limit` plus every option of `loop.createUnixServer()`. */
export interface StartUnixServerOptions extends CreateUnixServerOptions {
  /** Each reader's buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
}

/**
 * Starts a Unix socket server on `path` calling `clientConnectedCb(reader, writer)` for each
 * connection, as Python's `asyncio.start_unix_server(cb, path, *, limit, ...)`.
 *
 * @example
 * ```ts
 * const server = await startUnixServer(async (reader, writer) => {
 *   writer.write(await reader.readline());
 *   writer.close();
 * }, "/tmp/app.sock");
 * ```
 */
export function startUnixServer(
  clientConnectedCb: ClientConnectedCallback,
  path?: string | null,
  options: StartUnixServerOptions = {},
): Future<Server> {
  const loop = getRunningLoop();
  const { limit = DEFAULT_LIMIT, ...serverOptions } = options;
  const factory = (): StreamReaderProtocol =>
    new StreamReaderProtocol(new StreamReader(limit, loop), clientConnectedCb, loop);
  return loop.createUnixServer(factory, path, serverOptions);
}
