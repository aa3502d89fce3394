// A program that cannot be started fails as Python's Popen does: the OSError subclass for the
// errno, with errno, code, strerror, filename and Python's message.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileNotFoundError, NotADirectoryError, OSError, PermissionError, run } from "@asyncio-ts/core";
import { createSubprocessExec, createSubprocessShell, PIPE } from "../src/index.js";
import { NODE } from "./helpers.js";

async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("did not fail");
}

describe("spawn errors", () => {
  it("raises FileNotFoundError for a program that does not exist", async () => {
    await run(async () => {
      const error = (await failure(createSubprocessExec("nope", { stdout: PIPE }))) as FileNotFoundError;
      expect(error).toBeInstanceOf(FileNotFoundError);
      expect(error).toBeInstanceOf(OSError);
      expect(error.name).toBe("FileNotFoundError");
      expect(error.errno).toBe(2);
      expect(error.code).toBe("ENOENT");
      expect(error.strerror).toBe("No such file or directory");
      expect(error.filename).toBe("nope");
      expect(error.message).toBe("[Errno 2] No such file or directory: 'nope'");
    });
  });

  it("raises FileNotFoundError for a path that does not exist", async () => {
    await run(async () => {
      const error = (await failure(createSubprocessExec("/no/such/dir/prog", "arg"))) as FileNotFoundError;
      expect(error).toBeInstanceOf(FileNotFoundError);
      expect(error.filename).toBe("/no/such/dir/prog");
    });
  });

  it("names the working directory when that is what does not exist", async () => {
    await run(async () => {
      const error = (await failure(
        createSubprocessExec(NODE, "-e", "", { cwd: "/nonexistent-asyncio-ts" }),
      )) as FileNotFoundError;
      expect(error).toBeInstanceOf(FileNotFoundError);
      expect(error.message).toBe("[Errno 2] No such file or directory: '/nonexistent-asyncio-ts'");
      const shellError = (await failure(
        createSubprocessShell("true", { cwd: "/nonexistent-asyncio-ts" }),
      )) as FileNotFoundError;
      expect(shellError.filename).toBe("/nonexistent-asyncio-ts");
    });
  });

  it("raises NotADirectoryError when cwd is a file", async () => {
    await run(async () => {
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const file = join(folder, "file");
        writeFileSync(file, "");
        const error = (await failure(createSubprocessExec(NODE, "-e", "", { cwd: file }))) as NotADirectoryError;
        expect(error).toBeInstanceOf(NotADirectoryError);
        expect(error.errno).toBe(20);
        expect(error.message).toBe(`[Errno 20] Not a directory: '${file}'`);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("raises PermissionError for a file that is not executable, and for a directory", async () => {
    await run(async () => {
      const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-subprocess-"));
      try {
        const file = join(folder, "script");
        writeFileSync(file, "#!/bin/sh\nexit 0\n", { mode: 0o644 });
        const error = (await failure(createSubprocessExec(file))) as PermissionError;
        expect(error).toBeInstanceOf(PermissionError);
        expect(error.errno).toBe(13);
        expect(error.code).toBe("EACCES");
        expect(error.message).toBe(`[Errno 13] Permission denied: '${file}'`);
        const directoryError = (await failure(createSubprocessExec(folder))) as PermissionError;
        expect(directoryError).toBeInstanceOf(PermissionError);
        expect(directoryError.filename).toBe(folder);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it("raises the error from the await, leaving nothing open (test_popen_error)", async () => {
    await run(async () => {
      const pending = createSubprocessExec("nope", { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      await expect(pending).rejects.toBeInstanceOf(FileNotFoundError);
      // The loop still works, and a good program still starts.
      const proc = await createSubprocessExec(NODE, "-e", "", { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      await proc.communicate();
      expect(proc.returncode).toBe(0);
    });
  });
});
