import type { AwaitedFuture } from "./awaited-future.js";

interface HeldReport {
  readonly loop: AwaitedFuture["_loop"];
  readonly error: unknown;
  readonly description: string;
  readonly isTask: boolean;
}

// Python reports an exception nobody retrieved when the future is garbage collected
// (`__del__`). A FinalizationRegistry gives us the same moment without keeping the future alive.
const registry = new FinalizationRegistry<HeldReport>((held) => {
  if (held.loop.isClosed()) return;
  held.loop.callExceptionHandler({
    message: held.isTask ? "Task exception was never retrieved" : "Future exception was never retrieved",
    exception: held.error,
    futureDescription: held.description,
  });
});

export const unretrievedExceptions = {
  track(future: AwaitedFuture, error: unknown): void {
    // V8 keeps an error's stack frames (with their receivers, such as the task that threw)
    // until the stack is formatted; the registry holds the error, so format it now or the
    // future could never be collected.
    try {
      void (error as { stack?: unknown } | null)?.stack;
    } catch {
      // a hostile getter: nothing to release
    }
    const isTask = typeof (future as { getCoro?: unknown }).getCoro === "function";
    registry.register(future, { loop: future._loop, error, description: future.toString(), isTask }, future);
  },
  retrieved(future: AwaitedFuture): void {
    registry.unregister(future);
  },
};
