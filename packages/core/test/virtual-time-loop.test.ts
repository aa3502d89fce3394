// VirtualTimeLoop: the clock jumps to the next timer when nothing else can run, and follows
// real time while an operation of the loop or a foreign await is under way.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ConnectionRefusedError,
  DatagramProtocol,
  Protocol,
  EventLoop,
  Runner,
  VirtualTimeLoop,
  createTask,
  getRunningLoop,
  run,
  sleep,
  ValueError,
} from "../src/index.js";
import { waitFor } from "asyncio-ts-test-support";

const virtual = { loopFactory: () => new VirtualTimeLoop() };

describe("VirtualTimeLoop", () => {
  it("is an EventLoop whose clock starts at 0", () => {
    const loop = new VirtualTimeLoop();
    expect(loop).toBeInstanceOf(EventLoop);
    expect(loop.time()).toBe(0);
    expect(String(loop)).toBe("<VirtualTimeLoop running=false closed=false debug=false time=0>");
    loop.close();
  });

  it("an await left behind in a Promise.all, resuming after its task ended, leaves the clock free to jump", async () => {
    const [foreignSteps, advanced] = await run(async () => {
      const loop = getRunningLoop();
      const failing = loop.createFuture<number>();
      const late = loop.createFuture<number>();
      const task = createTask(async () => {
        try {
          await Promise.all([failing, late]);
          return "both";
        } catch {
          return "left behind";
        }
      });
      await sleep(0);
      failing.setException(new ValueError("no"));
      expect(await task).toBe("left behind");
      late.setResult(1);
      await sleep(0);
      await sleep(0);
      // A step counted for the ended task would stay foreign for ever: the clock would follow real time.
      if (loop._foreignSteps !== 0) return [loop._foreignSteps, 0];
      const start = loop.time();
      await sleep(3600);
      return [loop._foreignSteps, loop.time() - start];
    }, virtual);
    expect(foreignSteps).toBe(0);
    expect(advanced).toBe(3600);
  });

  it("sleeps an hour at once, the clock advanced by exactly 3600 seconds", async () => {
    const [before, after] = await run(async () => {
      const loop = getRunningLoop();
      const start = loop.time();
      await sleep(3600);
      return [start, loop.time()];
    }, virtual);
    expect(after - before).toBe(3600);
  });

  it("stands still while callbacks run, however long they take", async () => {
    const times = await run(async () => {
      const loop = getRunningLoop();
      const start = loop.time();
      const until = Date.now() + 20;
      while (Date.now() < until) {
        // busy: real time passes, virtual time does not
      }
      await sleep(0);
      return [start, loop.time()];
    }, virtual);
    expect(times[1]).toBe(times[0]);
  });

  it("fires timers in deadline order, ties in scheduling order, each at its own time", async () => {
    const fired = await run(async () => {
      const loop = getRunningLoop();
      const seen: Array<[string, number]> = [];
      const done = loop.createFuture<void>();
      const note = (label: string): void => void seen.push([label, loop.time()]);
      loop.callLater(30, note, "c");
      loop.callLater(10, note, "a");
      loop.callLater(20, note, "b1");
      loop.callLater(20, note, "b2");
      loop.callAt(loop.time() + 5, note, "first");
      loop.callLater(1000, () => done.setResult());
      loop.callLater(25, () => loop.callLater(1, note, "nested at 26"));
      await done;
      return seen;
    }, virtual);
    expect(fired).toEqual([
      ["first", 5],
      ["a", 10],
      ["b1", 20],
      ["b2", 20],
      ["nested at 26", 26],
      ["c", 30],
    ]);
  });

  it("orders sleeping tasks by their virtual deadlines, not by when they started", async () => {
    const order = await run(async () => {
      const seen: string[] = [];
      const tasks = [
        ["slow", 0.3],
        ["fast", 0.1],
        ["middle", 0.2],
      ].map(([name, delay]) =>
        createTask(async () => {
          await sleep(delay as number);
          seen.push(`${name} at ${getRunningLoop().time().toFixed(1)}`);
        }),
      );
      for (const task of tasks) await task;
      return seen;
    }, virtual);
    expect(order).toEqual(["fast at 0.1", "middle at 0.2", "slow at 0.3"]);
  });

  it("fires a deadline at its virtual time: a timeout cancels the slower work", async () => {
    const outcome = await run(async () => {
      const loop = getRunningLoop();
      const error = await waitFor(() => sleep(7200), 60).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      return [error, loop.time()];
    }, virtual);
    expect((outcome[0] as Error).name).toBe("TimeoutError");
    expect(outcome[1]).toBe(60);
  });

  it("cancels a sleeping task at the virtual time of the canceller", async () => {
    const [error, time] = await run(async () => {
      const loop = getRunningLoop();
      const sleeper = createTask(() => sleep(100));
      loop.callLater(3, () => sleeper.cancel());
      const caught = await sleeper.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      return [caught, loop.time()];
    }, virtual);
    expect(error).toBeInstanceOf(CancelledError);
    expect(time).toBe(3);
  });

  it("does not jump while a task awaits a foreign promise: its timer waits for real time", async () => {
    const [order, time] = await run(async () => {
      const loop = getRunningLoop();
      const seen: string[] = [];
      loop.callLater(0.05, () => seen.push("timer at 0.05"));
      const foreign = createTask(async () => {
        // A real 150 ms: had the clock jumped, the timer would fire before it settled.
        await new Promise((resolve) => setTimeout(resolve, 150));
        seen.push("foreign settled");
      });
      await foreign;
      await sleep(10);
      seen.push("slept 10 more");
      return [seen, loop.time()];
    }, virtual);
    expect(order).toEqual(["timer at 0.05", "foreign settled", "slept 10 more"]);
    // Real time passed during the foreign await, then 10 jumped seconds.
    expect(time).toBeGreaterThan(10);
  });

  it("jumps again once the foreign await is over", async () => {
    const time = await run(async () => {
      const loop = getRunningLoop();
      await createTask(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        await sleep(3600);
      });
      return loop.time();
    }, virtual);
    expect(time).toBeGreaterThanOrEqual(3600);
    expect(time).toBeLessThan(3600 + 60); // a safety net: a real hour would have timed out long before
  });

  it("does not jump past a worker thread's call", async () => {
    const [order] = await run(async () => {
      const loop = getRunningLoop();
      const seen: string[] = [];
      loop.callLater(0.01, () => seen.push("timer"));
      const result = await loop.runInExecutor(
        null,
        (milliseconds: number) => {
          const until = Date.now() + milliseconds;
          while (Date.now() < until) {
            // the worker is busy in real time
          }
          return "worker done";
        },
        100,
      );
      seen.push(result);
      return [seen];
    }, virtual);
    expect(order).toEqual(["timer", "worker done"]);
  });

  it("advanceTime moves the clock at once, as if a callback had taken that long", async () => {
    const seen = await run(async () => {
      const loop = getRunningLoop() as VirtualTimeLoop;
      const order: string[] = [];
      loop.callLater(5, () => order.push(`timer at ${loop.time()}`));
      loop.callSoon(() => {
        loop.advanceTime(7);
        order.push(`callback until ${loop.time()}`);
      });
      await sleep(0); // the callback runs in this iteration
      await sleep(0); // the timer is due in the next one, after this wake-up
      await sleep(0);
      order.push(`after at ${loop.time()}`);
      expect(() => loop.advanceTime(-1)).toThrow(ValueError);
      expect(() => loop.advanceTime(Number.NaN)).toThrow(TypeError);
      return order;
    }, virtual);
    expect(seen).toEqual(["callback until 7", "timer at 7", "after at 7"]);
  });

  it("jumps again after a refused connect, a name lookup and a closed UDP endpoint: nothing stays counted", async () => {
    const [refused, elapsed] = await run(async () => {
      const loop = getRunningLoop();
      const server = await loop.createServer(() => new Protocol(), "127.0.0.1", 0);
      const port = (server.sockets[0]?.getsockname() as [string, number])[1];
      server.close();
      await server.waitClosed();
      const error = await loop
        .createConnection(() => new Protocol(), "127.0.0.1", port)
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      await loop.getaddrinfo("localhost", 80);
      const [transport] = await loop.createDatagramEndpoint(() => new DatagramProtocol(), {
        localAddr: ["127.0.0.1", 0],
      });
      transport.close();
      await sleep(0);
      const before = loop.time();
      await sleep(3600); // a count left behind would make this a real hour
      return [error, loop.time() - before];
    }, virtual);
    expect(refused).toBeInstanceOf(ConnectionRefusedError);
    expect(elapsed).toBe(3600);
  });

  it("serves a Runner's runs one after another on the same clock", async () => {
    const runner = new Runner(virtual);
    try {
      await runner.run(() => sleep(10));
      await runner.run(() => sleep(5));
      expect(runner.getLoop().time()).toBe(15);
    } finally {
      await runner.close();
    }
  });
});
