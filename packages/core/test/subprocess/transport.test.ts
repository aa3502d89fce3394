// CPython's test_subprocess.py, transport side: loop.subprocessExec / subprocessShell with a
// SubprocessProtocol, the order of the protocol's callbacks (base_subprocess.py), close(),
// signals after the end, and cancelling the creation.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  DEVNULL,
  FileNotFoundError,
  getRunningLoop,
  PIPE,
  ProcessLookupError,
  ReadTransport,
  run,
  sleep,
  STDOUT,
  SubprocessProtocol,
  ValueError,
  WriteTransport,
  type Future,
  type SubprocessTransport,
} from "../../src/index.js";
import type { ChildProcessTransport } from "../../src/internal/subprocess-child-transport.js";

const NODE = process.execPath;
const PROGRAM_BLOCKED = [NODE, "-e", "setInterval(() => {}, 1000)"] as const;

type Event = string | [string, ...unknown[]];

/** Records every callback; `finished` resolves at connectionLost. */
class RecordingProtocol extends SubprocessProtocol {
  readonly events: Event[] = [];
  transport: SubprocessTransport | undefined;
  readonly finished: Future<void>;
  paused = 0;
  resumed = 0;

  constructor() {
    super();
    this.finished = getRunningLoop().createFuture<void>();
  }

  override connectionMade(transport: SubprocessTransport): void {
    this.transport = transport;
    this.events.push("connectionMade");
  }

  override pipeDataReceived(fd: number, data: Uint8Array): void {
    this.events.push(["pipeDataReceived", fd, Buffer.from(data).toString()]);
  }

  override pipeConnectionLost(fd: number, exc: unknown): void {
    this.events.push(["pipeConnectionLost", fd, exc]);
  }

  override processExited(): void {
    this.events.push("processExited");
  }

  override connectionLost(exc: unknown): void {
    this.events.push(["connectionLost", exc]);
    this.finished.setResult(undefined);
  }

  override pauseWriting(): void {
    this.paused++;
  }

  override resumeWriting(): void {
    this.resumed++;
  }
}

/** Joins the data events of each fd, keeping the other events as they are. */
function merged(events: readonly Event[]): Event[] {
  const out: Event[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (
      Array.isArray(event) &&
      event[0] === "pipeDataReceived" &&
      Array.isArray(last) &&
      last[0] === "pipeDataReceived" &&
      last[1] === event[1]
    ) {
      last[2] = `${String(last[2])}${String(event[2])}`;
    } else out.push(Array.isArray(event) ? ([...event] as Event) : event);
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("loop.subprocessExec", () => {
  it("calls every protocol method, per pipe in order, connectionLost last (test_subprocess_protocol_events)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const code = "process.stdout.write('stdout'); process.stderr.write('stderr')";
      const [transport, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), NODE, "-e", code, {
        stdin: null,
      });
      // connectionMade ran before subprocessExec resolved.
      expect(protocol.events[0]).toBe("connectionMade");
      expect(protocol.transport).toBe(transport);
      await protocol.finished;
      const events = merged(protocol.events);
      expect(events[0]).toBe("connectionMade");
      expect(events[events.length - 1]).toEqual(["connectionLost", null]);
      const middle = events.slice(1, -1);
      expect(middle).toHaveLength(5);
      expect(middle).toEqual(
        expect.arrayContaining([
          ["pipeDataReceived", 1, "stdout"],
          ["pipeDataReceived", 2, "stderr"],
          ["pipeConnectionLost", 1, null],
          ["pipeConnectionLost", 2, null],
          "processExited",
        ]),
      );
      for (const fd of [1, 2]) {
        const perFd = middle
          .filter((event) => Array.isArray(event) && event[1] === fd)
          .map((event) => (event as unknown[])[0]);
        expect(perFd).toEqual(["pipeDataReceived", "pipeConnectionLost"]);
      }
      expect(transport.getReturncode()).toBe(0);
      transport.close();
    });
  });

  it("finishes only once the child exited and every pipe closed (base_subprocess._try_finish)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      // The child exits while a grandchild holds stdout open for a while.
      const [transport, protocol] = await loop.subprocessShell(
        () => new RecordingProtocol(),
        "(sleep 0.2; echo late) &",
        { stdin: DEVNULL, stderr: DEVNULL },
      );
      await protocol.finished;
      const events = protocol.events;
      const exited = events.indexOf("processExited");
      const stdoutLost = events.findIndex(
        (event) => Array.isArray(event) && event[0] === "pipeConnectionLost" && event[1] === 1,
      );
      expect(exited).toBeGreaterThan(0);
      expect(stdoutLost).toBeGreaterThan(exited);
      expect(events).toContainEqual(["pipeDataReceived", 1, "late\n"]);
      expect(events[events.length - 1]).toEqual(["connectionLost", null]);
      expect(transport.getReturncode()).toBe(0);
    });
  });

  it("has pipe transports for fds 0, 1 and 2 by default, none for DEVNULL or others", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [transport, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), NODE, "-e", "");
      expect(transport.getPipeTransport(0)).toBeInstanceOf(WriteTransport);
      expect(transport.getPipeTransport(1)).toBeInstanceOf(ReadTransport);
      expect(transport.getPipeTransport(2)).toBeInstanceOf(ReadTransport);
      expect(transport.getPipeTransport(3)).toBe(null);
      expect(typeof transport.getPid()).toBe("number");
      expect(transport.getExtraInfo("subprocess").pid).toBe(transport.getPid());
      await protocol.finished;
      expect(protocol.events).toContainEqual(["pipeConnectionLost", 0, null]);

      const [quiet, quietProtocol] = await loop.subprocessExec(() => new RecordingProtocol(), NODE, "-e", "", {
        stdin: DEVNULL,
        stdout: PIPE,
        stderr: STDOUT,
      });
      expect(quiet.getPipeTransport(0)).toBe(null);
      expect(quiet.getPipeTransport(1)).toBeInstanceOf(ReadTransport);
      expect(quiet.getPipeTransport(2)).toBe(null);
      await quietProtocol.finished;
    });
  });

  it("merges stderr into the stdout pipe with STDOUT", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const code = "process.stdout.write('a'); process.stderr.write('b'); process.stdout.write('c')";
      const [, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), NODE, "-e", code, {
        stdin: DEVNULL,
        stderr: STDOUT,
      });
      await protocol.finished;
      const data = merged(protocol.events).filter((event) => Array.isArray(event) && event[0] === "pipeDataReceived");
      expect(data).toEqual([["pipeDataReceived", 1, "abc"]]);
    });
  });

  it("forwards the stdin pipe's pauseWriting/resumeWriting to the protocol", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const code =
        "let n = 0; process.stdin.on('data', (d) => (n += d.length)); process.stdin.on('end', () => process.stdout.write(String(n)));";
      const [transport, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), NODE, "-e", code);
      const stdin = transport.getPipeTransport(0) as WriteTransport;
      stdin.write(Buffer.alloc(1024 * 1024, 120));
      expect(protocol.paused).toBe(1);
      stdin.close();
      await protocol.finished;
      expect(protocol.resumed).toBe(1);
      expect(merged(protocol.events)).toContainEqual(["pipeDataReceived", 1, String(1024 * 1024)]);
    });
  });

  it("reports the exit, then raises ProcessLookupError once finished (test_proc_exited)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [transport, protocol] = await loop.subprocessExec(
        () => new RecordingProtocol(),
        NODE,
        "-e",
        "process.exitCode = 6",
        { stdin: DEVNULL, stdout: DEVNULL, stderr: DEVNULL },
      );
      expect(transport.getReturncode()).toBe(null);
      await protocol.finished;
      expect(protocol.events).toEqual(["connectionMade", "processExited", ["connectionLost", null]]);
      expect(transport.getReturncode()).toBe(6);
      expect(transport.isClosing()).toBe(false);
      expect(() => transport.sendSignal("SIGTERM")).toThrow(ProcessLookupError);
      expect(() => transport.terminate()).toThrow(ProcessLookupError);
      expect(() => transport.kill()).toThrow(ProcessLookupError);
      transport.close();
      expect(transport.isClosing()).toBe(true);
      expect(String(transport)).toBe(`<ChildProcessTransport closed pid=${transport.getPid()} returncode=6>`);
    });
  });

  it("close() kills a running child (test_close_kill_running)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [transport, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), ...PROGRAM_BLOCKED);
      const child = transport.getExtraInfo("subprocess") as ChildProcess;
      const kills: unknown[] = [];
      const originalKill = child.kill.bind(child);
      child.kill = (signal?: NodeJS.Signals | number) => {
        kills.push(signal);
        return originalKill(signal);
      };
      expect(transport.getReturncode()).toBe(null);
      transport.close();
      expect(kills).toEqual(["SIGKILL"]);
      expect(await (transport as ChildProcessTransport)._wait()).toBe(-9);
      await protocol.finished;
    });
  });

  it("close() does not kill a child that exited before the loop heard of it (test_close_dont_kill_finished)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [transport] = await loop.subprocessExec(() => new RecordingProtocol(), ...PROGRAM_BLOCKED);
      const child = transport.getExtraInfo("subprocess") as ChildProcess;
      // Kill it behind the transport's back and wait for Node to see the exit.
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      const kills: unknown[] = [];
      child.kill = (signal?: NodeJS.Signals | number) => {
        kills.push(signal);
        return true;
      };
      expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
      expect(transport.getReturncode()).toBe(null);
      transport.close();
      expect(kills).toEqual([]);
      expect(await (transport as ChildProcessTransport)._wait()).toBe(-9);
    });
  });

  it("cancelling subprocessExec kills and reaps the child (test_cancel_post_init)", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const pidFile = join(folder, "pid");
        const code = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
        let made = 0;
        const task = createTask(() =>
          loop.subprocessExec(
            () => {
              made++;
              return new RecordingProtocol();
            },
            NODE,
            "-e",
            code,
          ),
        );
        loop.callSoon(() => task.cancel());
        await expect(task).rejects.toBeInstanceOf(CancelledError);
        expect(made).toBe(1);
        if (existsSync(pidFile)) expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("holds back what arrives before connectionMade", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), "/bin/echo", "hi", {
        stdin: DEVNULL,
        stderr: DEVNULL,
      });
      await protocol.finished;
      expect(protocol.events[0]).toBe("connectionMade");
      expect(merged(protocol.events)).toContainEqual(["pipeDataReceived", 1, "hi\n"]);
    });
  });

  it("fails with FileNotFoundError after calling the protocol factory once, as Python", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      let made = 0;
      const pending = loop.subprocessExec(() => {
        made++;
        return new RecordingProtocol();
      }, "asyncio-ts-no-such-program");
      await expect(pending).rejects.toThrow(FileNotFoundError);
      await expect(pending).rejects.toThrow("[Errno 2] No such file or directory: 'asyncio-ts-no-such-program'");
      expect(made).toBe(1);
    });
  });

  it("checks its arguments as Python does", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const factory = () => new RecordingProtocol();
      await expect(loop.subprocessExec(factory, NODE, { shell: true })).rejects.toThrow(
        new ValueError("shell must be False"),
      );
      await expect(loop.subprocessExec(factory, NODE, { bufsize: 4096 })).rejects.toThrow(
        new ValueError("bufsize must be 0"),
      );
      await expect(loop.subprocessExec(factory, NODE, { encoding: "utf-8" })).rejects.toThrow(
        new ValueError("encoding must be None"),
      );
      await expect(loop.subprocessExec(factory, NODE, "-e", "a\0b")).rejects.toThrow(
        new ValueError("embedded null byte"),
      );
      await expect(loop.subprocessShell(factory, 42 as unknown as string)).rejects.toThrow(
        new ValueError("cmd must be a string"),
      );
      await expect(loop.subprocessShell(factory, "true", { universalNewlines: true })).rejects.toThrow(
        new ValueError("universal_newlines must be False"),
      );
    });
  });

  it("gives the signal number, negated, as the return code", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const [transport, protocol] = await loop.subprocessExec(() => new RecordingProtocol(), ...PROGRAM_BLOCKED, {
        stdin: DEVNULL,
      });
      await sleep(0);
      transport.sendSignal("SIGINT");
      await protocol.finished;
      expect(transport.getReturncode()).toBe(-2);
    });
  });
});
