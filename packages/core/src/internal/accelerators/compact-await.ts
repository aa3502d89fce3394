// node:util/types, not node:util: on Node 24 importing node:util as ESM loads worker_threads too.
import { isProxy } from "node:util/types";
import type { AwaitedFuture } from "../awaited-future.js";
import type { Awaiter } from "../frame-types.js";
import { FULFILLED } from "../future-state.js";
import { AwaitReceipt } from "./await-receipt.js";

/**
 * The compact form of a library `await`. When an async function awaits a Future, V8 makes a
 * wrapper promise and calls `future.then(resolve, reject)` with the wrapper's two resolving
 * functions. Only `resolve` is kept: the awaiting task (or library call) holds it in one field
 * and is itself the future's callback, so a pending await costs no object of ours and the
 * engine's `reject` function is collected. A failure reaches the awaiter through
 * `resolve(new Rejection(error))`, which rejects the wrapper one microtask later than `reject`
 * would: the loop's step turns wait for it.
 *
 * Nothing documents that an `await` hands `then` the resolving functions, nor how they print:
 * {@link probeCompactAwait} checks, on this runtime, that what the check recognises behaves as
 * the plain await would before the form is used. The check costs time per await, so the form is
 * taken only while the loop has many awaits pending, where the memory matters.
 */

const functionSource = Function.prototype.toString;

let sampleResolve: unknown;
void new Promise<void>((resolve) => {
  sampleResolve = resolve;
});
/** What a resolving function prints: the same text as any built-in without a name. */
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
    !isProxy(onFulfilled) &&
    !isProxy(onRejected) &&
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

/**
 * Takes the await in the compact form and returns what `then` returns, or undefined when the
 * plain form must serve: the probe did not pass, it is not an `await` of a task's own code, the
 * owner already awaits something (a `Promise.all`), or too few awaits pend for it to pay.
 */
export function compactAwait(
  future: AwaitedFuture,
  owner: Awaiter | undefined,
  onFulfilled: unknown,
  onRejected: unknown,
  threshold: number,
): PromiseLike<unknown> | undefined {
  if (
    owner === undefined ||
    owner._waiters !== undefined ||
    future._loop._pendingAwaits < threshold ||
    !isResolvingPair(onFulfilled, onRejected)
  ) {
    return undefined;
  }
  owner._resume = onFulfilled;
  future._addCallback(owner);
  return new AwaitReceipt(future);
}

/**
 * Delivers the outcome of the future a compact await waits on, which is the owner's first
 * waiter: awaits made in its frame meanwhile (a `then` callback's) come after it.
 */
export function resumeCompactAwait(owner: Awaiter & { _firstWaiter(): unknown }): void {
  const resume = owner._resume as (value: unknown) => void;
  owner._resume = undefined;
  const future = owner._firstWaiter() as AwaitedFuture;
  future._loop._pendingAwaits--;
  if (owner._wake(future)) resume(new Rejection(owner._takeCancelledError()));
  else if (future._state === FULFILLED) resume(future._outcome);
  else resume(new Rejection(future._failure()));
}

/**
 * Does this runtime's `await` of a thenable call `then` with functions the check recognises, and
 * do they settle the await as the plain form's callbacks would: a value resumes it with that
 * value, a {@link Rejection} throws its reason at the await? And does the check refuse functions
 * written in JavaScript, bound functions and Proxies? Asynchronous: an await calls `then` in a
 * microtask.
 */
export async function probeCompactAwait(): Promise<boolean> {
  try {
    const fulfilled = awaitThenable();
    const rejected = awaitThenable();
    await settleMicrotasks();
    const [resolveFirst, rejectFirst] = fulfilled.received;
    const [resolveSecond, rejectSecond] = rejected.received;
    if (!isResolvingPair(resolveFirst, rejectFirst) || !isResolvingPair(resolveSecond, rejectSecond)) return false;
    if (resolveFirst === resolveSecond) return false;
    const reason = new Error("probe");
    resolveFirst("value");
    resolveSecond(new Rejection(reason));
    const outcomes = await Promise.all([fulfilled.outcome, rejected.outcome]);
    if (outcomes[0] !== "fulfilled value" || outcomes[1] !== reason) return false;
    const written = (): void => {};
    const bound = written.bind(null);
    const proxied = new Proxy(resolveFirst, {});
    return (
      !isResolvingPair(written, written) &&
      !isResolvingPair(bound, bound) &&
      !isResolvingPair(proxied, rejectFirst) &&
      !isResolvingPair(resolveFirst, proxied)
    );
  } catch {
    return false;
  }
}

function awaitThenable(): { received: unknown[]; outcome: Promise<unknown> } {
  const probe = { received: [] as unknown[], outcome: undefined as unknown as Promise<unknown> };
  const thenable = {
    then(onFulfilled: (value: unknown) => void, onRejected: (reason: unknown) => void): void {
      probe.received = [onFulfilled, onRejected];
    },
  } as PromiseLike<unknown>;
  probe.outcome = (async () => {
    try {
      return `fulfilled ${String(await thenable)}`;
    } catch (error) {
      return error;
    }
  })();
  return probe;
}

async function settleMicrotasks(): Promise<void> {
  for (let turn = 0; turn < 4; turn++) await undefined;
}
