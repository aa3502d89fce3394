// The argument handling shared by createSubprocessExec and createSubprocessShell.
import { DEFAULT_LIMIT, ValueError, type SubprocessOptions } from "@asyncio-ts/core";
import type { CreateSubprocessOptions } from "../create-subprocess-options.js";

/** Splits `(...args, options?)`: a trailing object (not a string, not a URL) is the options. */
export function splitOptions(rest: readonly unknown[]): [args: unknown[], options: CreateSubprocessOptions] {
  const last = rest[rest.length - 1];
  if (rest.length > 0 && typeof last === "object" && last !== null && !(last instanceof URL)) {
    return [rest.slice(0, -1), last as CreateSubprocessOptions];
  }
  return [[...rest], {}];
}

/** The StreamReader limit, checked before anything starts (StreamReader's own checks). */
export function checkedLimit(options: CreateSubprocessOptions): number {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || Number.isNaN(limit))
    throw new TypeError(`limit must be a number, not ${typeof limit}`);
  if (limit <= 0) throw new ValueError("Limit cannot be <= 0");
  return limit;
}

/** The loop-method options: stdin, stdout and stderr are inherited unless given, as in Python. */
export function loopOptions(options: CreateSubprocessOptions): SubprocessOptions {
  const { limit: _limit, ...rest } = options;
  return { ...rest, stdin: options.stdin ?? null, stdout: options.stdout ?? null, stderr: options.stderr ?? null };
}
