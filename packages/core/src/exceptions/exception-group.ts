import { markErrorClass } from "../internal/error-marker.js";
import { ValueError } from "./value-error.js";

/**
 * A class whose instances are errors: `ValueError`, `TypeError`, `Error`, a class of your own.
 * Used as a condition by {@link ExceptionGroup.split} and {@link ExceptionGroup.subgroup}.
 */
export type ErrorClass<T extends Error = Error> = abstract new (...args: never[]) => T;

/**
 * A predicate used as a condition by {@link ExceptionGroup.split} and
 * {@link ExceptionGroup.subgroup}. As in Python, it is called with the group itself first,
 * then with each nested group and leaf error (depth first), until it returns true.
 */
export type ErrorPredicate = (error: Error) => boolean;

/**
 * What {@link ExceptionGroup.split} and {@link ExceptionGroup.subgroup} match against, as in
 * Python: an error class (matches with `instanceof`), an array of classes (Python's tuple of
 * exception types) or a predicate. A function counts as a class when it is `Error` or its
 * `prototype` is an `Error`; any other function is a predicate.
 */
export type ExceptionGroupCondition<T extends Error = Error> =
  | ErrorClass<T>
  | readonly ErrorClass<T>[]
  | ErrorPredicate;

/** The shape of {@link ExceptionGroup.split}'s result: `[match, rest]`. */
export type ExceptionGroupSplit<M extends Error, R extends Error> = [
  match: ExceptionGroup<M> | null,
  rest: ExceptionGroup<R> | null,
];

type Matcher = (error: Error) => boolean;

function isErrorClass(value: unknown): value is ErrorClass {
  return (
    typeof value === "function" && (value === Error || (value as { prototype?: unknown }).prototype instanceof Error)
  );
}

function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

function toMatcher(condition: unknown): Matcher {
  if (isErrorClass(condition)) return (error) => error instanceof condition;
  if (typeof condition === "function") {
    const predicate = condition as ErrorPredicate;
    return (error) => Boolean(predicate(error));
  }
  if (Array.isArray(condition) && condition.every(isErrorClass)) {
    const classes: readonly ErrorClass[] = condition.slice();
    return (error) => classes.some((errorClass) => error instanceof errorClass);
  }
  throw new TypeError("expected a function, an Error class or an array of Error classes");
}

interface SplitResult {
  match: Error | null;
  rest: Error | null;
}

function defineHidden(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * Python's `exceptiongroup_subset`: `orig.derive(exceptions)` with orig's metadata copied on
 * (stack, for Python's `__traceback__`; `cause`, for `__cause__`; a copy of `notes`).
 */
function subset(orig: ExceptionGroup, exceptions: Error[]): ExceptionGroup | null {
  if (exceptions.length === 0) return null;
  const derived: unknown = orig.derive(exceptions);
  if (!(derived instanceof ExceptionGroup)) {
    throw new TypeError("derive must return an instance of ExceptionGroup");
  }
  if (orig.stack !== undefined) defineHidden(derived, "stack", orig.stack);
  if (Object.hasOwn(orig, "cause")) defineHidden(derived, "cause", orig.cause);
  else if (Object.hasOwn(derived, "cause")) delete derived.cause;
  const notes: unknown = orig.notes;
  if (Array.isArray(notes)) derived.notes = notes.slice() as string[];
  return derived;
}

/** Python's `exceptiongroup_split_recursive`. */
function splitRecursive(error: Error, matcher: Matcher, constructRest: boolean): SplitResult {
  if (matcher(error)) return { match: error, rest: null };
  if (!(error instanceof ExceptionGroup)) return { match: null, rest: constructRest ? error : null };
  const matches: Error[] = [];
  const rests: Error[] = [];
  for (const child of error.exceptions) {
    const { match, rest } = splitRecursive(child, matcher, constructRest);
    if (match !== null) matches.push(match);
    if (rest !== null) rests.push(rest);
  }
  return {
    match: subset(error, matches),
    rest: constructRest ? subset(error, rests) : null,
  };
}

/**
 * A group of unrelated errors raised together: mirrors Python's `ExceptionGroup` (PEP 654), as
 * `TaskGroup` raises it when several tasks fail. It extends `AggregateError`, and
 * {@link ExceptionGroup.exceptions} is the very array `AggregateError` keeps as `errors`
 * (frozen, as Python's tuple is immutable).
 *
 * `split`, `subgroup` and `derive` have Python's semantics: structure (nesting) is preserved,
 * a condition is tested against the group itself first, and the derived parts keep the
 * original's `message`, `cause`, `stack` and a copy of its `notes`. `split`/`subgroup` build
 * the parts with {@link ExceptionGroup.derive}, so a subclass that overrides `derive` keeps its
 * type; otherwise the parts are plain `ExceptionGroup`s, as in Python.
 *
 * Unlike Python there is no separate `BaseExceptionGroup`: any `Error` may be nested
 * (including `CancelledError` and `KeyboardInterrupt`). To handle a group clause by clause as
 * Python's `except*` does, see `exceptStar` in `@asyncio-ts/exceptions`.
 *
 * @typeParam E - the type of the leaf errors
 *
 * @example
 * ```ts
 * const eg = new ExceptionGroup("many", [
 *   new ValueError("bad value"),
 *   new ExceptionGroup("nested", [new TypeError("bad type"), new ValueError("worse value")]),
 * ]);
 * const [values, rest] = eg.split(ValueError);
 * // values: ExceptionGroup("many", [ValueError("bad value"), ExceptionGroup("nested", [ValueError("worse value")])])
 * // rest:   ExceptionGroup("many", [ExceptionGroup("nested", [TypeError("bad type")])])
 * eg.subgroup((e) => e.message.startsWith("worse")); // ExceptionGroup("many", [ExceptionGroup("nested", [ValueError("worse value")])])
 * ```
 */
export class ExceptionGroup<E extends Error = Error> extends AggregateError {
  /** Whether `value` is an `ExceptionGroup`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ExceptionGroup;

  static {
    markErrorClass(this, "ExceptionGroup");
  }

  /** The message given to the constructor, as Python's `message` (without the sub-exception count). */
  declare message: string;

  /**
   * Notes added with {@link ExceptionGroup.addNote} (Python's `__notes__`); absent until the first
   * note is added. `split`, `subgroup` give each part its own copy.
   */
  declare notes?: string[];

  /**
   * @param message - the group's message; must be a string (`TypeError` otherwise)
   * @param exceptions - a non-empty array of errors or nested groups (`ValueError` otherwise,
   *   as in Python; `TypeError` when it is not an array at all)
   * @param options - standard `Error` options (`cause`)
   */
  constructor(message: string, exceptions: readonly (E | ExceptionGroup<E>)[], options?: ErrorOptions) {
    if (typeof message !== "string") {
      throw new TypeError(
        `ExceptionGroup: argument 1 (message) must be a string, not ${message === null ? "null" : typeof message}`,
      );
    }
    if (!Array.isArray(exceptions)) {
      throw new TypeError("second argument (exceptions) must be a sequence");
    }
    if (exceptions.length === 0) {
      throw new ValueError("second argument (exceptions) must be a non-empty sequence");
    }
    for (let index = 0; index < exceptions.length; index++) {
      if (!isError(exceptions[index])) {
        throw new ValueError(`Item ${index} of second argument (exceptions) is not an exception`);
      }
    }
    super(exceptions, message, options);
    Object.freeze(this.errors);
  }

  /** The nested errors and groups, in order: the same (frozen) array as `errors`. Python's `exceptions`. */
  get exceptions(): readonly (E | ExceptionGroup<E>)[] {
    return this.errors as readonly (E | ExceptionGroup<E>)[];
  }

  /**
   * The part of this group that matches `condition`, or `null`: Python's `subgroup`. Returns
   * this very group when the condition matches it as a whole.
   *
   * @example
   * ```ts
   * const eg = new ExceptionGroup("eg", [new ValueError("a"), new TypeError("b")]);
   * eg.subgroup(ValueError)?.exceptions; // [ValueError("a")]
   * eg.subgroup(Error) === eg;            // true
   * eg.subgroup(RangeError);              // null
   * ```
   */
  subgroup(condition: ErrorPredicate): ExceptionGroup<E> | null;
  subgroup<T extends Error>(condition: ErrorClass<T> | readonly ErrorClass<T>[]): ExceptionGroup<T> | null;
  subgroup(condition: ExceptionGroupCondition): ExceptionGroup | null;
  subgroup(condition: ExceptionGroupCondition): ExceptionGroup | null {
    return splitRecursive(this, toMatcher(condition), false).match as ExceptionGroup | null;
  }

  /**
   * Splits this group into `[match, rest]` by `condition`, each an `ExceptionGroup` (with this
   * group's nesting) or `null`: Python's `split`. When the condition matches this group as a
   * whole, `match` is this very group and `rest` is `null`.
   *
   * @example
   * ```ts
   * const eg = new ExceptionGroup("eg", [new ValueError("a"), new TypeError("b")]);
   * const [values, others] = eg.split(ValueError);
   * values?.exceptions; // [ValueError("a")]
   * others?.exceptions; // [TypeError("b")]
   * ```
   */
  split(condition: ErrorPredicate): ExceptionGroupSplit<E, E>;
  split<T extends Error>(condition: ErrorClass<T> | readonly ErrorClass<T>[]): ExceptionGroupSplit<T, E>;
  split(condition: ExceptionGroupCondition): ExceptionGroupSplit<Error, E>;
  split(condition: ExceptionGroupCondition): ExceptionGroupSplit<Error, Error> {
    const { match, rest } = splitRecursive(this, toMatcher(condition), true);
    return [match as ExceptionGroup | null, rest as ExceptionGroup | null];
  }

  /**
   * A new group with this group's message and the given `exceptions`: Python's `derive`, which
   * `split` and `subgroup` use to build their parts. Like Python's, it copies nothing else
   * (`split`/`subgroup` copy `cause`, `stack` and `notes` themselves); override it in a subclass
   * to keep the subclass and its extra fields in split parts.
   *
   * @example
   * ```ts
   * class CodedGroup extends ExceptionGroup {
   *   constructor(message: string, exceptions: readonly Error[], readonly code: number) {
   *     super(message, exceptions);
   *   }
   *   override derive(exceptions: readonly Error[]): CodedGroup {
   *     return new CodedGroup(this.message, exceptions, this.code);
   *   }
   * }
   * ```
   */
  derive(exceptions: readonly Error[]): ExceptionGroup {
    return new ExceptionGroup(this.message, exceptions);
  }

  /**
   * Appends `note` to {@link ExceptionGroup.notes}, creating it if needed: Python's `add_note`.
   *
   * @throws TypeError if `note` is not a string, or `notes` has been set to something other than an array
   */
  addNote(note: string): void {
    if (typeof note !== "string") {
      throw new TypeError(`note must be a string, not ${note === null ? "null" : typeof note}`);
    }
    const notes: unknown = this.notes;
    if (notes === undefined) this.notes = [note];
    else if (Array.isArray(notes)) notes.push(note);
    else throw new TypeError("Cannot add note: notes is not an array");
  }
}
