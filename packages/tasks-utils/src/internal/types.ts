import type { Future } from "@asyncio-ts/core";

/** What awaiting `A` gives: the result of a coroutine function, or of a Future or promise. */
export type AwaitedResult<A> = A extends (...args: never[]) => infer R ? Awaited<R> : Awaited<A>;

/** The result type of a Future. */
export type FutureResult<F> = F extends Future<infer T> ? T : never;
