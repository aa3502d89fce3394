/**
 * The JavaScript that both sides of a thread boundary run: rebuilding a function from its source
 * text, and turning a thrown value into plain data that survives structured clone.
 *
 * It is kept as source text, not as TypeScript, because the pool's worker script is an inline
 * (`eval: true`) script that cannot import anything: the worker embeds this text, and the loop's
 * thread evaluates the very same text (lazily, on first use), so the two never drift apart.
 *
 * @module
 */

/** The thrown value of a failed call, as it crosses threads. */
export type SerializedThrown =
  | {
      readonly kind: "error";
      readonly name: string;
      readonly message: string;
      readonly stack: string | undefined;
      /** Own enumerable fields that clone (`code`, `errno`, `partial`, ...). */
      readonly fields: Record<string, unknown>;
      readonly cause?: SerializedThrown;
      readonly hasCause: boolean;
      /** The nested errors of an `AggregateError` or `ExceptionGroup`. */
      readonly errors?: readonly SerializedThrown[];
    }
  | { readonly kind: "value"; readonly value: unknown };

/** What a function sent by its source may not do, appended to a `ReferenceError` it throws. */
export const CAPTURE_HINT =
  " (the function was sent to another thread as its source text, so it cannot use variables of the scope it was written in: pass values as arguments, and import modules inside the function)";

/**
 * An expression evaluating to `{ compileFunction, serializeError }`.
 *
 * - `compileFunction(source)`: the function whose `Function.prototype.toString()` is `source`,
 *   evaluated in strict mode at global scope (so it sees globals, never the caller's variables);
 *   a method written in shorthand (`name(x) { ... }`) is accepted too. Cached by source text.
 * - `serializeError(thrown, fromSource)`: a {@link SerializedThrown}; with `fromSource`, a
 *   `ReferenceError` gets {@link CAPTURE_HINT} appended, since it most likely comes from a
 *   variable the function captured where it was written.
 *
 * Written inside `String.raw`: no backquotes in it.
 */
export const WORKER_HELPERS_SOURCE = String.raw`(() => {
  "use strict";
  const CAPTURE_HINT = ${JSON.stringify(CAPTURE_HINT)};
  const indirectEval = eval;
  const compiled = new Map();
  function compileFunction(source) {
    let fn = compiled.get(source);
    if (fn !== undefined) return fn;
    try {
      fn = indirectEval("'use strict'; (" + source + "\n)");
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      try {
        // A method written in shorthand is no expression on its own: rebuild it inside an object.
        const holder = indirectEval("'use strict'; ({" + source + "\n})");
        fn = holder[Reflect.ownKeys(holder)[0]];
      } catch {
        throw new SyntaxError("cannot rebuild the function from its source text: " + error.message);
      }
    }
    if (typeof fn !== "function") throw new TypeError("the source text does not describe a function");
    if (compiled.size >= 256) compiled.clear();
    compiled.set(source, fn);
    return fn;
  }
  function serializeError(thrown, fromSource, depth) {
    depth = depth || 0;
    if (thrown === null || typeof thrown !== "object" || typeof thrown.message !== "string" ||
        !(thrown instanceof Error || typeof thrown.name === "string")) {
      try {
        return { kind: "value", value: structuredClone(thrown) };
      } catch {
        return { kind: "value", value: String(thrown) };
      }
    }
    const name = String(thrown.name);
    let message = thrown.message;
    let stack = typeof thrown.stack === "string" ? thrown.stack : undefined;
    if (fromSource && name === "ReferenceError" && !message.endsWith(CAPTURE_HINT)) {
      const firstLine = name + ": " + message;
      message += CAPTURE_HINT;
      if (stack !== undefined && stack.startsWith(firstLine)) stack = name + ": " + message + stack.slice(firstLine.length);
    }
    const fields = {};
    for (const key of Object.keys(thrown)) {
      if (key === "name" || key === "message" || key === "stack" || key === "cause" || key === "errors") continue;
      try {
        fields[key] = structuredClone(thrown[key]);
      } catch {
        // A field that cannot cross threads is left behind.
      }
    }
    const data = { kind: "error", name, message, stack, fields, hasCause: "cause" in thrown };
    if (data.hasCause && depth < 8) data.cause = serializeError(thrown.cause, false, depth + 1);
    if (Array.isArray(thrown.errors) && depth < 8) {
      data.errors = thrown.errors.map((inner) => serializeError(inner, false, depth + 1));
    }
    return data;
  }
  return { compileFunction, serializeError };
})()`;

interface WorkerHelpers {
  compileFunction(source: string): (...args: unknown[]) => unknown;
  serializeError(thrown: unknown, fromSource: boolean): SerializedThrown;
}

let helpers: WorkerHelpers | undefined;

// Evaluated on first use only: a process started with --disallow-code-generation-from-strings
// can still load the library, it just cannot run functions sent from other threads.
function loadHelpers(): WorkerHelpers {
  // biome-ignore lint/security/noGlobalEval: the helpers are our own source text, evaluated once in global scope
  helpers ??= (0, eval)(WORKER_HELPERS_SOURCE) as WorkerHelpers;
  return helpers;
}

/** The function whose source text is `source` (see {@link WORKER_HELPERS_SOURCE}). */
export function compileFunction(source: string): (...args: unknown[]) => unknown {
  return loadHelpers().compileFunction(source);
}

/** `thrown` as plain data that survives structured clone (see {@link WORKER_HELPERS_SOURCE}). */
export function serializeError(thrown: unknown, fromSource = false): SerializedThrown {
  return loadHelpers().serializeError(thrown, fromSource);
}
