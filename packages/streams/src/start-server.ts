import {
  DEFAULT_LIMIT,
  getRunningLoop,
  StreamReader,
  StreamReaderProtocol,
  type ClientConnectedCallback,
  type CreateServerOptions,
  type Future,
  type Server,
} from "@asyncio-ts/core";

/** Options of {@link startServer}: `limit` plus every option of `loop.createServer()`. */
export interface StartServerOptions extends CreateServerOptions {
  /** Each reader's buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
}

/**
 * Starts a TCP server (TLS with `ssl`) calling `clientConnectedCb(reader, writer)` for each
 * connection, as Python's `asyncio.start_server(cb, host, port, *, limit, ssl, backlog, ...)`.
 * An async callback runs in its own Task; an error it throws goes to the loop's exception
 * handler. Port 0 binds an ephemeral port: read it from `server.sockets[0].getsockname()`.
 *
 * @example
 * ```ts
 * const server = await startServer(async (reader, writer) => {
 *   for await (const line of reader) writer.write(line);
 *   writer.close();
 * }, "127.0.0.1", 8888);
 * await server.with(() => server.serveForever());
 * ```
 */
export function startServer(
  clientConnectedCb: ClientConnectedCallback,
  host?: string | readonly string[] | null,
  port?: number | string | null,
  options: StartServerOptions = {},
): Future<Server> {
  const loop = getRunningLoop();
  const { limit = DEFAULT_LIMIT, ...serverOptions } = options;
  const factory = (): StreamReaderProtocol =>
    new StreamReaderProtocol(new StreamReader(limit, loop), clientConnectedCb, loop);
  return loop.createServer(factory, host, port, serverOptions);
}
