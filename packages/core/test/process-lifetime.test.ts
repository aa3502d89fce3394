// run() and Runner.run() hold the process as Python's blocking run does, and Ctrl-C ends it as
// Python's does. Each case is a whole Node process: what matters is how the process ends.
import { startProgram } from "asyncio-ts-test-support";
import { describe, expect, it } from "vitest";

const WAIT_FOR_SIGTERM = `
import { getRunningLoop, run } from "@asyncio-ts/core";
await run(async () => {
  const loop = getRunningLoop();
  const stop = loop.createFuture();
  loop.addSignalHandler("SIGTERM", () => stop.setResult("SIGTERM"));
  try {
    console.log("ready");
    console.log("stopped by", await stop);
  } finally {
    console.log("finally");
  }
});
console.log("after run");
`;

describe.skipIf(process.platform === "win32")("process lifetime", () => {
  it("run() keeps the process alive until main ends: a main waiting for SIGTERM gets it and runs its finally", async () => {
    const program = startProgram(WAIT_FOR_SIGTERM);
    await program.printed("ready\n");
    program.child.kill("SIGTERM");
    expect(await program.exit).toEqual({ code: 0, signal: null });
    expect(program.output).toEqual({ stdout: "ready\nstopped by SIGTERM\nfinally\nafter run\n", stderr: "" });
  });

  it("Runner.run() keeps the process alive too, and close() after it", async () => {
    const program = startProgram(`
      import { Runner, getRunningLoop } from "@asyncio-ts/core";
      const runner = new Runner();
      const first = await runner.run(async () => {
        const loop = getRunningLoop();
        const stop = loop.createFuture();
        loop.addSignalHandler("SIGTERM", () => stop.setResult("first"));
        console.log("ready");
        return await stop;
      });
      console.log(first);
      await runner.close();
      console.log("closed");
    `);
    await program.printed("ready\n");
    program.child.kill("SIGTERM");
    expect(await program.exit).toEqual({ code: 0, signal: null });
    expect(program.output).toEqual({ stdout: "ready\nfirst\nclosed\n", stderr: "" });
  });

  it("a program whose main ended exits by itself, its leftover tasks cancelled", async () => {
    const program = startProgram(`
      import { createTask, getRunningLoop, run } from "@asyncio-ts/core";
      const result = await run(async () => {
        const never = getRunningLoop().createFuture();
        createTask(async () => {
          try {
            await never;
          } finally {
            console.log("leftover cancelled");
          }
        });
        await null;
        return "main done";
      });
      console.log(result);
    `);
    expect(await program.exit).toEqual({ code: 0, signal: null });
    expect(program.output).toEqual({ stdout: "leftover cancelled\nmain done\n", stderr: "" });
  });

  it("Ctrl-C: main is cancelled and cleans up, then an uncaught KeyboardInterrupt ends the process by SIGINT", async () => {
    const program = startProgram(`
      import { getRunningLoop, run } from "@asyncio-ts/core";
      await run(async () => {
        try {
          console.log("ready");
          await getRunningLoop().createFuture();
        } catch (error) {
          console.log("main got", error.name);
          throw error;
        } finally {
          console.log("cleanup");
        }
      });
      console.log("not reached");
    `);
    await program.printed("ready\n");
    program.child.kill("SIGINT");
    // Python re-raises SIGINT with its default disposition: shells show status 130.
    expect(await program.exit).toEqual({ code: null, signal: "SIGINT" });
    expect(program.output.stdout).toBe("ready\nmain got CancelledError\ncleanup\n");
    expect(program.output.stderr).toMatch(/^KeyboardInterrupt/m);
  });

  it("Ctrl-C: a program that catches the KeyboardInterrupt goes on and exits normally", async () => {
    const program = startProgram(`
      import { KeyboardInterrupt, getRunningLoop, run } from "@asyncio-ts/core";
      try {
        await run(async () => {
          console.log("ready");
          await getRunningLoop().createFuture();
        });
      } catch (error) {
        console.log("caught", error instanceof KeyboardInterrupt);
      }
    `);
    await program.printed("ready\n");
    program.child.kill("SIGINT");
    expect(await program.exit).toEqual({ code: 0, signal: null });
    expect(program.output).toEqual({ stdout: "ready\ncaught true\n", stderr: "" });
  });

  it("an unhandled rejection of run() with KeyboardInterrupt ends the process by SIGINT too", async () => {
    const program = startProgram(`
      import { getRunningLoop, run } from "@asyncio-ts/core";
      run(async () => {
        console.log("ready");
        await getRunningLoop().createFuture();
      });
    `);
    await program.printed("ready\n");
    program.child.kill("SIGINT");
    expect(await program.exit).toEqual({ code: null, signal: "SIGINT" });
  });

  it("other uncaught errors keep Node's handling (status 1)", async () => {
    const program = startProgram(`
      import { run, ValueError } from "@asyncio-ts/core";
      await run(async () => {
        throw new ValueError("bad");
      });
    `);
    expect(await program.exit).toEqual({ code: 1, signal: null });
    expect(program.output.stderr).toContain("ValueError: bad");
  });

  it("prints, as Python, the exception of a task nobody awaited, with its stack, once", async () => {
    const program = startProgram(`
      import { createTask, run, sleep, RuntimeError } from "@asyncio-ts/core";
      await run(async () => {
        createTask(async function failing() {
          throw new RuntimeError("lost");
        }, { name: "lost-task" });
        await sleep(0);
      });
      globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 20));
      console.log("done");
    `);
    expect(await program.exit).toEqual({ code: 0, signal: null });
    expect(program.output.stdout).toBe("done\n");
    const lines = program.output.stderr.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "Task exception was never retrieved",
      'future: <Task finished name="lost-task" coro=<failing()> exception=RuntimeError("lost")>',
      "RuntimeError: lost",
    ]);
    expect(lines[3]).toMatch(/^ {4}at failing /);
    expect(program.output.stderr.match(/never retrieved/g)).toHaveLength(1);
  });

  it("debug mode reports a loop idle with main pending, naming what main awaits", async () => {
    const program = startProgram(`
      import { createTask, getRunningLoop, run, setWaitDescription } from "@asyncio-ts/core";
      await run(async () => {
        const loop = getRunningLoop();
        loop.slowCallbackDuration = 0.01;
        const stop = setWaitDescription(loop.createFuture(), "the stop signal");
        loop.addSignalHandler("SIGTERM", () => stop.setResult());
        const worker = createTask(() => stop, { name: "worker" });
        console.log("ready");
        await worker;
      }, { debug: true });
      console.log("done");
    `);
    // Only once reported does the program get its signal: no assumption about how long it took.
    await program.printed("Event loop idle for", "stderr");
    program.child.kill("SIGTERM");
    expect(await program.exit).toEqual({ code: 0, signal: null });
    expect(program.output.stdout).toBe("ready\nClose <EventLoop running=false closed=false debug=true>\ndone\n");
    const report = program.output.stderr.split("\n").find((line) => line.startsWith("Event loop idle for"));
    expect(report).toMatch(
      /^Event loop idle for \d+\.\d{3} seconds with nothing scheduled while <Task pending name="Task-1" .*> is pending: it awaits Task\(name='worker'\) -> the stop signal$/,
    );
  });
});
