import { LookupError } from "./exceptions/lookup-error.js";
import { RuntimeError } from "./exceptions/runtime-error.js";
import { ValueError } from "./exceptions/value-error.js";
import { currentContext, markContextVariablesUsed, type Context } from "./context.js";

const MISSING: unique symbol = Symbol("Token.MISSING");

/** Options of {@link ContextVar}. */
export interface ContextVarOptions<T> {
  /** The value `get()` returns when the variable has none in the current context. */
  readonly default?: T;
}

/**
 * A context variable, as Python's `contextvars.ContextVar`: its value depends on the
 * context the code runs in, so each task sees its own.
 *
 * @example
 * ```ts
 * const user = new ContextVar<string>("user", { default: "anonymous" });
 * await run(async () => {
 *   const token = user.set("ada");
 *   try { await handle(); } finally { user.reset(token); }
 * });
 * ```
 */
export class ContextVar<T> {
  /** The variable's name, for display. */
  readonly name: string;
  readonly #hasDefault: boolean;
  readonly #default: T | undefined;

  constructor(name: string, options: ContextVarOptions<T> = {}) {
    if (typeof name !== "string") throw new TypeError("context variable name must be a str");
    this.name = name;
    this.#hasDefault = "default" in options;
    this.#default = options.default;
  }

  /**
   * The value in the current context; else `defaultValue` if given; else the variable's
   * default; else throws `LookupError`, as Python does.
   */
  get(...defaultValue: [] | [T]): T {
    const context = currentContext();
    if (context._values.has(this)) return context._values.get(this) as T;
    if (defaultValue.length > 0) return defaultValue[0] as T;
    if (this.#hasDefault) return this.#default as T;
    throw new LookupError(`<ContextVar name=${JSON.stringify(this.name)}>`);
  }

  /** Sets the value in the current context; the returned token restores the old one. */
  set(value: T): Token<T> {
    markContextVariablesUsed();
    const context = currentContext();
    const old = context._values.has(this) ? (context._values.get(this) as T) : MISSING;
    context._write(this as ContextVar<unknown>, value, false);
    return new Token(this, old, context);
  }

  /** Restores the value this variable had before the `set` that returned `token`. */
  reset(token: Token<T>): void {
    if (!(token instanceof Token)) throw new TypeError(`expected an instance of Token, got ${String(token)}`);
    if (token._used) throw new RuntimeError(`${token.toString()} has already been used once`);
    if (token.var !== this) throw new ValueError(`${token.toString()} was created by a different ContextVar`);
    const context = currentContext();
    if (token._context !== context) throw new ValueError(`${token.toString()} was created in a different Context`);
    token._used = true;
    if (token.oldValue === MISSING) context._write(this as ContextVar<unknown>, undefined, true);
    else context._write(this as ContextVar<unknown>, token.oldValue, false);
  }

  toString(): string {
    return `<ContextVar name=${JSON.stringify(this.name)}>`;
  }
}

/**
 * What `ContextVar.set` returns, as Python's `contextvars.Token`: hand it to `reset` to
 * restore the previous value.
 *
 * @example
 * ```ts
 * const level = new ContextVar<number>("level", { default: 0 });
 * const token = level.set(1);
 * token.oldValue === Token.MISSING; // true: level had no value before
 * level.reset(token);
 * level.get(); // 0
 * ```
 */
export class Token<T> {
  /** Marks that the variable had no value before the `set`. */
  static readonly MISSING: typeof MISSING = MISSING;
  /** @internal */ _used = false;

  /** The variable that was set. */
  readonly var: ContextVar<T>;
  /** Its value before the set, or `Token.MISSING`. */
  readonly oldValue: T | typeof MISSING;
  /** @internal */ readonly _context: Context;

  /** @internal */
  constructor(variable: ContextVar<T>, oldValue: T | typeof MISSING, context: Context) {
    this.var = variable;
    this.oldValue = oldValue;
    this._context = context;
  }

  toString(): string {
    return `<Token${this._used ? " used" : ""} var=${this.var.toString()}>`;
  }
}
