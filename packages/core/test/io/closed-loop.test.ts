// A closed loop's methods raise RuntimeError('Event loop is closed') before touching the OS:
// no socket bound, no process spawned, no name looked up. Methods Python writes as coroutines
// return a Future already failed with it (Python raises when the coroutine is awaited); plain
// methods throw it.
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createNodeServer, type Server as NodeServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import {
  DatagramProtocol,
  type EventLoop,
  type Future,
  newEventLoop,
  Protocol,
  RuntimeError,
  SubprocessProtocol,
} from "../../src/index.js";

const directory = mkdtempSync(join(tmpdir(), "asyncio-ts-closed-loop-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function closedLoop(): EventLoop {
  const loop = newEventLoop();
  loop.close();
  return loop;
}

/** The future is already done, failed with RuntimeError('Event loop is closed'). */
function expectClosedFailure(future: Future<unknown>): void {
  expect(future.done()).toBe(true);
  const error = future.exception();
  expect(error).toBeInstanceOf(RuntimeError);
  expect((error as Error).message).toBe("Event loop is closed");
}

/** A TCP port that nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createNodeServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Listening on `port` works: nobody bound it. */
async function expectPortFree(port: number): Promise<void> {
  const server: NodeServer = createNodeServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  await new Promise((resolve) => server.close(resolve));
}

describe("a closed loop's methods", () => {
  it("createServer binds nothing", async () => {
    const port = await freePort();
    const future = closedLoop().createServer(() => new Protocol(), "127.0.0.1", port);
    expectClosedFailure(future);
    await expectPortFree(port);
  });

  it("createUnixServer creates no socket file", () => {
    const path = join(directory, "server.sock");
    expectClosedFailure(closedLoop().createUnixServer(() => new Protocol(), path));
    expect(existsSync(path)).toBe(false);
  });

  it("createConnection and createUnixConnection connect nowhere", async () => {
    let connections = 0;
    const server = createNodeServer(() => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const loop = closedLoop();
    expectClosedFailure(loop.createConnection(() => new Protocol(), "127.0.0.1", port));
    expectClosedFailure(loop.createUnixConnection(() => new Protocol(), join(directory, "nobody.sock")));
    await new Promise((resolve) => server.close(resolve));
    expect(connections).toBe(0);
  });

  it("createDatagramEndpoint binds nothing", async () => {
    const probe = createSocket("udp4");
    await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve));
    const { port } = probe.address();
    probe.close();
    expectClosedFailure(closedLoop().createDatagramEndpoint(() => new DatagramProtocol(), ["127.0.0.1", port]));
    const again = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      again.once("error", reject);
      again.bind(port, "127.0.0.1", resolve);
    });
    again.close();
  });

  it("getaddrinfo looks nothing up, not even a numeric address", () => {
    const loop = closedLoop();
    expectClosedFailure(loop.getaddrinfo("localhost", 80));
    expectClosedFailure(loop.getaddrinfo("127.0.0.1", 80));
  });

  it("subprocessExec and subprocessShell spawn nothing", () => {
    const marker = join(directory, "spawned");
    const loop = closedLoop();
    expectClosedFailure(loop.subprocessExec(() => new SubprocessProtocol(), "touch", marker));
    expectClosedFailure(loop.subprocessShell(() => new SubprocessProtocol(), `touch ${marker}`));
    // A spawn, had one started, would have created the file by the time the future settled;
    // here the futures were failed synchronously, before any spawn.
    expect(existsSync(marker)).toBe(false);
  });

  it("connectReadPipe and connectWritePipe do not read or write the pipe", () => {
    const loop = closedLoop();
    const readable = new PassThrough();
    const writable = new PassThrough();
    expectClosedFailure(loop.connectReadPipe(() => new Protocol(), readable));
    expectClosedFailure(loop.connectWritePipe(() => new Protocol(), writable));
    expect(readable.listenerCount("data")).toBe(0);
    expect(writable.listenerCount("drain")).toBe(0);
  });

  it("the plain methods throw: callSoon, callLater, callAt, callSoonThreadsafe, createTask, runInExecutor, addSignalHandler", () => {
    const loop = closedLoop();
    const calls: Array<() => unknown> = [
      () => loop.callSoon(() => {}),
      () => loop.callLater(1, () => {}),
      () => loop.callAt(loop.time() + 1, () => {}),
      () => loop.callSoonThreadsafe(() => {}),
      () => loop.createTask(async () => {}),
      () => loop.runInExecutor(null, () => 1),
      () => loop.addSignalHandler("SIGUSR2", () => {}),
    ];
    for (const call of calls) expect(call).toThrow(new RuntimeError("Event loop is closed"));
    expect(process.listenerCount("SIGUSR2")).toBe(0);
  });

  it("running it fails with the same error", async () => {
    const loop = closedLoop();
    await expect(loop.runForever()).rejects.toThrow(new RuntimeError("Event loop is closed"));
    await expect(loop.runUntilComplete(async () => {})).rejects.toThrow(new RuntimeError("Event loop is closed"));
  });

  it("a failed future is awaitable: the coroutine methods raise when awaited, as Python's", async () => {
    const loop = closedLoop();
    await expect(loop.getaddrinfo("localhost", 80)).rejects.toThrow(new RuntimeError("Event loop is closed"));
  });
});
