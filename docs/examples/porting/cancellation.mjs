// asyncio docs, "Task Cancellation" (Task.cancel): handling CancelledError. Python twin:
// cancellation.py.
import { CancelledError, createTask, currentTask, run, sleep } from "asyncio-ts";

async function cancelMe() {
  console.log("cancel_me(): before sleep");
  try {
    // Wait for 1 hour
    await sleep(3600);
  } catch (error) {
    if (error instanceof CancelledError) console.log("cancel_me(): cancel sleep");
    throw error; // re-raise: the task must end cancelled
  } finally {
    console.log("cancel_me(): after sleep");
  }
}

await run(async () => {
  // Create a "cancel_me" Task
  const task = createTask(cancelMe);

  // Wait for 0.01 second
  await sleep(0.01);

  task.cancel();
  try {
    await task;
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    console.log("main(): cancel_me is cancelled now");
  }
  console.log("cancelled:", task.cancelled());

  // A cancel message travels with the CancelledError.
  const named = createTask(() => sleep(3600));
  await sleep(0);
  named.cancel("shutting down");
  try {
    await named;
  } catch (error) {
    console.log("message:", error.message);
  }

  // Swallowing the CancelledError (do so only with uncancel()): the task goes on.
  const stubborn = createTask(async () => {
    try {
      await sleep(3600);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      currentTask()?.uncancel();
    }
    return "finished anyway";
  });
  await sleep(0);
  stubborn.cancel();
  console.log(await stubborn);
});
