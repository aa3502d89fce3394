// The JavaScript boundary: Futures in promise tools, AbortSignals in and out of cancel scopes,
// and a foreign promise (a Node timer) under waitFor.
import * as assert from "node:assert";
import { setTimeout as nodeSleep } from "node:timers/promises";
import { types } from "node:util";
import {
  CancelledError,
  createTask,
  currentTask,
  ExceptionGroup,
  run,
  sleep,
  TaskGroup,
  TimeoutError,
  waitFor,
} from "asyncio-ts";

await run(async () => {
  // 1. A Task has catch and finally as a Promise has; node:assert's rejects takes it.
  const failing = createTask(async () => {
    throw new Error("boom");
  });
  // @ts-expect-error: @types/node types rejects() with Promise; at run time it needs then and catch, which a Task has
  await assert.rejects(failing, { message: "boom" });
  const recovered = await createTask(async () => {
    throw new Error("boom");
  })
    .catch((error) => `recovered from ${error.message}`)
    .finally(() => console.log("1. finally ran"));
  console.log("1.", recovered, "- a native Promise?", types.isPromise(failing));

  // 2. A foreign await given the body's signal stops at the deadline: TimeoutError.
  try {
    await waitFor(async () => {
      await nodeSleep(60_000, undefined, { signal: currentTask()?.signal });
      return "done";
    }, 0.05);
  } catch (error) {
    console.log("2.", error instanceof TimeoutError ? "TimeoutError" : error);
  }
  // The deadline aborted the body's signal only: the task's own is untouched.
  console.log("2. task signal aborted after the timeout:", currentTask()?.signal.aborted);

  // 3. Without the signal, the foreign await cannot be interrupted: waitFor waits for it, and
  //    a body that returns meanwhile returns its value (as Python's wait_for does).
  console.log(
    "3.",
    await waitFor(async () => {
      await nodeSleep(100);
      return "finished late";
    }, 0.01),
  );

  // 4. A sibling's failure cancels a TaskGroup body: its signal aborts the foreign wait.
  try {
    await new TaskGroup().with(async (group) => {
      group.createTask(async () => {
        await sleep(0.01);
        throw new Error("sibling failed");
      });
      await nodeSleep(60_000, undefined, { signal: currentTask()?.signal });
    });
  } catch (error) {
    console.log("4.", error instanceof ExceptionGroup ? "ExceptionGroup" : error, error.exceptions[0].message);
  }

  // 5. AbortSignal in: an abort cancels a task, with the reason as the cancel message.
  const controller = new AbortController();
  const worker = createTask(() => sleep(3600), { signal: controller.signal });
  await sleep(0.01);
  controller.abort("user pressed stop");
  try {
    await worker;
  } catch (error) {
    console.log("5.", error instanceof CancelledError ? "CancelledError" : error, JSON.stringify(error.message));
  }
});
