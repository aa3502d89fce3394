// CPython's test_subprocess.py, communicate(): input and output in every size, a child that
// stops reading, flow control, and many processes at once.
import { describe, expect, it, vi } from "vitest";
import { BrokenPipeError, ConnectionResetError, createTask, getRunningLoop, run } from "@asyncio-ts/core";
import { createSubprocessExec, createSubprocessShell, PIPE } from "../src/index.js";
import { nodeProgram, PIPE_MAX_SIZE, PROGRAM_CAT, PROGRAM_LENGTH, text } from "./helpers.js";

/** Bytes of a pattern that shows where they come from: reordering or loss breaks equality. */
function patterned(size: number, seed: number): Buffer {
  const data = Buffer.allocUnsafe(size);
  for (let index = 0; index < size; index++) data[index] = (index * 31 + seed + (index >> 12)) & 0xff;
  return data;
}

describe("communicate", () => {
  it("feeds input and returns the output (test_communicate)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: PIPE, stdout: PIPE });
      const [stdout, stderr] = await proc.communicate(Buffer.from("some data"));
      expect(text(stdout)).toBe("some data");
      expect(stderr).toBe(null);
      expect(proc.returncode).toBe(0);
    });
  });

  it("closes stdin without input (test_communicate_none_input)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: PIPE, stdout: PIPE });
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("");
      expect(proc.returncode).toBe(0);
    });
  });

  it("feeds empty input (test_empty_input)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_LENGTH, { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      const [stdout, stderr] = await proc.communicate(Buffer.alloc(0));
      expect(text(stdout)!.trimEnd()).toBe("0");
      expect(text(stderr)).toBe("");
      expect(await proc.wait()).toBe(0);
    });
  });

  it("counts what it fed (test_stdin_not_inheritable)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_LENGTH, { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      const [stdout] = await proc.communicate(Buffer.from("abc"));
      expect(text(stdout)!.trimEnd()).toBe("3");
      expect(await proc.wait()).toBe(0);
    });
  });

  it("moves 32 MiB in and 32 MiB out without deadlock", async () => {
    await run(async () => {
      const input = patterned(32 * 1024 * 1024, 7);
      const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: PIPE, stdout: PIPE });
      const [stdout] = await proc.communicate(input);
      expect(stdout!.length).toBe(input.length);
      expect(Buffer.compare(Buffer.from(stdout!), input)).toBe(0);
      expect(proc.returncode).toBe(0);
    });
  });

  it("reads 16 MiB on stdout and on stderr at once while feeding 16 MiB, which a sequential reader would deadlock on", async () => {
    await run(async () => {
      // Each chunk read goes to both outputs with blocking writes: unless both are read while
      // stdin is fed, the child stops.
      const code =
        "const fs = require('fs'); process.stdin.on('data', (d) => { fs.writeSync(1, d); fs.writeSync(2, d); });";
      const input = patterned(16 * 1024 * 1024, 3);
      const proc = await createSubprocessExec(...nodeProgram(code), { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      const [stdout, stderr] = await proc.communicate(input);
      expect(Buffer.compare(Buffer.from(stdout!), input)).toBe(0);
      expect(Buffer.compare(Buffer.from(stderr!), input)).toBe(0);
      expect(proc.returncode).toBe(0);
    });
  });

  it("returns 40 MiB of output from a child that reads nothing", async () => {
    await run(async () => {
      const code =
        "const fs = require('fs'); const b = Buffer.alloc(1 << 20, 97); for (let i = 0; i < 40; i++) fs.writeSync(1, b);";
      const proc = await createSubprocessExec(...nodeProgram(code), { stdout: PIPE });
      const [stdout] = await proc.communicate();
      expect(stdout!.length).toBe(40 * 1024 * 1024);
      expect(proc.returncode).toBe(0);
    });
  });

  it("ignores a child that exits without reading its input (test_communicate_ignore_broken_pipe)", async () => {
    await run(async () => {
      getRunningLoop().setExceptionHandler(() => undefined);
      const proc = await createSubprocessExec(...nodeProgram(""), { stdin: PIPE });
      await proc.communicate(Buffer.alloc(PIPE_MAX_SIZE, 120));
      expect(await proc.wait()).toBe(0);
    });
  });

  it("ignores a child that closes its stdin early and goes on", async () => {
    await run(async () => {
      const code = "const fs = require('fs'); fs.closeSync(0); setTimeout(() => process.stdout.write('done'), 20);";
      const proc = await createSubprocessExec(...nodeProgram(code), { stdin: PIPE, stdout: PIPE });
      const [stdout] = await proc.communicate(Buffer.alloc(PIPE_MAX_SIZE, 120));
      expect(text(stdout)).toBe("done");
      expect(proc.returncode).toBe(0);
    });
  });

  it("lets drain() raise BrokenPipeError or ConnectionResetError when the child has gone (test_stdin_broken_pipe)", async () => {
    await run(async () => {
      // The child says it is ready, reads no stdin, and exits on SIGUSR1.
      const code = "process.on('SIGUSR1', () => process.exit(0)); setInterval(() => {}, 1000); console.log('ready');";
      const proc = await createSubprocessExec(...nodeProgram(code), { stdin: PIPE, stdout: PIPE });
      expect(text(await proc.stdout!.readline())).toBe("ready\n");
      proc.stdin!.write(Buffer.alloc(PIPE_MAX_SIZE, 120));
      // Only let the child go once the write buffer is full.
      proc.sendSignal("SIGUSR1");
      const error = await proc.stdin!.drain().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error instanceof BrokenPipeError || error instanceof ConnectionResetError).toBe(true);
      expect(await proc.wait()).toBe(0);
    });
  });

  it("pauses the stdout transport past the limit and resumes it (test_pause_reading)", async () => {
    await run(async () => {
      const limit = 10;
      const size = limit * 2 + 1;
      // Writes only once stdin is closed, so that the spies are in place first.
      const code = `process.stdin.resume(); process.stdin.on('end', () => process.stdout.write('x'.repeat(${size})));`;
      const proc = await createSubprocessExec(...nodeProgram(code), { stdin: PIPE, stdout: PIPE, limit });
      const transport = proc._transport.getPipeTransport(1)!;
      const pause = vi.spyOn(transport as unknown as { pauseReading(): void }, "pauseReading");
      const resume = vi.spyOn(transport as unknown as { resumeReading(): void }, "resumeReading");
      const [stdout] = await proc.communicate();
      expect(text(stdout)).toBe("x".repeat(size));
      expect(pause).toHaveBeenCalled();
      expect(resume).toHaveBeenCalled();
    });
  });

  it("serves concurrent waits after communicate (test_subprocess_concurrent_wait)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: PIPE, stdout: PIPE });
      const [stdout] = await proc.communicate(Buffer.from("some data"));
      expect(text(stdout)).toBe("some data");
      const tasks = Array.from({ length: 10 }, () => createTask(() => proc.wait()));
      expect(await Promise.all(tasks)).toEqual(Array(10).fill(0));
    });
  });

  it("runs many communicate() at once, each with its own output (test_subprocess_communicate_stdout)", async () => {
    await run(async () => {
      const outputs = Array.from({ length: 10 }, (_, index) => `foo${index}`);
      const tasks = outputs.map((output) =>
        createTask(async () => {
          const proc = await createSubprocessShell(`echo ${output}`, { stdout: PIPE });
          const [stdout] = await proc.communicate();
          return text(stdout)!.trim();
        }),
      );
      expect(await Promise.all(tasks)).toEqual(outputs);
    });
  });

  it("raises TypeError for input that is not bytes", async () => {
    await run(async () => {
      const proc = await createSubprocessExec(...PROGRAM_CAT, { stdin: PIPE, stdout: PIPE });
      await expect(proc.communicate("text" as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError);
      proc.kill();
      await proc.wait();
    });
  });
});
