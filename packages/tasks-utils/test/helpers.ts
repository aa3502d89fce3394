import { getRunningLoop, sleep, type Future } from "@asyncio-ts/core";

/** Lets the loop run `count` iterations (each `sleep(0)` yields exactly one). */
export async function iterations(count: number): Promise<void> {
  for (let index = 0; index < count; index++) await sleep(0);
}

/** A pending future on the running loop. */
export function pending<T = unknown>(): Future<T> {
  return getRunningLoop().createFuture<T>();
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => PromiseLike<unknown> | unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

/** A counting done callback. */
export function doneCallback(): ((future: Future<unknown>) => void) & { calls: Future<unknown>[] } {
  const calls: Future<unknown>[] = [];
  const callback = (future: Future<unknown>): void => {
    calls.push(future);
  };
  return Object.assign(callback, { calls });
}
