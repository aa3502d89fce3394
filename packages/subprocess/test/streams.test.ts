// CPython's test_asyncio/test_subprocess.py, the stream side: stdin/stdout/stderr
// combinations, the shell, environment, cwd, paths, and the options Python rejects.
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, realpathSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep, StreamReader, StreamWriter, ValueError } from "@asyncio-ts/core";
import { createSubprocessExec, createSubprocessShell, DEVNULL, PIPE, Process, STDOUT } from "../src/index.js";
import { NODE, nodeProgram, PROGRAM_BLOCKED, PROGRAM_CAT, PROGRAM_LENGTH, text } from "./helpers.js";

describe("stdin, stdout and stderr", () => {
  it("feeds stdin and reads stdout by hand (test_stdin_stdout)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: PIPE, stdout: PIPE });
      expect(proc).toBeInstanceOf(Process);
      expect(proc.stdin).toBeInstanceOf(StreamWriter);
      expect(proc.stdout).toBeInstanceOf(StreamReader);
      expect(proc.stderr).toBe(null);
      expect(typeof proc.pid).toBe("number");
      expect(proc.returncode).toBe(null);
      proc.stdin!.write(Buffer.from("some data"));
      await proc.stdin!.drain();
      proc.stdin!.close();
      const data = await proc.stdout!.read();
      const exitcode = await proc.wait();
      expect(exitcode).toBe(0);
      expect(proc.returncode).toBe(0);
      expect(text(data)).toBe("some data");
    });
  });

  it("reads stdout line by line while the child runs", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(
        ...nodeProgram(
          "let i = 0; const t = setInterval(() => { console.log('line ' + i); if (++i === 3) clearInterval(t); }, 5)",
        ),
        { stdout: PIPE },
      );
      const lines: string[] = [];
      for await (const line of proc.stdout!) lines.push(text(line)!);
      expect(lines).toEqual(["line 0\n", "line 1\n", "line 2\n"]);
      expect(await proc.wait()).toBe(0);
    });
  });

  it("inherits every stream when none is given: no pipes", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...nodeProgram("process.exit(4)"));
      expect(proc.stdin).toBe(null);
      expect(proc.stdout).toBe(null);
      expect(proc.stderr).toBe(null);
      expect(await proc.communicate()).toEqual([null, null]);
      expect(proc.returncode).toBe(4);
    });
  });

  it("gives stdout and stderr separate pipes", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(
        ...nodeProgram("process.stdout.write('out'); process.stderr.write('err')"),
        {
          stdout: PIPE,
          stderr: PIPE,
        },
      );
      const [stdout, stderr] = await proc.communicate();
      expect([text(stdout), text(stderr)]).toEqual(["out", "err"]);
    });
  });

  it("sends stderr into the stdout pipe with STDOUT, in the order written", async () => {
    await run(async () => {
      const code =
        "for (let i = 0; i < 5; i++) { process.stdout.write('out ' + i + '\\n'); process.stderr.write('err ' + i + '\\n'); }";
      const proc = await createSubprocessExec(...nodeProgram(code), { stdout: PIPE, stderr: STDOUT });
      expect(proc.stderr).toBe(null);
      const [stdout, stderr] = await proc.communicate();
      expect(stderr).toBe(null);
      const expected = [0, 1, 2, 3, 4].map((i) => `out ${i}\nerr ${i}\n`).join("");
      expect(text(stdout)).toBe(expected);
      expect(proc.returncode).toBe(0);
    });
  });

  it("sends stderr where stdout goes with STDOUT when stdout is DEVNULL or a file", async () => {
    await run(async () => {
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const path = join(folder, "both.txt");
        const fd = openSync(path, "w");
        try {
          const proc = await createSubprocessExec(
            ...nodeProgram("process.stdout.write('out;'); process.stderr.write('err;')"),
            {
              stdout: fd,
              stderr: STDOUT,
            },
          );
          expect(await proc.communicate()).toEqual([null, null]);
        } finally {
          closeSync(fd);
        }
        expect(readFileSync(path, "utf8")).toBe("out;err;");
        const quiet = await createSubprocessExec(...nodeProgram("process.stderr.write('err')"), {
          stdout: DEVNULL,
          stderr: STDOUT,
        });
        expect(await quiet.wait()).toBe(0);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("accepts a file descriptor and an object with an fd (a FileHandle) for stdin and stdout", async () => {
    await run(async () => {
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const input = join(folder, "in.txt");
        const output = join(folder, "out.txt");
        const writeHandle = await open(input, "w");
        await writeHandle.write("from a file");
        await writeHandle.close();
        const inputHandle = await open(input, "r");
        const outputFd = openSync(output, "w");
        try {
          const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: inputHandle, stdout: outputFd });
          expect(proc.stdin).toBe(null);
          expect(await proc.wait()).toBe(0);
        } finally {
          await inputHandle.close();
          closeSync(outputFd);
        }
        expect(readFileSync(output, "utf8")).toBe("from a file");
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("passes extra file descriptors under the same numbers with passFds", async () => {
    await run(async () => {
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const path = join(folder, "fd.txt");
        const fd = openSync(path, "w");
        try {
          const proc = await createSubprocessExec(
            ...nodeProgram(`require('fs').writeSync(${fd}, 'through fd ${fd}')`),
            { passFds: [fd] },
          );
          expect(await proc.wait()).toBe(0);
        } finally {
          closeSync(fd);
        }
        expect(readFileSync(path, "utf8")).toBe(`through fd ${fd}`);
        await expect(createSubprocessExec(NODE, "-e", "", { passFds: [1] })).rejects.toThrow(
          new ValueError("bad value(s) in fds_to_keep"),
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("rejects STDOUT for stdin with Python's OSError (EBADF)", async () => {
    await run(async () => {
      const error = await createSubprocessExec(NODE, "-e", "", { stdin: STDOUT }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({
        name: "OSError",
        errno: 9,
        code: "EBADF",
        message: "[Errno 9] Bad file descriptor",
      });
    });
  });

  it("reads stdin from DEVNULL (test_devnull_input)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_LENGTH, { stdin: DEVNULL, stdout: PIPE, stderr: PIPE });
      expect(proc.stdin).toBe(null);
      const [stdout] = await proc.communicate();
      expect(text(stdout)!.trimEnd()).toBe("0");
      expect(await proc.wait()).toBe(0);
    });
  });

  it("drops stdout into DEVNULL (test_devnull_output)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_LENGTH, { stdin: PIPE, stdout: DEVNULL, stderr: PIPE });
      const [stdout, stderr] = await proc.communicate(Buffer.from("abc"));
      expect(stdout).toBe(null);
      expect(text(stderr)).toBe("");
      expect(await proc.wait()).toBe(0);
    });
  });

  it("drops stderr into DEVNULL (test_devnull_error)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_LENGTH, { stdin: PIPE, stdout: PIPE, stderr: DEVNULL });
      const [stdout, stderr] = await proc.communicate(Buffer.from("abc"));
      expect(stderr).toBe(null);
      expect(text(stdout)!.trimEnd()).toBe("3");
      expect(await proc.wait()).toBe(0);
    });
  });

  it("reads what the child wrote before it exited, slowly (test_read_stdout_after_process_exit)", async () => {
    await run(async () => {
      const code = "for (let i = 0; i < 64; i++) process.stdout.write('x'.repeat(4096)); process.exitCode = 1;";
      const proc = await createSubprocessExec(...nodeProgram(code), { stdout: PIPE });
      let total = 0;
      for (;;) {
        const data = await proc.stdout!.read(65536);
        if (data.length === 0) break;
        total += data.length;
        await sleep(0.01);
      }
      expect(total).toBe(64 * 4096);
      expect(await proc.wait()).toBe(1);
    });
  });
});

describe("shell", () => {
  it("returns the shell's exit status (test_shell)", async () => {
    await run(async () => {
      const proc = await createSubprocessShell("exit 7");
      expect(await proc.wait()).toBe(7);
    });
  });

  it("runs in a new session with startNewSession (test_start_new_session)", async () => {
    await run(async () => {
      const proc = await createSubprocessShell("exit 8", { startNewSession: true });
      expect(await proc.wait()).toBe(8);
    });
  });

  it("runs a pipeline", async () => {
    await run(async () => {
      const proc = await createSubprocessShell("printf 'c\\na\\nb\\n' | sort | tr a-z A-Z", { stdout: PIPE });
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("A\nB\nC\n");
      expect(proc.returncode).toBe(0);
    });
  });

  it("feeds a pipeline's stdin", async () => {
    await run(async () => {
      const proc = await createSubprocessShell("tr a-z A-Z | wc -c", { stdin: PIPE, stdout: PIPE });
      const [stdout] = await proc.communicate(Buffer.from("hello"));
      expect(text(stdout)!.trim()).toBe("5");
    });
  });

  it("reports a command the shell cannot find as the shell does (127), not as an error", async () => {
    await run(async () => {
      const proc = await createSubprocessShell("asyncio_ts_no_such_command_x", { stderr: PIPE });
      const [, stderr] = await proc.communicate();
      expect(proc.returncode).toBe(127);
      expect(text(stderr)).toMatch(/not found/);
    });
  });
});

describe("environment, working directory and paths", () => {
  it("passes env to exec (test_create_subprocess_env_exec)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...nodeProgram("process.stdout.write(process.env.FOO)"), {
        env: { ...process.env, FOO: "baz" },
        stdout: PIPE,
      });
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("baz");
      expect(proc.returncode).toBe(0);
      // wait() after the exit returns at once (check_stdout_output).
      const task = createTask(() => proc.wait());
      await sleep(0);
      expect(task.result()).toBe(0);
    });
  });

  it("passes env to the shell (test_create_subprocess_env_shell)", async () => {
    await run(async () => {
      const proc = await createSubprocessShell('printf %s "$FOO"', {
        env: { ...process.env, FOO: "bar" },
        stdout: PIPE,
      });
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("bar");
    });
  });

  it("runs with exactly the given environment", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(
        NODE,
        "-e",
        "console.log(JSON.stringify(Object.keys(process.env).sort()))",
        {
          env: { ONLY: "1" },
          stdout: PIPE,
        },
      );
      const [stdout] = await proc.communicate();
      expect(JSON.parse(text(stdout)!)).toEqual(["ONLY"]);
    });
  });

  it("runs in cwd, given as a path or a file URL", async () => {
    await run(async () => {
      const folder = realpathSync(mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-")));
      try {
        for (const cwd of [folder, pathToFileURL(folder)]) {
          const proc = await createSubprocessExec(...nodeProgram("process.stdout.write(process.cwd())"), {
            cwd,
            stdout: PIPE,
          });
          const [stdout] = await proc.communicate();
          expect(text(stdout)).toBe(folder);
        }
        const shell = await createSubprocessShell("pwd", { cwd: folder, stdout: PIPE });
        const [stdout] = await shell.communicate();
        expect(text(stdout)!.trim()).toBe(folder);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("takes file URLs as the program and as arguments (test_create_subprocess_exec_with_path)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(
        pathToFileURL(NODE),
        "-e",
        "process.stdout.write(process.argv[1])",
        pathToFileURL("/tmp"),
        {
          stdout: PIPE,
        },
      );
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("/tmp");
    });
  });

  it("runs `executable` with the first argument as argv[0]", async () => {
    await run(async () => {
      const proc = await createSubprocessExec("not-a-program-name", "-c", 'printf %s "$0"', {
        executable: "/bin/sh",
        stdout: PIPE,
      });
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("not-a-program-name");
    });
  });

  it("rejects a non-string argument with TypeError, as Python", async () => {
    await run(async () => {
      const error = await createSubprocessExec(NODE, 1 as unknown as string).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe("expected str, bytes or os.PathLike object, not number");
    });
  });
});

describe("options Python rejects", () => {
  it("refuses text mode for exec and shell (test_create_subprocess_*_text_mode_fails)", async () => {
    await run(async () => {
      for (const options of [
        { text: true },
        { encoding: "utf-8" },
        { errors: "strict" },
        { universalNewlines: true },
        { bufsize: 1 },
      ]) {
        await expect(createSubprocessExec(NODE, options)).rejects.toBeInstanceOf(ValueError);
        await expect(createSubprocessShell(NODE, options)).rejects.toBeInstanceOf(ValueError);
      }
      await expect(createSubprocessExec(NODE, { text: true })).rejects.toThrow("text must be False");
      await expect(createSubprocessShell("true", { shell: false })).rejects.toThrow("shell must be True");
      await expect(createSubprocessExec("true", { shell: true })).rejects.toThrow("shell must be False");
    });
  });

  it("needs a string command for the shell", async () => {
    await run(async () => {
      await expect(createSubprocessShell(["true"] as unknown as string)).rejects.toThrow(
        new ValueError("cmd must be a string"),
      );
    });
  });

  it("checks limit before starting anything", async () => {
    await run(async () => {
      await expect(createSubprocessExec(NODE, "-e", "", { stdout: PIPE, limit: 0 })).rejects.toThrow(
        new ValueError("Limit cannot be <= 0"),
      );
      await expect(createSubprocessShell("true", { limit: -1 })).rejects.toBeInstanceOf(ValueError);
    });
  });

  it("needs a running loop", () => {
    expect(() => createSubprocessExec(NODE)).toThrow("no running event loop");
  });
});

describe("Process", () => {
  it("reads as Python's repr", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_BLOCKED);
      expect(String(proc)).toBe(`<Process ${proc.pid}>`);
      proc.kill();
      await proc.wait();
    });
  });
});
