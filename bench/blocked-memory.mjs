// Heap bytes per task blocked in one primitive, for the bench/workloads/*memory*.mjs workloads:
// 100,000 tasks each wait once, measured after a full garbage collection, then all are let go.
export const BLOCKED_TASKS = 100_000;

function heapUsed() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * asyncio-ts: `setup(asyncio)` gives `{ before, block, after, unblock }`; each task awaits
 * `before()` if given (what must not block, such as taking a condition's lock), then `block()`,
 * then calls `after()` if given, and `unblock()` lets them all go once measured.
 */
export function asyncioBlocked(setup) {
  return async (asyncio) =>
    asyncio.run(async () => {
      const { before, block, after, unblock } = await setup(asyncio);
      const heapBefore = heapUsed();
      const tasks = [];
      for (let index = 0; index < BLOCKED_TASKS; index++)
        tasks.push(
          asyncio.createTask(async () => {
            if (before !== undefined) await before();
            await block();
            if (after !== undefined) after();
            return index;
          }),
        );
      await settle();
      const bytes = (heapUsed() - heapBefore) / BLOCKED_TASKS;
      await unblock();
      for (const task of tasks) await task;
      return bytes;
    });
}

/** Plain Node: the same with async functions and `setup()`'s promise-based primitive. */
export function plainBlocked(setup) {
  return async () => {
    const { before, block, after, unblock } = await setup();
    const heapBefore = heapUsed();
    const pending = [];
    for (let index = 0; index < BLOCKED_TASKS; index++)
      pending.push(
        (async () => {
          if (before !== undefined) await before();
          await block();
          if (after !== undefined) after();
          return index;
        })(),
      );
    await settle();
    const bytes = (heapUsed() - heapBefore) / BLOCKED_TASKS;
    await unblock();
    await Promise.all(pending);
    return bytes;
  };
}
