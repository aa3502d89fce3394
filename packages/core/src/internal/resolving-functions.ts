import { types } from "node:util";

/**
 * The compact form of a library `await`. When an async function awaits a Future, V8 makes a
 * wrapper promise and calls `future.then(resolve, reject)` with the wrapper's two resolving
 * functions. Only `resolve` is kept: the awaiting task (or library call) holds it in one field
 * and is itself the future's callback, so a pending await costs no object of ours and V8's
 * `reject` function is collected. A failure reaches the awaiter through
 * `resolve(new Rejection(error))`, which rejects the wrapper one microtask later than `reject`
 * would: the loop's step turns wait for it. The check below costs time on every await, so
 * `Future.then` makes it only while the loop has many awaits pending
 * (`EventLoop._compactAwaitsFrom`).
 */

const functionSource = Function.prototype.toString;

let sampleResolve: unknown;
void new Promise<void>((resolve) => {
  sampleResolve = resolve;
});
/** What a resolving function prints: `function () { [native code] }`, the same for any built-in without a name. */
const RESOLVING_FUNCTION_SOURCE = functionSource.call(sampleResolve as () => void);

/**
 * Whether `then` got a promise's own resolving functions. Only a built-in, a bound function or a
 * callable Proxy prints as native code; a callback written in JavaScript prints its source. A
 * bound function's name starts with "bound", and a Proxy is asked first (reading its name could
 * run a trap). What remains, with no name, is a resolving function, or a `Promise.all` element
 * function or an engine-internal `await` closure, which are never handed to code.
 */
export function isResolvingPair(onFulfilled: unknown, onRejected: unknown): onFulfilled is (value: unknown) => void {
  return (
    typeof onFulfilled === "function" &&
    typeof onRejected === "function" &&
    functionSource.call(onFulfilled) === RESOLVING_FUNCTION_SOURCE &&
    functionSource.call(onRejected) === RESOLVING_FUNCTION_SOURCE &&
    !types.isProxy(onFulfilled) &&
    !types.isProxy(onRejected) &&
    onFulfilled.name === "" &&
    onRejected.name === ""
  );
}

/** A thenable that rejects whatever adopts it: a resolving function given one rejects its promise. */
export class Rejection {
  constructor(private readonly reason: unknown) {}

  then(_onFulfilled: unknown, onRejected: (reason: unknown) => void): void {
    onRejected(this.reason);
  }
}
