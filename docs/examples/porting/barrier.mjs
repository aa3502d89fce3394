// asyncio docs, "Synchronization Primitives": Barrier. Python's repr carries an address
// (<asyncio.locks.Barrier object at 0x...  [filling, waiters:2/3]>); toString() leaves it out.
// Python twin: barrier.py.
import { Barrier, createTask, run, sleep } from "asyncio-ts";

await run(async () => {
  const b = new Barrier(3);

  // Create 2 new waiting tasks
  createTask(() => b.wait());
  createTask(() => b.wait());

  await sleep(0);
  console.log(String(b));

  // The third .wait() call passes the barrier
  await b.wait();
  console.log(String(b));
  console.log("barrier passed");

  await sleep(0);
  console.log(String(b));
});
