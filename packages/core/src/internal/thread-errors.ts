/**
 * Rebuilding, on the receiving thread, an error that another thread threw.
 *
 * @module
 */
import { BrokenBarrierError } from "../exceptions/broken-barrier-error.js";
import { CancelledError } from "../exceptions/cancelled-error.js";
import { ExceptionGroup } from "../exceptions/exception-group.js";
import { IncompleteReadError } from "../exceptions/incomplete-read-error.js";
import { InvalidStateError } from "../exceptions/invalid-state-error.js";
import { KeyboardInterrupt } from "../exceptions/keyboard-interrupt.js";
import { LimitOverrunError } from "../exceptions/limit-overrun-error.js";
import { LookupError } from "../exceptions/lookup-error.js";
import { QueueEmpty } from "../exceptions/queue-empty.js";
import { QueueFull } from "../exceptions/queue-full.js";
import { QueueShutDown } from "../exceptions/queue-shut-down.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { SendfileNotAvailableError } from "../exceptions/sendfile-not-available-error.js";
import { TimeoutError } from "../exceptions/timeout-error.js";
import { ValueError } from "../exceptions/value-error.js";
import type { SerializedThrown } from "./worker-helpers.js";

type AnyErrorClass = abstract new (...args: never[]) => Error;

// Classes rebuilt as themselves: JavaScript's own, and every asyncio-ts exception. Any other
// name comes back as an `Error` whose `name` is that name.
const KNOWN_CLASSES: ReadonlyMap<string, AnyErrorClass> = new Map<string, AnyErrorClass>([
  ["Error", Error],
  ["TypeError", TypeError],
  ["RangeError", RangeError],
  ["ReferenceError", ReferenceError],
  ["SyntaxError", SyntaxError],
  ["EvalError", EvalError],
  ["URIError", URIError],
  ["AggregateError", AggregateError],
  ["CancelledError", CancelledError],
  ["InvalidStateError", InvalidStateError],
  ["TimeoutError", TimeoutError],
  ["RuntimeError", RuntimeError],
  ["ValueError", ValueError],
  ["LookupError", LookupError],
  ["KeyboardInterrupt", KeyboardInterrupt],
  ["QueueEmpty", QueueEmpty],
  ["QueueFull", QueueFull],
  ["QueueShutDown", QueueShutDown],
  ["BrokenBarrierError", BrokenBarrierError],
  ["SendfileNotAvailableError", SendfileNotAvailableError],
  ["IncompleteReadError", IncompleteReadError],
  ["LimitOverrunError", LimitOverrunError],
  ["ExceptionGroup", ExceptionGroup],
]);

/**
 * The error (or other thrown value) that `data` describes: same class when it is one of
 * JavaScript's or ours, same `name`, `message`, `stack` (the other thread's), `cause`, nested
 * `errors` and cloneable own fields. Constructors are not run (their signatures differ): the
 * object is made by `Error`/`AggregateError` with the class as `new.target`, so it is a real
 * error of that class.
 */
export function rebuildThrown(data: SerializedThrown): unknown {
  if (data.kind === "value") {
    // Python cannot raise None; a future cannot hold it as its exception either.
    if (data.value === undefined || data.value === null)
      return new TypeError(`the function threw ${String(data.value)}`);
    return data.value;
  }
  const known = KNOWN_CLASSES.get(data.name);
  const errors = data.errors?.map(rebuildThrown);
  const isAggregate =
    known === AggregateError ||
    known?.prototype instanceof AggregateError ||
    (known === undefined && errors !== undefined);
  const error: Error = isAggregate
    ? Reflect.construct(AggregateError, [errors ?? [], data.message], known ?? AggregateError)
    : Reflect.construct(Error, [data.message], known ?? Error);
  if (error.name !== data.name) {
    Object.defineProperty(error, "name", { value: data.name, writable: true, configurable: true, enumerable: false });
  }
  if (data.stack !== undefined) {
    Object.defineProperty(error, "stack", { value: data.stack, writable: true, configurable: true, enumerable: false });
  }
  if (data.hasCause) {
    const cause = data.cause === undefined ? undefined : rebuildThrown(data.cause);
    Object.defineProperty(error, "cause", { value: cause, writable: true, configurable: true, enumerable: false });
  }
  if (known === ExceptionGroup) Object.freeze((error as AggregateError).errors);
  for (const [key, value] of Object.entries(data.fields)) {
    Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: true });
  }
  return error;
}
