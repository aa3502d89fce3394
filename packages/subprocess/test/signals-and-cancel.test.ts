// CPython's test_subprocess.py: kill, terminate and send_signal with Python's return codes,
// and cancelling wait(), communicate() and the creation itself.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants } from "node:os";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, getRunningLoop, OSError, ProcessLookupError, run, sleep } from "@asyncio-ts/core";
import { createSubprocessExec, createSubprocessShell, PIPE } from "../src/index.js";
import { nodeProgram, PIPE_MAX_SIZE, PROGRAM_BLOCKED, text } from "./helpers.js";

const { SIGKILL, SIGTERM, SIGHUP } = constants.signals;

/** Whether a process with that id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("signals", () => {
  it("kill() gives -SIGKILL (test_kill)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED);
      proc.kill();
      expect(await proc.wait()).toBe(-SIGKILL);
      expect(proc.returncode).toBe(-9);
    });
  });

  it("terminate() gives -SIGTERM (test_terminate)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED);
      proc.terminate();
      expect(await proc.wait()).toBe(-SIGTERM);
    });
  });

  it("sendSignal() delivers the signal, by name or by number (test_send_signal)", async () => {
    await run(async () => {
      for (const signal of ["SIGHUP", SIGHUP] as const) {
        const proc = await createSubprocessExec(
          ...nodeProgram("console.log('sleeping'); setInterval(() => {}, 1000)"),
          { stdout: PIPE },
        );
        // Wait until the program is sleeping.
        expect(text(await proc.stdout!.readline())).toBe("sleeping\n");
        proc.sendSignal(signal);
        expect(await proc.wait()).toBe(-SIGHUP);
      }
    });
  });

  it("a handled signal gives the child's own exit status", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(
        ...nodeProgram(
          "process.on('SIGTERM', () => process.exit(3)); console.log('ready'); setInterval(() => {}, 1000)",
        ),
        { stdout: PIPE },
      );
      await proc.stdout!.readline();
      proc.terminate();
      expect(await proc.wait()).toBe(3);
    });
  });

  it("kills a shell whose child still holds the pipe (test_kill_issue43884)", async () => {
    await run(async () => {
      // Long enough that the kill comes while the shell runs, however loaded the machine.
      const proc = await createSubprocessShell("sleep 1; sleep 1", { stdout: PIPE });
      await sleep(0.05);
      proc.kill();
      expect(await proc.wait()).toBe(-SIGKILL);
    });
  });

  it("rejects an unknown signal number with OSError EINVAL, as os.kill", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED);
      expect(() => proc.sendSignal(999)).toThrow(OSError);
      expect(() => proc.sendSignal(999)).toThrow("[Errno 22] Invalid argument");
      proc.kill();
      await proc.wait();
    });
  });

  it("signals are ignored once the child exited, then ProcessLookupError once it was waited for (Python 3.12)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...nodeProgram(""));
      expect(await proc.wait()).toBe(0);
      expect(() => proc.kill()).toThrow(ProcessLookupError);
      expect(() => proc.terminate()).toThrow(ProcessLookupError);
      expect(() => proc.sendSignal("SIGTERM")).toThrow(ProcessLookupError);
      expect(proc.returncode).toBe(0);
    });
  });
});

describe("cancellation", () => {
  it("cancelling wait() leaves the process running and waitable (test_cancel_process_wait)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED);
      const task = createTask(() => proc.wait());
      getRunningLoop().callSoon(() => task.cancel());
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      task.cancel();
      expect(proc.returncode).toBe(null);
      expect(alive(proc.pid)).toBe(true);
      proc.kill();
      expect(await proc.wait()).toBe(-SIGKILL);
    });
  });

  it("CancelledError comes out of the await of wait() inside the cancelled task", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED);
      const steps: string[] = [];
      const task = createTask(async () => {
        try {
          await proc.wait();
          steps.push("returned");
        } catch (error) {
          steps.push(error instanceof CancelledError ? "cancelled at wait" : "other");
          throw error;
        }
      });
      await sleep(0.01);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(steps).toEqual(["cancelled at wait"]);
      proc.kill();
      expect(await proc.wait()).toBe(-SIGKILL);
    });
  });

  it("cancelling communicate() leaves the process running (and killable)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED, { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      const task = createTask(() => proc.communicate());
      await sleep(0.01);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(proc.returncode).toBe(null);
      expect(alive(proc.pid)).toBe(true);
      proc.kill();
      expect(await proc.wait()).toBe(-SIGKILL);
    });
  });

  it("cancelling communicate() while it feeds stdin leaves the pipes usable: a second communicate() finishes the job", async () => {
    await run(async () => {
      // Reads no stdin until SIGUSR1; then prints how much it read in all, at EOF.
      const code = [
        "process.stdin.pause();",
        "setInterval(() => {}, 1000);",
        "let n = 0;",
        "process.on('SIGUSR1', () => { process.stdin.on('data', (d) => (n += d.length)); process.stdin.on('end', () => { console.log(n); process.exit(0); }); process.stdin.resume(); });",
        "console.log('ready');",
      ].join(" ");
      const proc = await createSubprocessExec(...nodeProgram(code), { stdin: PIPE, stdout: PIPE });
      expect(text(await proc.stdout!.readline())).toBe("ready\n");
      const input = Buffer.alloc(PIPE_MAX_SIZE, 120);
      const task = createTask(() => proc.communicate(input));
      await sleep(0.01);
      // Stuck in stdin.drain(): the child reads nothing.
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(proc.returncode).toBe(null);
      expect(proc.stdin!.isClosing()).toBe(false);
      proc.sendSignal("SIGUSR1");
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe(`${PIPE_MAX_SIZE}\n`);
      expect(proc.returncode).toBe(0);
    });
  });

  it("cancelling the creation kills the child and reaps it (test_cancel_make_subprocess_transport_exec)", async () => {
    await run(async () => {
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const pidFile = join(folder, "pid");
        const code = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
        for (let attempt = 0; attempt < 3; attempt++) {
          const task = createTask(() => createSubprocessExec(...nodeProgram(code), { stdout: PIPE }));
          getRunningLoop().callSoon(() => task.cancel());
          await expect(task).rejects.toBeInstanceOf(CancelledError);
          // The child is gone (killed and reaped), whether it got to write its pid or not.
          if (existsSync(pidFile)) {
            expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
            rmSync(pidFile);
          }
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
