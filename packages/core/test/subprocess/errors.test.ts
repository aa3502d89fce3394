// The OSError subclasses subprocesses raise, with Python's fields and messages.
import { describe, expect, it } from "vitest";
import {
  FileNotFoundError,
  NotADirectoryError,
  OSError,
  PermissionError,
  ProcessLookupError,
} from "../../src/index.js";

describe("OSError filename and the process errors", () => {
  it("puts the filename in the message as Python's repr", () => {
    const error = new FileNotFoundError(2, "No such file or directory", { filename: "nope" });
    expect(error.message).toBe("[Errno 2] No such file or directory: 'nope'");
    expect(error.filename).toBe("nope");
    expect(error.code).toBe("ENOENT");
    expect(new OSError(2, "No such file or directory", { filename: "it's" }).message).toBe(
      `[Errno 2] No such file or directory: "it's"`,
    );
    expect(new OSError(2, "x", { filename: "a\\b" }).message).toBe("[Errno 2] x: 'a\\\\b'");
    expect(new OSError(2, "x").filename).toBe(null);
  });

  it("has Python's hierarchy", () => {
    const lookup = new ProcessLookupError();
    expect(lookup).toBeInstanceOf(OSError);
    expect(lookup.name).toBe("ProcessLookupError");
    expect(lookup.message).toBe("");
    expect(lookup.errno).toBe(null);
    expect(new PermissionError(13, "Permission denied")).toBeInstanceOf(OSError);
    expect(new PermissionError(13, "Permission denied").code).toBe("EACCES");
    expect(new NotADirectoryError(20, "Not a directory")).toBeInstanceOf(OSError);
    expect(PermissionError.isInstance(new OSError(13, "x"))).toBe(false);
    expect(OSError.isInstance(new NotADirectoryError(20, "x"))).toBe(true);
  });
});
