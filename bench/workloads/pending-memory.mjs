// Heap bytes per pending task: 100,000 tasks blocked on one event.
export const description = "memory per pending task (100,000 tasks blocked on one event)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

function heapUsed() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

export const implementations = {
  async "asyncio-ts"({ run, getRunningLoop, createTask }) {
    return run(async () => {
      const gate = getRunningLoop().createFuture();
      const before = heapUsed();
      const tasks = [];
      for (let index = 0; index < count; index++)
        tasks.push(
          createTask(async () => {
            await gate;
            return index;
          }),
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
      const bytes = (heapUsed() - before) / count;
      gate.setResult(undefined);
      for (const task of tasks) await task;
      return bytes;
    });
  },
  async "plain Node"() {
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    const before = heapUsed();
    const pending = [];
    for (let index = 0; index < count; index++)
      pending.push(
        (async () => {
          await gate;
          return index;
        })(),
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const bytes = (heapUsed() - before) / count;
    open();
    await Promise.all(pending);
    return bytes;
  },
};
export const python = "pending_memory.py";
