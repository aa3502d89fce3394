// asyncio docs, "Coroutines": two coroutines, first awaited one after the other, then run
// concurrently as tasks. Python twin: sleep.py.
import { createTask, run, sleep } from "asyncio-ts";

async function sayAfter(delay, what) {
  await sleep(delay);
  console.log(what);
}

await run(async () => {
  console.log("started (awaited in turn)");
  await sayAfter(0.02, "hello");
  await sayAfter(0.01, "world");

  console.log("started (as tasks)");
  const task1 = createTask(() => sayAfter(0.02, "hello"));
  const task2 = createTask(() => sayAfter(0.01, "world"));
  await task1;
  await task2;
  console.log("finished");
});
