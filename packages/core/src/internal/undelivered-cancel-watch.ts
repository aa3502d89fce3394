import type { AbstractEventLoop } from "./abstract-event-loop.js";
import type { SchedulingLoop } from "./loop-interface.js";
import { creationSite, creationStackOf } from "./task-tree-site.js";

/** What the watch reads of a library call (an interface here, so the call's module can import this one). */
export interface WatchedCall {
  /** @internal */ readonly _loop: SchedulingLoop;
  /** @internal */ readonly _isPending: boolean;
  /** @internal */ readonly _mustCancel: boolean;
  /** @internal */ readonly _frameTask: object | undefined;
  /** @internal */ readonly _description: string | undefined;
}

/**
 * Debug mode: `call` was cancelled while it awaited no library future (a foreign promise, which
 * a cancel cannot interrupt). If it still runs with the cancel undelivered after the loop's
 * `slowCallbackDuration`, warn, naming the call (`waitFor()`, `Timeout.with()`), where it was
 * entered and its task: JavaScript cannot tell where another suspended function stopped.
 */
export function watchUndeliveredCancel(call: WatchedCall): void {
  // Below the loop class, a call names its loop by the scheduling interface; it is an event loop.
  const loop = call._loop as AbstractEventLoop;
  const cancelledAt = loop.time();
  loop.callLater(loop.slowCallbackDuration, () => {
    if (!call._isPending || !call._mustCancel) return;
    const stack = creationStackOf(call);
    const site = stack === undefined ? undefined : creationSite(stack);
    const entered = site === undefined ? "" : ` entered at ${site}`;
    const task = call._frameTask === undefined ? "outside any task" : `in ${call._frameTask.toString()}`;
    const late = (loop.time() - cancelledAt).toFixed(3);
    console.warn(
      `${call._description ?? call.toString()}${entered} ${task} still runs ${late} seconds after it was cancelled ` +
        "(its deadline passed, or its group or task was cancelled): it awaits a foreign promise, which a cancel " +
        "cannot interrupt; pass currentTask().signal to the call that made that promise",
    );
  });
}
