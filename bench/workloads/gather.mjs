// gather over 100,000 tasks, each yielding once, against Promise.all over plain async functions.
export const description = "gather over 100,000 tasks each awaiting sleep(0)";
export const unit = "tasks/s";
export const count = 100_000;

export const implementations = {
  async "asyncio-ts"({ run, createTask, gather, sleep }) {
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
      const results = await gather(tasks);
      if (results.length !== count) throw new Error("lost results");
      return performance.now() - start;
    });
  },
  async "plain Node"() {
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
    const results = await Promise.all(pending);
    if (results.length !== count) throw new Error("lost results");
    return performance.now() - start;
  },
};
export const python = "gather.py";
