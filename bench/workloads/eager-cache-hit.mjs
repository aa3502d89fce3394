// A cache hit: 100,000 tasks whose function returns without awaiting, created then awaited, with
// lazy tasks and with the eager task factory (the case eager tasks are for: no loop iteration
// per task). CPython's figure is with asyncio.eager_task_factory (Python 3.12 or later).
export const description = "100,000 tasks returning without awaiting (cache hit), eager; lazy beside";
export const unit = "tasks/s";
export const count = 100_000;

/** Creates the tasks and awaits them in order; `eager` sets the eager task factory first. */
function cacheHit(eager) {
  return ({ run, createTask, getRunningLoop, eagerTaskFactory }) =>
    run(async () => {
      if (eager) getRunningLoop().setTaskFactory(eagerTaskFactory);
      const cache = new Map([["key", 1]]);
      const lookup = async (key) => cache.get(key);
      const start = performance.now();
      const tasks = [];
      for (let index = 0; index < count; index++) tasks.push(createTask(() => lookup("key")));
      for (const task of tasks) await task;
      return performance.now() - start;
    });
}

// "asyncio-ts" is the eager form, the subject here (and what bench/ab.mjs compares across builds).
export const implementations = {
  "asyncio-ts": cacheHit(true),
  "asyncio-ts lazy": cacheHit(false),
  async "plain Node"() {
    // What a user writes without us: the async functions themselves, awaited together.
    const cache = new Map([["key", 1]]);
    const lookup = async (key) => cache.get(key);
    const start = performance.now();
    const pending = [];
    for (let index = 0; index < count; index++) pending.push(lookup("key"));
    await Promise.all(pending);
    return performance.now() - start;
  },
};
export const python = "eager_cache_hit.py";
// uvloop is found on the system python3 (3.11 on Debian 12), which has no eager_task_factory;
// eager_cache_hit.py runs CPython's asyncio on a Python 3.12+ it finds instead.
export const uvloop = false;
