import { describe, expect, it } from "vitest";
import {
  CancelledError,
  type CoroutineCall,
  callCoroutine,
  currentTask,
  getRunningLoop,
  run,
  sleep,
  type Task,
} from "../src/index.js";

describe("CoroutineCall.cancelForTask and uncancelForTask", () => {
  it("cancel only the call, counting the request on the task while the body is cancelled", async () => {
    await run(async () => {
      const task = currentTask() as Task<unknown>;
      let body: CoroutineCall<string> | undefined;
      let seenInBody: unknown[] = [];
      const result = callCoroutine(async (call: CoroutineCall<string>) => {
        body = call;
        try {
          await sleep(10);
          return "finished";
        } catch (error) {
          seenInBody = [task.cancelling(), call.cancelling(), error instanceof CancelledError];
          throw error;
        }
      });
      await sleep(0);
      const call = body as CoroutineCall<string>;
      expect(call.cancelForTask("stop")).toBe(true);
      expect([task.cancelling(), call.cancelling()]).toEqual([1, 1]);
      const failure = await result.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(CancelledError);
      expect((failure as CancelledError).message).toBe("stop");
      expect(seenInBody).toEqual([1, 1, true]);
      expect(call.uncancelForTask()).toBe(0);
      expect(task.cancelling()).toBe(0);
      // The task itself was never cancelled: it goes on past its next await.
      await sleep(0);
      expect(task.done()).toBe(false);
    });
  });

  it("on a call already done the cancel is refused, and the request still counts on the task until withdrawn", async () => {
    await run(async () => {
      const task = currentTask() as Task<unknown>;
      let body: CoroutineCall<number> | undefined;
      await callCoroutine(async (call: CoroutineCall<number>) => {
        body = call;
        return 1;
      });
      const call = body as CoroutineCall<number>;
      expect(call.cancelForTask()).toBe(false);
      expect(task.cancelling()).toBe(1);
      expect(call.uncancelForTask()).toBe(0);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("a call made outside any task counts its requests alone", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const outcome = loop.createFuture<[number, number, boolean]>();
      loop.callSoon(() => {
        const call = callCoroutine(() => sleep(10)) as CoroutineCall<void>;
        const requested = call.cancelForTask();
        outcome.setResult([call.cancelling(), call.uncancelForTask(), requested]);
      });
      expect(await outcome).toEqual([1, 0, true]);
    });
  });
});
