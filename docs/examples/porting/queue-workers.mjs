// asyncio docs, "Queues": workers sharing a queue of jobs. The docs draw random sleep times;
// fixed ones here, and a log that does not name the worker, keep the output the same on every run. Python twin: queue-workers.py.
import { createTask, gather, Queue, run, sleep } from "asyncio-ts";

async function worker(name, queue, log) {
  for (;;) {
    // Get a "work item" out of the queue.
    const sleepFor = await queue.get();
    // Sleep for the "sleepFor" seconds.
    await sleep(sleepFor);
    // Notify the queue that the "work item" has been processed.
    queue.taskDone();
    log.push(`a worker has slept for ${sleepFor.toFixed(2)} seconds`); // which one depends on timing
  }
}

await run(async () => {
  // Create a queue that we will use to store our "workload".
  const queue = new Queue();
  const log = [];

  // Put the sleep times into the queue.
  let totalSleepTime = 0;
  for (const sleepFor of [0.03, 0.01, 0.02, 0.05, 0.01, 0.04]) {
    totalSleepTime += sleepFor;
    queue.putNowait(sleepFor);
  }

  // Create three worker tasks to process the queue concurrently.
  const tasks = [];
  for (let i = 0; i < 3; i++) tasks.push(createTask(() => worker(`worker-${i}`, queue, log)));

  // Wait until the queue is fully processed.
  await queue.join();

  // Cancel our worker tasks and wait until all of them are cancelled.
  for (const task of tasks) task.cancel();
  await gather(tasks, { returnExceptions: true });

  console.log(log.sort().join("\n"));
  console.log("====");
  console.log(`3 workers slept in parallel; total expected sleep time: ${totalSleepTime.toFixed(2)} seconds`);
});
