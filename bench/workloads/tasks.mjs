// 100,000 tasks, each awaiting one yield to the event loop, created then awaited.
export const description = "100,000 tasks each awaiting sleep(0)";
export const unit = "tasks/s";
export const count = 100_000;

export const implementations = {
  async "asyncio-ts"({ run, createTask, sleep }) {
    return run(async () => {
      const start = performance.now();
      const tasks = [];
      for (let index = 0; index < count; index++)
        tasks.push(
          createTask(async () => {
            await sleep(0);
            return index;
          }),
        );
      for (const task of tasks) await task;
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    // What a user writes without us: async functions yielding to the event loop.
    const start = performance.now();
    const pending = [];
    for (let index = 0; index < count; index++) {
      pending.push(
        (async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return index;
        })(),
      );
    }
    await Promise.all(pending);
    return performance.now() - start;
  },
};
export const python = "tasks.py";
