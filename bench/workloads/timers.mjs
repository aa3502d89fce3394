// 100,000 timers with deadlines spread over 10 ms, all pending at once.
export const description = "100,000 concurrent timers";
export const unit = "timers/s";
export const count = 100_000;

function delays() {
  // Deterministic spread, the same in every implementation.
  return Array.from({ length: count }, (_, index) => ((index * 7919) % 10_000) / 1_000_000);
}

export const implementations = {
  async "asyncio-ts"({ run, getRunningLoop }) {
    const spread = delays();
    return run(async () => {
      const loop = getRunningLoop();
      const done = loop.createFuture();
      let remaining = count;
      const fire = () => {
        if (--remaining === 0) done.setResult(undefined);
      };
      const start = performance.now();
      for (const delay of spread) loop.callLater(delay, fire);
      await done;
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    const spread = delays();
    const start = performance.now();
    await new Promise((resolve) => {
      let remaining = count;
      const fire = () => {
        if (--remaining === 0) resolve();
      };
      for (const delay of spread) setTimeout(fire, delay * 1000);
    });
    return performance.now() - start;
  },
};
export const python = "timers.py";
