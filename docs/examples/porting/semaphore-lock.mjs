// asyncio docs, "Synchronization Primitives": Lock and Semaphore, as `async with`.
// Python twin: semaphore-lock.py.
import { createTask, gather, Lock, run, Semaphore, sleep } from "asyncio-ts";

await run(async () => {
  // At most two jobs at a time.
  const semaphore = new Semaphore(2);
  let running = 0;
  let most = 0;
  const limited = (n) =>
    semaphore.with(async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(0.01);
      running -= 1;
      return n * n;
    });
  const squares = await gather(...[1, 2, 3, 4, 5].map((n) => () => limited(n)));
  console.log("squares:", squares.join(" "), "- at most", most, "at once");

  // A lock keeps a read-modify-write with an await in the middle atomic.
  const lock = new Lock();
  let counter = 0;
  const increment = () =>
    lock.with(async () => {
      const seen = counter;
      await sleep(0.001);
      counter = seen + 1;
    });
  const tasks = Array.from({ length: 5 }, () => createTask(increment));
  await gather(tasks);
  console.log("counter:", counter, "- locked now:", lock.locked());
});
