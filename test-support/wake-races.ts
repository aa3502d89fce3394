// For the woken-then-cancelled suites of sync and queues: a wake-up and a cancel of the woken
// task, run in either order within one step of the loop.
import type { Task } from "@asyncio-ts/core";

/** The two orders a wake-up and a cancel can come in. */
export const WAKE_CANCEL_ORDERS = ["wake, then cancel", "cancel, then wake"] as const;
export type WakeCancelOrder = (typeof WAKE_CANCEL_ORDERS)[number];

/** Runs `wake` and cancels `task` in the order given, in one go (no iteration in between). */
export function raceWakeAndCancel(order: WakeCancelOrder, task: Task<unknown>, wake: () => void): void {
  if (order === "wake, then cancel") {
    wake();
    task.cancel();
  } else {
    task.cancel();
    wake();
  }
}

/** The error `task` ends with, or "not cancelled" when it succeeds. */
export async function cancelledError(task: Task<unknown>): Promise<unknown> {
  return task.then(
    () => "not cancelled",
    (error: unknown) => error,
  );
}
