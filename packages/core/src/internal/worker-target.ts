/**
 * What crosses to another thread in place of a function: its source text, or the URL of a
 * module and the name of one of its exports.
 *
 * @module
 */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { MessagePort } from "node:worker_threads";
import { nodeWorkerThreads } from "./node-builtins.js";

/**
 * A function of a module, to run on a worker thread: the worker imports `module` and calls its
 * export `export` (default: `"default"`). The way to run real code, which may import anything.
 * `module` is a URL (`new URL("./work.js", import.meta.url)`), an absolute path, or a specifier
 * that `import()` resolves from the current working directory (a package name).
 */
export interface WorkerModuleFunction {
  /** The module: a URL, an absolute path, or a package specifier. */
  readonly module: string | URL;
  /** The name of the exported function (default `"default"`). */
  readonly export?: string;
}

/** A function as it crosses threads. */
export type WorkerTarget =
  | { readonly source: string; readonly module?: undefined; readonly export?: undefined }
  | { readonly source?: undefined; readonly module: string; readonly export: string };

const NATIVE_CODE = /\{\s*\[native code\]\s*\}\s*$/;
const NO_PORTS: MessagePort[] = [];

/**
 * `fn` as it crosses threads; `TypeError` when it is neither a function with source text nor
 * a `{ module, export }` object. `method` names the caller in messages.
 */
export function toWorkerTarget(fn: unknown, method: string): WorkerTarget {
  if (typeof fn === "function") return { source: functionSource(fn, method) };
  if (fn !== null && typeof fn === "object" && "module" in fn) {
    const { module, export: exportName = "default" } = fn as WorkerModuleFunction;
    if (typeof exportName !== "string")
      throw new TypeError(`${method}(): "export" must be a string, got ${typeof exportName}`);
    return { module: moduleSpecifier(module, method), export: exportName };
  }
  throw new TypeError(`${method}() expects a function or a { module, export } object, got ${describe(fn)}`);
}

/**
 * The source text of `fn`, checked to be sendable: built-in and bound functions have none
 * (`Function.prototype.toString` gives `[native code]`).
 */
export function functionSource(fn: Function, method: string): string {
  const source = Function.prototype.toString.call(fn);
  if (NATIVE_CODE.test(source)) {
    const name = fn.name || "the function";
    throw new TypeError(
      `${method}(): ${name} is a built-in or bound function, which has no source text to send to another thread; ` +
        `wrap it in a function of your own, e.g. (...args) => Math.max(...args)`,
    );
  }
  return source;
}

/** The `MessagePort`s among `args`, which must be transferred (they cannot be cloned). */
export function transferablePorts(args: readonly unknown[]): MessagePort[] {
  let ports: MessagePort[] | undefined;
  for (const argument of args) {
    if (argument instanceof nodeWorkerThreads().MessagePort) (ports ??= []).push(argument);
  }
  return ports ?? NO_PORTS;
}

function moduleSpecifier(module: unknown, method: string): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(`${method}(): "module" must be a URL or a string, got ${describe(module)}`);
  }
  return isAbsolute(module) ? pathToFileURL(module).href : module;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return Object.prototype.toString.call(value);
}
