import type { AwaitedFuture } from "./awaited-future.js";

type Loop = AwaitedFuture["_loop"];

interface HeldReport {
  readonly loop: Loop;
  readonly error: unknown;
  readonly description: string;
  readonly isTask: boolean;
  /** The future itself, for the report at the loop's close (weakly: the registry needs it collectable). */
  readonly future: WeakRef<AwaitedFuture>;
}

// Python reports an exception nobody retrieved when the future is garbage collected
// (`__del__`). A FinalizationRegistry gives us the same moment without keeping the future alive.
const registry = new FinalizationRegistry<HeldReport>((held) => {
  forget(held);
  if (held.loop.isClosed()) return;
  held.loop.callExceptionHandler({
    message: messageOf(held),
    exception: held.error,
    futureDescription: held.description,
  });
});

// CPython collects an unreachable future at once (reference counting), so its report comes
// right away; V8 collects when it likes, maybe never before the process exits. So what is
// still unretrieved when its loop closes is reported then, and only then.
const heldByLoop = new WeakMap<Loop, Set<HeldReport>>();
const heldByFuture = new WeakMap<AwaitedFuture, HeldReport>();

function messageOf(held: HeldReport): string {
  return held.isTask ? "Task exception was never retrieved" : "Future exception was never retrieved";
}

function forget(held: HeldReport): void {
  heldByLoop.get(held.loop)?.delete(held);
}

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
    const loop = future._loop;
    const held: HeldReport = { loop, error, description: future.toString(), isTask, future: new WeakRef(future) };
    registry.register(future, held, future);
    heldByFuture.set(future, held);
    let forLoop = heldByLoop.get(loop);
    if (forLoop === undefined) heldByLoop.set(loop, (forLoop = new Set()));
    forLoop.add(held);
  },
  retrieved(future: AwaitedFuture): void {
    const held = heldByFuture.get(future);
    if (held === undefined) return;
    heldByFuture.delete(future);
    registry.unregister(future);
    forget(held);
  },
  /** Reports, once, every future of `loop` whose exception is still unretrieved (the loop is closing). */
  reportAtClose(loop: Loop): void {
    const forLoop = heldByLoop.get(loop);
    if (forLoop === undefined) return;
    heldByLoop.delete(loop);
    for (const held of forLoop) {
      const future = held.future.deref();
      if (future === undefined) continue;
      heldByFuture.delete(future);
      registry.unregister(future);
      loop.callExceptionHandler({ message: messageOf(held), exception: held.error, future });
    }
  },
};
