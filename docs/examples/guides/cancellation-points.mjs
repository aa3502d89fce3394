// Where CancelledError is delivered: at the library await the task is suspended in; after a
// foreign promise, at the task's next library await; never inside code that does not await.
import { setTimeout as nodeSleep } from "node:timers/promises";
import { CancelledError, createTask, currentTask, run, shield, sleep } from "asyncio-ts";

async function outcome(task) {
  try {
    return `returned ${JSON.stringify(await task)}`;
  } catch (error) {
    if (error instanceof CancelledError) return "cancelled";
    throw error;
  }
}

await run(async () => {
  // 1. Suspended in a library await (sleep): the CancelledError comes out of exactly that await.
  const log = [];
  const sleeper = createTask(async () => {
    log.push("before sleep");
    try {
      await sleep(3600);
    } catch (error) {
      log.push(`sleep threw ${error.constructor.name}`);
      throw error;
    }
  });
  await sleep(0); // let it start
  sleeper.cancel();
  console.log("1.", await outcome(sleeper), "-", log.join(", "));

  // 2. Suspended in a foreign promise: that await cannot be interrupted. The cancel is kept and
  //    delivered at the task's next library await.
  const log2 = [];
  const foreign = createTask(async () => {
    await nodeSleep(20); // a plain Node promise
    log2.push("foreign promise finished");
    await sleep(0); // the first library await after it: CancelledError here
    log2.push("never printed");
  });
  await sleep(0);
  foreign.cancel();
  console.log("2.", await outcome(foreign), "-", log2.join(", "));

  // 3. A task that returns before any further library await ends cancelled all the same.
  const quick = createTask(async () => {
    await nodeSleep(10);
    return "value";
  });
  await sleep(0);
  quick.cancel();
  console.log("3.", await outcome(quick), "- task.cancelled():", quick.cancelled());

  // 4. The task's AbortSignal reaches foreign work: pass task.signal to fetch, fs, timers...
  //    The foreign API rejects with its own error (Node's timers: an AbortError whose cause is
  //    the CancelledError); signal.throwIfAborted() turns that back into the CancelledError,
  //    so the task ends cancelled rather than failed.
  const aborted = createTask(async () => {
    const signal = currentTask()?.signal;
    try {
      await nodeSleep(3600_000, undefined, { signal });
    } catch (error) {
      console.log(`4. the Node timer threw ${error.name}, caused by ${error.cause?.constructor.name}`);
      signal?.throwIfAborted(); // throws signal.reason: the CancelledError
      throw error;
    }
  });
  await sleep(0.01);
  aborted.cancel();
  console.log("4.", await outcome(aborted), "- task.cancelled():", aborted.cancelled());

  // 5. Awaiting another task and being cancelled cancels that task too; shield() prevents it.
  const inner = createTask(() => sleep(0.02, "inner result"));
  const outer = createTask(async () => await shield(inner));
  await sleep(0);
  outer.cancel();
  console.log("5.", `outer ${await outcome(outer)}, inner ${await outcome(inner)}`);
});
