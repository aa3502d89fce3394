import type { SchedulingLoop } from "./loop-interface.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { Future } from "../future.js";

/**
 * For a loop method that Python writes as a coroutine: a Future already failed with
 * `RuntimeError('Event loop is closed')` when `loop` is closed (Python raises it when the
 * coroutine is awaited), before anything touches the OS; `undefined` when the loop is open.
 * Python's coroutines reach the check only by way of `run_in_executor` or `call_soon`, some
 * after binding a socket or spawning a process; here no socket is bound and nothing runs.
 */
export function failedIfClosed<T>(loop: SchedulingLoop): Future<T> | undefined {
  if (!loop.isClosed()) return undefined;
  const future = new Future<T>({ loop });
  future.setException(new RuntimeError("Event loop is closed"));
  return future;
}
