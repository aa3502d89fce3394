// Getting started: cancelling a task, and putting a time limit on work. Everything comes from
// the umbrella package here.
import { CancelledError, createTask, run, sleep, timeout, TimeoutError, waitFor } from "asyncio-ts";

async function slowJob() {
  try {
    await sleep(3600);
    return "done";
  } catch (error) {
    if (error instanceof CancelledError) console.log("slowJob: cancelled while sleeping, cleaning up");
    throw error; // always let CancelledError go on
  }
}

await run(async () => {
  // 1. Cancel a task: CancelledError comes out of the await it is suspended in.
  const task = createTask(slowJob);
  await sleep(0.01);
  task.cancel("no longer needed");
  try {
    await task;
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    console.log(`main: task.cancelled() is ${task.cancelled()}, message "${error.message}"`);
  }

  // 2. waitFor: a time limit on one awaitable; on expiry the work is cancelled.
  try {
    await waitFor(slowJob, 0.01);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log("main: waitFor timed out");
  }

  // 3. timeout(): a time limit on a block of code (Python's `async with asyncio.timeout(...)`).
  try {
    await timeout(0.01).with(async () => {
      await slowJob();
    });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log("main: the block timed out");
  }

  // 4. A timeout that does not expire changes nothing.
  const value = await timeout(1).with(async () => {
    await sleep(0.001);
    return 42;
  });
  console.log("main: in time:", value);
});
