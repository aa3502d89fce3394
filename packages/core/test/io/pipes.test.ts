// Pipes: CPython's test_events.py test_read_pipe, test_write_pipe and
// test_write_pipe_disconnect_on_close, over a child process's stdout and stdin.
import { spawn } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BaseProtocol,
  FlowControlMixin,
  Future as FutureClass,
  getRunningLoop,
  Protocol,
  type ReadTransport,
  run,
  sleep,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
  ValueError,
  type WriteTransport,
  type Future,
} from "../../src/index.js";
import { enc, tempDir } from "./helpers.js";

class MyReadPipeProto extends Protocol {
  state: string[] = ["INITIAL"];
  nbytes = 0;
  transport: ReadTransport | undefined;
  done: Future<void> = getRunningLoop().createFuture();
  override connectionMade(transport: ReadTransport): void {
    this.transport = transport;
    expect(this.state).toEqual(["INITIAL"]);
    this.state.push("CONNECTED");
  }
  override dataReceived(data: Uint8Array): void {
    expect(this.state).toEqual(["INITIAL", "CONNECTED"]);
    this.nbytes += data.length;
  }
  override eofReceived(): void {
    expect(this.state).toEqual(["INITIAL", "CONNECTED"]);
    this.state.push("EOF");
  }
  override connectionLost(): void {
    if (!this.state.includes("EOF")) this.state.push("EOF");
    this.state.push("CLOSED");
    this.done.setResult(undefined);
  }
}

class MyWritePipeProto extends BaseProtocol {
  state = "INITIAL";
  transport: WriteTransport | undefined;
  lostWith: unknown = "not yet";
  done: Future<void> = getRunningLoop().createFuture();
  override connectionMade(transport: WriteTransport): void {
    expect(this.state).toBe("INITIAL");
    this.transport = transport;
    this.state = "CONNECTED";
  }
  override connectionLost(exc: unknown): void {
    expect(this.state).toBe("CONNECTED");
    this.state = "CLOSED";
    this.lostWith = exc;
    this.done.setResult(undefined);
  }
}

describe("pipes", () => {
  it("connectReadPipe: data as it comes, then EOF and connectionLost", async () => {
    // The child prints 1, waits for a line on stdin, prints 2345 and exits.
    const child = spawn("sh", ["-c", "printf 1; read line; printf 2345"], { stdio: ["pipe", "pipe", "ignore"] });
    await run(async () => {
      const loop = getRunningLoop();
      const proto = new MyReadPipeProto();
      const [transport, returned] = await loop.connectReadPipe(() => proto, child.stdout!);
      expect(returned).toBe(proto);
      expect(transport).toBe(proto.transport);
      expect(proto.state).toEqual(["INITIAL", "CONNECTED"]);
      expect(proto.nbytes).toBe(0);
      while (proto.nbytes < 1) await sleep(0.001);
      expect(proto.nbytes).toBe(1);
      child.stdin!.write("go\n");
      await proto.done;
      expect(proto.nbytes).toBe(5);
      expect(proto.state).toEqual(["INITIAL", "CONNECTED", "EOF", "CLOSED"]);
      expect(transport.getExtraInfo("pipe")).toBe(child.stdout);
    });
  });

  it("a read pipe can be paused and resumed", async () => {
    const child = spawn("sh", ["-c", "printf abc; read line; printf def"], { stdio: ["pipe", "pipe", "ignore"] });
    await run(async () => {
      const loop = getRunningLoop();
      const proto = new MyReadPipeProto();
      const [transport] = await loop.connectReadPipe(() => proto, child.stdout!);
      while (proto.nbytes < 3) await sleep(0.001);
      transport.pauseReading();
      expect(transport.isReading()).toBe(false);
      child.stdin!.write("go\n");
      await sleep(0.05);
      expect(proto.nbytes).toBe(3);
      transport.resumeReading();
      await proto.done;
      expect(proto.nbytes).toBe(6);
    });
  });

  it("connectWritePipe: writes reach the reader; close() ends with connectionLost(null)", async () => {
    const child = spawn("cat", [], { stdio: ["pipe", "pipe", "ignore"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let echoed = "";
    child.stdout!.on("data", (data) => (echoed += data));
    await run(async () => {
      const loop = getRunningLoop();
      const proto = new MyWritePipeProto();
      const [transport, returned] = await loop.connectWritePipe(() => proto, child.stdin!);
      expect(returned).toBe(proto);
      expect(transport).toBe(proto.transport);
      expect(proto.state).toBe("CONNECTED");
      expect(transport.canWriteEof()).toBe(true);
      transport.write(enc("1"));
      while (echoed.length < 1) await sleep(0.001);
      expect(echoed).toBe("1");
      transport.write(enc("2345"));
      while (echoed.length < 5) await sleep(0.001);
      expect(echoed).toBe("12345");
      expect(() => transport.write(5 as never)).toThrow(TypeError);
      expect(transport.getExtraInfo("pipe")).toBe(child.stdin);
      transport.close();
      await proto.done;
      expect(proto.state).toBe("CLOSED");
      expect(proto.lostWith).toBeNull();
    });
    await exited;
  });

  it("a write pipe whose reader goes away is lost (test_write_pipe_disconnect_on_close)", async () => {
    const child = spawn("sh", ["-c", "exit 0"], { stdio: ["pipe", "ignore", "ignore"] });
    await new Promise((resolve) => child.once("exit", resolve));
    await run(async () => {
      const loop = getRunningLoop();
      const proto = new MyWritePipeProto();
      const [transport] = await loop.connectWritePipe(() => proto, child.stdin!);
      transport.write(Buffer.alloc(1024 * 1024));
      await proto.done;
      expect(proto.state).toBe("CLOSED");
    });
  });

  it("StreamReader and StreamWriter work over pipe transports (what subprocess builds on)", async () => {
    const child = spawn("sh", ["-c", 'while read line; do echo "got $line"; done'], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    await run(async () => {
      const loop = getRunningLoop();
      const reader = new StreamReader(16, loop);
      await loop.connectReadPipe(() => new StreamReaderProtocol(reader, null, loop), child.stdout!);
      class WriteSide extends FlowControlMixin {
        closed = new FutureClass<void>({ loop });
        override connectionLost(exc: unknown): void {
          super.connectionLost(exc);
          if (!this.closed.done()) this.closed.setResult(undefined);
        }
        override getCloseWaiter(): Future<void> {
          return this.closed;
        }
      }
      const [transport, protocol] = await loop.connectWritePipe(() => new WriteSide(loop), child.stdin!);
      const writer = new StreamWriter(transport, protocol, null, loop);
      writer.write(enc("one\ntwo\n"));
      await writer.drain();
      expect((await reader.readline()).toString()).toBe("got one\n");
      expect((await reader.readline()).toString()).toBe("got two\n");
      // A long line pauses the read pipe past twice the limit; reading resumes it.
      writer.write(enc(`${"x".repeat(100)}\n`));
      expect((await reader.readexactly(104)).toString()).toBe(`got ${"x".repeat(100)}`);
      expect((await reader.readline()).toString()).toBe("\n");
      writer.close();
      await writer.waitClosed();
      expect((await reader.read()).length).toBe(0);
      expect(reader.atEof()).toBe(true);
    });
  });

  it("a regular file is not a pipe", async () => {
    const path = join(tempDir(), "file.txt");
    writeFileSync(path, "x");
    const fd = openSync(path, "r");
    try {
      await run(async () => {
        await expect(getRunningLoop().connectReadPipe(() => new MyReadPipeProto(), fd)).rejects.toThrow(
          new ValueError("Pipe transport is for pipes/sockets only."),
        );
      });
    } finally {
      closeSync(fd);
    }
  });
});
