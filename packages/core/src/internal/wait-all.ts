import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { Future } from "../future.js";

/** A future done once every one of `futures` is done, whatever their outcome. */
export function waitAll(loop: AbstractEventLoop, futures: Iterable<Future<unknown>>): Future<void> {
  const all = new Future<void>({ loop });
  let remaining = 1;
  const countDown = (): void => {
    if (--remaining === 0 && all._isPending) all._resolve(undefined);
  };
  for (const future of futures) {
    remaining++;
    future.addDoneCallback(countDown);
  }
  countDown();
  return all;
}
