// A small HTTP/1.1 server on asyncio-ts streams: persistent connections (keep-alive),
// Content-Length bodies, `Connection: close`, and 400/404/405 answers. Each connection is one
// task that reads requests with `readuntil("\r\n\r\n")` and `readexactly(length)`.
//
// Run it in a project that has @asyncio-ts/core and @asyncio-ts/streams installed
// (before the first release, from a clone: docs/getting-started.md, "Install from a clone"). tsx
// runs TypeScript on Node 20 and later, fetched by npx; or compile with tsc and run the .js.
//
//     npx tsx http-server.ts 8080
//     curl -v http://127.0.0.1:8080/hello?name=asyncio
//     curl -d 'some data' http://127.0.0.1:8080/echo
//
// In this repository, packages/streams/test/examples.test.ts runs it and fetches from it with
// curl.
import { pathToFileURL } from "node:url";
import {
  IncompleteReadError,
  LimitOverrunError,
  run,
  type Server,
  type StreamReader,
  type StreamWriter,
} from "@asyncio-ts/core";
import { startServer } from "@asyncio-ts/streams";

/** A parsed request. */
export interface Request {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: Map<string, string>;
  readonly body: Buffer;
}

const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
};

function respond(
  writer: StreamWriter,
  status: number,
  body: string,
  close: boolean,
  contentType = "text/plain; charset=utf-8",
): void {
  const payload = Buffer.from(body);
  const head = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${payload.length}`,
    `Connection: ${close ? "close" : "keep-alive"}`,
    "Server: asyncio-ts",
    "",
    "",
  ].join("\r\n");
  writer.writelines([Buffer.from(head), payload]);
}

/** Reads one request; `null` when the client closed the connection between requests. */
async function readRequest(reader: StreamReader): Promise<Request | null> {
  let head: Buffer;
  try {
    head = await reader.readuntil("\r\n\r\n");
  } catch (error) {
    if (error instanceof IncompleteReadError && error.partial.length === 0) return null;
    throw error;
  }
  const [requestLine = "", ...headerLines] = head.toString("latin1").slice(0, -4).split("\r\n");
  const [method, target, version] = requestLine.split(" ");
  if (method === undefined || target === undefined || version === undefined || !version.startsWith("HTTP/1."))
    throw new Error("malformed request line");
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error("malformed header");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const length = Number(headers.get("content-length") ?? 0);
  if (!Number.isInteger(length) || length < 0) throw new Error("bad Content-Length");
  const body = length > 0 ? await reader.readexactly(length) : Buffer.alloc(0);
  return { method, target, version, headers, body };
}

/** The application: what each path answers. */
export function route(request: Request): [number, string] {
  const url = new URL(request.target, "http://localhost");
  if (url.pathname === "/hello" && request.method === "GET")
    return [200, `Hello, ${url.searchParams.get("name") ?? "world"}!\n`];
  if (url.pathname === "/echo")
    return request.method === "POST" ? [200, request.body.toString()] : [405, "POST only\n"];
  return [404, `No ${url.pathname} here\n`];
}

/** One connection: requests one after another until either side wants to close. */
export async function handleConnection(reader: StreamReader, writer: StreamWriter): Promise<void> {
  try {
    for (;;) {
      let request: Request | null;
      try {
        request = await readRequest(reader);
      } catch (error) {
        const status = error instanceof LimitOverrunError ? 413 : 400;
        respond(writer, status, `${REASONS[status]}\n`, true);
        break;
      }
      if (request === null) break;
      const close = request.headers.get("connection")?.toLowerCase() === "close" || request.version === "HTTP/1.0";
      const [status, body] = route(request);
      respond(writer, status, body, close);
      await writer.drain();
      if (close) break;
    }
  } finally {
    writer.close();
    try {
      await writer.waitClosed();
    } catch {
      // The client went away (a reset): nothing left to do.
    }
  }
}

export function startHttpServer(host = "127.0.0.1", port = 8080): PromiseLike<Server> {
  return startServer(handleConnection, host, port);
}

export async function main(argv: readonly string[]): Promise<void> {
  await run(async () => {
    const server = await startHttpServer("127.0.0.1", Number(argv[0] ?? 8080));
    const [host, port] = server.sockets[0]!.getsockname() as [string, number];
    console.log(`Serving HTTP on http://${host}:${port}/`);
    await server.with(() => server.serveForever());
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
