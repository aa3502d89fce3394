// A TaskGroup of 100,000 tasks, each yielding once, against Promise.all over plain async functions.
export const description = "TaskGroup of 100,000 tasks each awaiting sleep(0)";
export const unit = "tasks/s";
export const count = 100_000;

export const implementations = {
  async "asyncio-ts"({ run, TaskGroup, sleep }) {
    return run(async () => {
      const start = performance.now();
      await new TaskGroup().with(async (group) => {
        for (let index = 0; index < count; index++)
          group.createTask(async () => {
            await sleep(0);
            return index;
          });
      });
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
    await Promise.all(pending);
    return performance.now() - start;
  },
};
export const python = "task_group.py";
