import {
  ensureFuture,
  type Future,
  futureAddToAwaitedBy,
  futureDiscardFromAwaitedBy,
  getEventLoop,
  isFuture,
  type AwaitableLike,
  type EventLoop,
} from "@asyncio-ts/core";
import { GatheringFuture } from "./internal/gathering-future.js";
import type { AwaitedResult } from "./internal/types.js";
import { describeType, isAwaitable, isThenable } from "./internal/validate.js";

/** Options of {@link gather} (Python's keyword-only `return_exceptions`). */
export interface GatherOptions {
  /**
   * When true, a failed child puts its error (a cancelled child its `CancelledError`) in its
   * place in the results instead of failing the gather. Default false.
   */
  readonly returnExceptions?: boolean;
}

/** The results of `gather` over the awaitables `T`, in argument order. */
export type GatherResults<T extends readonly unknown[]> = { -readonly [K in keyof T]: AwaitedResult<T[K]> };

/**
 * The results of `gather(..., { returnExceptions: true })`: each place holds the awaitable's
 * result or the error it failed with (typed `Error`, though JavaScript can throw anything).
 */
export type GatherResultsOrErrors<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: AwaitedResult<T[K]> | Error;
};

type Awaitables = readonly AwaitableLike<unknown>[];

/**
 * Runs awaitables concurrently and resolves with their results in argument order, as
 * `asyncio.gather`. Coroutine functions are wrapped in Tasks; Futures and Tasks are awaited as
 * they are; an awaitable passed twice is awaited once.
 *
 * Pass them as arguments (`gather(a, b, c)`) or as one array, as `Promise.all` takes them
 * (`gather(tasks)`): spreading a very large array overflows V8's stack. A trailing plain object
 * (not a function, without `then`) is the options object.
 *
 * - The first failure fails the gather; the other children keep running.
 * - With `returnExceptions: true`, errors are returned in place of results.
 * - Cancelling the returned Future (or the task awaiting it) cancels every child; the gather
 *   then fails with `CancelledError`.
 * - A child cancelled on its own makes the gather fail with `CancelledError` (or puts the
 *   `CancelledError` in its place with `returnExceptions`), without cancelling the others.
 *
 * The returned value is a Future, not a promise: its work belongs to the loop, not to the
 * caller, so it can be created early and awaited later.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const [user, posts] = await gather(() => fetchUser(1), () => fetchPosts(1));
 *   const sizes = await gather(files.map((file) => () => statSize(file)));
 *   const outcomes = await gather(a, b, { returnExceptions: true }); // [result | Error, ...]
 * });
 * ```
 */
export function gather(): Future<[]>;
export function gather<const T extends Awaitables>(
  aws: T,
  options: GatherOptions & { readonly returnExceptions: true },
): Future<GatherResultsOrErrors<T>>;
export function gather<const T extends Awaitables>(
  aws: T,
  options?: GatherOptions & { readonly returnExceptions?: false },
): Future<GatherResults<T>>;
export function gather<const T extends Awaitables>(aws: T, options: GatherOptions): Future<GatherResultsOrErrors<T>>;
export function gather<T extends Awaitables>(
  ...args: [...aws: T, options: GatherOptions & { readonly returnExceptions: true }]
): Future<GatherResultsOrErrors<T>>;
export function gather<T extends Awaitables>(
  ...args: [...aws: T, options: GatherOptions & { readonly returnExceptions?: false }]
): Future<GatherResults<T>>;
export function gather<T extends Awaitables>(
  ...args: [...aws: T, options: GatherOptions]
): Future<GatherResultsOrErrors<T>>;
export function gather<T extends Awaitables>(...aws: T): Future<GatherResults<T>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let awaitables: readonly unknown[] = args;
  let options: GatherOptions | undefined;
  if (args.length > 0 && isOptionsObject(args[args.length - 1])) {
    options = args[args.length - 1] as GatherOptions;
    awaitables = args.slice(0, -1);
  }
  if (awaitables.length === 1 && Array.isArray(awaitables[0])) awaitables = awaitables[0] as readonly unknown[];
  return gatherAll(awaitables, options?.returnExceptions === true);
}

function gatherAll(awaitables: readonly unknown[], returnExceptions: boolean): Future<unknown[]> {
  const count = awaitables.length;
  if (count === 0) {
    const outer = getEventLoop().createFuture<unknown[]>();
    outer.setResult([]);
    return outer;
  }
  for (let index = 0; index < count; index++) {
    // Checked first: a bad argument must not leave tasks started for the good ones.
    if (!isAwaitable(awaitables[index])) {
      throw new TypeError(
        `An asyncio.Future, a coroutine or an awaitable is required, not ${describeType(awaitables[index])}`,
      );
    }
  }
  const children = new Array<Future<unknown>>(count);
  // One future per coroutine function or promise passed (Python's `arg_to_fut`). Futures passed
  // twice are found below, by their "awaited by" mark: no map over every argument.
  let futureOf: Map<unknown, Future<unknown>> | undefined;
  let loop: EventLoop | undefined;
  for (let index = 0; index < count; index++) {
    const awaitable = awaitables[index];
    const given = isFuture(awaitable);
    let future = given ? undefined : futureOf?.get(awaitable);
    if (future === undefined) {
      future = ensureFuture(awaitable as AwaitableLike<unknown>, loop === undefined ? {} : { loop });
      if (!given) (futureOf ??= new Map()).set(awaitable, future);
    }
    loop ??= future.getLoop() as EventLoop;
    children[index] = future;
  }
  const outer = new GatheringFuture<unknown[]>(children, returnExceptions, loop as EventLoop);
  const done: Future<unknown>[] = [];
  let unique = 0;
  for (const future of children) {
    // For the call graph the gathering future awaits its children (Python 3.14 does the same);
    // a child already marked is one passed twice, awaited once.
    if (!futureAddToAwaitedBy(future, outer)) continue;
    unique++;
    if (future.done()) done.push(future);
    else future.addDoneCallback(outer.onChildDone);
  }
  outer.expectChildren(unique);
  // Children done already are counted now, once the gathering future exists (CPython does too).
  for (const future of done) {
    futureDiscardFromAwaitedBy(future, outer);
    outer.onChildDone(future);
  }
  return outer;
}

/** A trailing options object: a plain object that is not an awaitable. */
function isOptionsObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isThenable(value);
}
