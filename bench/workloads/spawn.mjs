// 300 short processes, at most 8 at a time.
import { spawn } from "node:child_process";

export const description = "300 subprocess spawns, 8 at a time";
export const unit = "spawns/s";
export const count = 300;
const CONCURRENCY = 8;
const PROGRAM = "/bin/true";

export const implementations = {
  async "asyncio-ts"({ run, createSubprocessExec, Semaphore, gather }) {
    return run(async () => {
      const limit = new Semaphore(CONCURRENCY);
      const start = performance.now();
      await gather(
        Array.from(
          { length: count },
          () => () =>
            limit.with(async () => {
              const child = await createSubprocessExec(PROGRAM);
              if ((await child.wait()) !== 0) throw new Error("child failed");
            }),
        ),
      );
      return performance.now() - start;
    });
  },
  async "plain Node"() {
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next++ < count) {
        await new Promise((resolve, reject) => {
          const child = spawn(PROGRAM, [], { stdio: "ignore" });
          child.on("error", reject);
          child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("child failed"))));
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return performance.now() - start;
  },
};
export const python = "spawn.py";
