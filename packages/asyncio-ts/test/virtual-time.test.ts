// VirtualTimeLoop with the whole library: deadlines of waitFor and timeout at their virtual
// time, and real socket and subprocess I/O completing before any jump.
import { describe, expect, it } from "vitest";
import {
  PIPE,
  TimeoutError,
  VirtualTimeLoop,
  createSubprocessExec,
  createTask,
  gather,
  getRunningLoop,
  run,
  sleep,
  startServer,
  openConnection,
  timeout,
  waitFor,
  type StreamReader,
  type StreamWriter,
} from "../src/index.js";

const virtual = { loopFactory: () => new VirtualTimeLoop() };

async function failure(work: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("VirtualTimeLoop with the library", () => {
  it("is exported by the umbrella", () => {
    expect(new VirtualTimeLoop().time()).toBe(0);
  });

  it("fires a waitFor deadline at its virtual time", async () => {
    const [error, time] = await run(async () => {
      const caught = await failure(() => waitFor(sleep(3600), 90));
      return [caught, getRunningLoop().time()];
    }, virtual);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(time).toBe(90);
  });

  it("fires nested timeout deadlines in order, each at its own virtual time", async () => {
    const steps = await run(async () => {
      const loop = getRunningLoop();
      const seen: string[] = [];
      const outer = await failure(() =>
        timeout(100).with(async () => {
          const inner = await failure(() => timeout(10).with(() => sleep(1000)));
          seen.push(`inner ${(inner as Error).name} at ${loop.time()}`);
          await sleep(1000);
        }),
      );
      seen.push(`outer ${(outer as Error).name} at ${loop.time()}`);
      return seen;
    }, virtual);
    expect(steps).toEqual(["inner TimeoutError at 10", "outer TimeoutError at 100"]);
  });

  it("lets work that finishes first win against a deadline, whatever the machine's speed", async () => {
    const results = await run(async () => {
      const work = (seconds: number, value: string) => async () => {
        await sleep(seconds);
        return value;
      };
      return gather(waitFor(createTask(work(0.999, "in time")), 1), waitFor(createTask(work(1.001, "late")), 1), {
        returnExceptions: true,
      });
    }, virtual);
    expect(results[0]).toBe("in time");
    expect(results[1]).toBeInstanceOf(TimeoutError);
  });

  it("completes a TCP echo before a deadline that only real I/O could miss", async () => {
    const [echoed, afterwards] = await run(async () => {
      const loop = getRunningLoop();
      const server = await startServer(
        async (reader: StreamReader, writer: StreamWriter) => {
          const line = await reader.readline();
          writer.write(line);
          await writer.drain();
          writer.close();
          await writer.waitClosed();
        },
        "127.0.0.1",
        0,
      );
      const [, port] = server.sockets[0]?.getsockname() as [string, number];
      const [reader, writer] = await openConnection("127.0.0.1", port);
      writer.write(new TextEncoder().encode("hello\n"));
      // With the connection open the clock follows real time: the echo arrives first.
      const line = await waitFor(reader.readline(), 30);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
      const before = loop.time();
      await sleep(3600); // nothing is open any more: this jumps
      return [new TextDecoder().decode(line), loop.time() - before];
    }, virtual);
    expect(echoed).toBe("hello\n");
    expect(afterwards).toBe(3600);
  });

  it("completes a subprocess's output and exit before a deadline", async () => {
    const [output, code, afterwards] = await run(async () => {
      const loop = getRunningLoop();
      const child = await createSubprocessExec(
        process.execPath,
        "-e",
        "setTimeout(() => { process.stdout.write('done'); }, 200)",
        { stdout: PIPE },
      );
      const [stdout] = await waitFor(child.communicate(), 30);
      const returncode = await child.wait();
      const before = loop.time();
      await sleep(3600);
      return [new TextDecoder().decode(stdout as Uint8Array), returncode, loop.time() - before];
    }, virtual);
    expect(output).toBe("done");
    expect(code).toBe(0);
    expect(afterwards).toBe(3600);
  });

  it("keeps a short timer behind a subprocess that outlives it in real time", async () => {
    const order = await run(async () => {
      const loop = getRunningLoop();
      const seen: string[] = [];
      loop.callLater(0.01, () => seen.push("timer at 0.01"));
      const child = await createSubprocessExec(process.execPath, "-e", "setTimeout(() => {}, 300)");
      await child.wait();
      seen.push("child exited");
      return seen;
    }, virtual);
    expect(order).toEqual(["timer at 0.01", "child exited"]);
  });

  it("waits for a foreign promise a task awaits under a deadline, and the deadline still holds", async () => {
    const [value, error] = await run(async () => {
      const quick = await waitFor(
        createTask(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return "foreign settled";
        }),
        5,
      );
      const slow = await failure(() =>
        waitFor(
          createTask(async () => {
            await new Promise((resolve) => setTimeout(resolve, 100));
            await sleep(3600);
          }),
          60,
        ),
      );
      return [quick, slow];
    }, virtual);
    expect(value).toBe("foreign settled");
    expect(error).toBeInstanceOf(TimeoutError);
  });
});
