import type { CoroutineCall } from "../coroutine-call.js";
import { creationSite, creationStackOf } from "./task-tree-site.js";

/**
 * Debug mode: `call` was cancelled while it awaited no library future (a foreign promise, which
 * a cancel cannot interrupt). If it still runs with the cancel undelivered after the loop's
 * `slowCallbackDuration`, warn, naming the call (`waitFor()`, `Timeout.with()`), where it was
 * entered and its task: JavaScript cannot tell where another suspended function stopped.
 */
export function watchUndeliveredCancel(call: CoroutineCall<unknown>): void {
  const loop = call._loop;
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
