import { RuntimeError } from "./exceptions/runtime-error.js";
import { runtimeRegistry } from "./internal/runtime-registry.js";
import { taskStorage } from "./internal/task-frame.js";

/** The map of every context that has set nothing: never written to (`_shared`). */
/**
 * A context variable as a Context holds it: the read side of `ContextVar` (context-var.ts,
 * which imports this file), so that the two files do not import each other.
 */
export interface ContextVariable<T> {
  readonly name: string;
  get(...defaultValue: [] | [T]): T;
}

const EMPTY: Map<ContextVariable<unknown>, unknown> = new Map();

/**
 * A mapping of context variables to values, as Python's `contextvars.Context`. Each task runs
 * in its own copy of its creator's context, so a `ContextVar` set in one task is not seen by
 * another. Copies are O(1): the values are shared until one side writes.
 *
 * @example
 * ```ts
 * const requestId = new ContextVar<string>("requestId");
 * const context = copyContext();
 * context.run(() => requestId.set("abc"));
 * context.get(requestId); // "abc"
 * ```
 */
export class Context implements Iterable<[ContextVariable<unknown>, unknown]> {
  /** @internal */ _values: Map<ContextVariable<unknown>, unknown>;
  /** @internal the map is shared (with a copy, or the empty map): clone before writing */
  _shared: boolean;
  /** @internal */ _entered = false;

  constructor() {
    this._values = EMPTY;
    // Copy-on-write from the start: a context that never sets a variable allocates no map.
    this._shared = true;
  }

  /**
   * Calls `fn(...args)` with this context as the current one and returns its result.
   * Throws `RuntimeError` if this context is already entered, as Python does.
   */
  run<Args extends unknown[], Result>(fn: (...args: Args) => Result, ...args: Args): Result {
    if (this._entered) {
      throw new RuntimeError(`cannot enter context: ${this.toString()} is already entered`);
    }
    const frame = taskStorage.getStore();
    this._entered = true;
    try {
      return taskStorage.run(
        { _frameTask: frame?._frameTask, _frameOwner: frame?._frameOwner, _context: this },
        fn,
        ...args,
      );
    } finally {
      this._entered = false;
    }
  }

  /** A shallow copy: the same variables with the same values. */
  copy(): Context {
    const copy = new Context();
    copy._values = this._values;
    this._shared = true;
    return copy;
  }

  /** The value of `variable` in this context, or `defaultValue` when it has none. */
  get<T>(variable: ContextVariable<T>, defaultValue?: T): T | undefined {
    return this._values.has(variable) ? (this._values.get(variable) as T) : defaultValue;
  }

  /** True when `variable` has a value in this context. */
  has(variable: ContextVariable<unknown>): boolean {
    return this._values.has(variable);
  }

  /** How many variables have a value here. */
  get size(): number {
    return this._values.size;
  }

  /** The variables that have a value here. */
  keys(): IterableIterator<ContextVariable<unknown>> {
    return this._values.keys();
  }

  /** Their values. */
  values(): IterableIterator<unknown> {
    return this._values.values();
  }

  /** `[variable, value]` pairs. */
  entries(): IterableIterator<[ContextVariable<unknown>, unknown]> {
    return this._values.entries();
  }

  [Symbol.iterator](): IterableIterator<[ContextVariable<unknown>, unknown]> {
    return this._values.entries();
  }

  toString(): string {
    return `<Context size=${this._values.size}>`;
  }

  /** @internal */
  _write(variable: ContextVariable<unknown>, value: unknown, remove: boolean): void {
    if (this._shared) {
      this._values = new Map(this._values);
      this._shared = false;
    }
    if (remove) this._values.delete(variable);
    else this._values.set(variable, value);
  }
}

// The root context and the in-use mark are the thread's, shared by every copy of core in it.
const registry = runtimeRegistry;

/** The context code runs in now: its task's, or the thread's root context. */
export function currentContext(): Context {
  return (
    (taskStorage.getStore()?._context as Context | undefined) ?? ((registry.rootContext ??= new Context()) as Context)
  );
}

/** The context a user callback captures: none until a ContextVar is used. */
export function captureContext(): Context | undefined {
  return registry.contextVariablesUsed ? currentContext().copy() : undefined;
}

/** Whether any ContextVar was ever set: until then, callbacks need no context of their own. */
export function contextVariablesInUse(): boolean {
  return registry.contextVariablesUsed;
}

export function markContextVariablesUsed(): void {
  registry.contextVariablesUsed = true;
}

/**
 * A copy of the current context, as Python's `contextvars.copy_context()`.
 *
 * @example
 * ```ts
 * const requestId = new ContextVar<string>("requestId");
 * requestId.set("a");
 * const snapshot = copyContext();
 * requestId.set("b");
 * snapshot.run(() => requestId.get()); // "a"
 * ```
 */
export function copyContext(): Context {
  return currentContext().copy();
}
