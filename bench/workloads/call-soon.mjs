// A chain of 1,000,000 callbacks, each scheduling the next.
export const description = "callSoon chain of 1,000,000 callbacks";
export const unit = "callbacks/s";
export const count = 1_000_000;

export const implementations = {
  async "asyncio-ts"({ run, getRunningLoop }) {
    return run(async () => {
      const loop = getRunningLoop();
      const done = loop.createFuture();
      const start = performance.now();
      let remaining = count;
      const step = () => (--remaining > 0 ? loop.callSoon(step) : done.setResult(undefined));
      loop.callSoon(step);
      await done;
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    // The closest plain equivalent: a chain of setImmediate callbacks.
    const start = performance.now();
    await new Promise((resolve) => {
      let remaining = count;
      const step = () => (--remaining > 0 ? setImmediate(step) : resolve());
      setImmediate(step);
    });
    return performance.now() - start;
  },
};
export const python = "call_soon.py";
