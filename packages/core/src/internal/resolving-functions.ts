/**
 * The compact form of a library `await`. When an async function awaits a Future, V8 makes a
 * wrapper promise and calls `future.then(resolve, reject)` with the wrapper's two resolving
 * functions. Only `resolve` is kept: the awaiting task (or library call) holds it in one field
 * and is itself the future's callback, so a pending await costs no object of ours and V8's
 * `reject` function (56 bytes) is collected. A failure reaches the awaiter through
 * `resolve(new Rejection(error))`, which rejects the wrapper one microtask later than `reject`
 * would: the loop's step turns wait for it.
 */

const functionSource = Function.prototype.toString;

let sampleResolve: unknown;
void new Promise<void>((resolve) => {
  sampleResolve = resolve;
});
/** What a resolving function prints: `function () { [native code] }`, the same for any built-in without a name. */
const RESOLVING_FUNCTION_SOURCE = functionSource.call(sampleResolve as () => void);

/**
 * Whether `then` got a promise's own resolving functions. A built-in function with no name is
 * one, or a `Promise.all` element function or an engine-internal `await` closure, never handed
 * to code: a callback of the caller's prints its source. The check is the source alone: for
 * V8's own call, every other test passes and only adds time.
 */
export function isResolvingPair(onFulfilled: unknown, onRejected: unknown): onFulfilled is (value: unknown) => void {
  return (
    typeof onFulfilled === "function" &&
    typeof onRejected === "function" &&
    functionSource.call(onFulfilled) === RESOLVING_FUNCTION_SOURCE &&
    functionSource.call(onRejected) === RESOLVING_FUNCTION_SOURCE
  );
}

/** A thenable that rejects whatever adopts it: a resolving function given one rejects its promise. */
export class Rejection {
  constructor(private readonly reason: unknown) {}

  then(_onFulfilled: unknown, onRejected: (reason: unknown) => void): void {
    onRejected(this.reason);
  }
}
