// Waiter: the future a primitive hands to the waiting task, with CPython's code after `await fut`
// run in afterWait. Every test runs in both await forms (the full one, and the compact one that
// loops with many pending awaits use).
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ContextVar,
  RuntimeError,
  Waiter,
  bindLoop,
  captureTaskTree,
  createTask,
  currentTask,
  doneFuture,
  failedFuture,
  getRunningLoop,
  newEventLoop,
  run,
  sleep,
  type EventLoop,
  type FutureOptions,
} from "../src/index.js";

/** A one-slot doorbell: ring() wakes the first waiter; afterWait is recorded. */
class Bell {
  readonly waiters = new Set<BellWaiter>();
  readonly calls: string[] = [];
  rings = 0;
  /** afterWait of the next resume waits again instead of finishing, this many times. */
  rewaits = 0;

  wait(): BellWaiter {
    const waiter = new BellWaiter(this, { loop: getRunningLoop() });
    this.waiters.add(waiter);
    return waiter;
  }

  ring(): boolean {
    for (const waiter of this.waiters) if (waiter.wake()) return true;
    return false;
  }
}

class BellWaiter extends Waiter<string> {
  constructor(
    readonly bell: Bell,
    options: FutureOptions,
  ) {
    super(options);
  }

  protected afterWait(woken: boolean, cancelled: boolean): void {
    const bell = this.bell;
    bell.calls.push(`afterWait(woken=${woken}, cancelled=${cancelled})`);
    bell.waiters.delete(this);
    if (cancelled) {
      if (woken) bell.ring(); // hand the ring on
      this.confirmCancel();
      return;
    }
    if (bell.rewaits > 0) {
      bell.rewaits--;
      bell.waiters.add(this);
      return;
    }
    this.finish(`rung ${++bell.rings}`);
  }

  override get waitDescription(): string {
    return "Bell.wait()";
  }
}

function bothForms(name: string, body: (loop: EventLoop) => Promise<void>): void {
  for (const compact of [false, true]) {
    it(`${name}${compact ? " (compact await)" : ""}`, async () => {
      const loop = newEventLoop();
      if (compact) (loop as unknown as { _compactAwaitsFrom: number })._compactAwaitsFrom = 0;
      try {
        await loop.runUntilComplete(() => body(loop));
      } finally {
        loop.close();
      }
    });
  }
}

describe("Waiter", () => {
  bothForms("a task awaiting it resumes in the iteration after wake(), once afterWait finishes it", async (loop) => {
    const bell = new Bell();
    const order: string[] = [];
    const task = createTask(async () => {
      order.push(await bell.wait());
    });
    await sleep(0);
    expect(bell.ring()).toBe(true);
    loop.callSoon(() => order.push("callback scheduled after the wake-up"));
    await task;
    expect(order).toEqual(["rung 1", "callback scheduled after the wake-up"]);
    expect(bell.calls).toEqual(["afterWait(woken=true, cancelled=false)"]);
  });

  bothForms("wake() refuses a waiter woken already or cancelled", async () => {
    const bell = new Bell();
    const first = bell.wait();
    expect(first.waiting()).toBe(true);
    expect(first.wake()).toBe(true);
    expect(first.waiting()).toBe(false);
    expect(first.woken()).toBe(true);
    expect(first.wake()).toBe(false);
    const second = bell.wait();
    expect(second.cancel()).toBe(true);
    expect(second.waiting()).toBe(false);
    expect(second.woken()).toBe(false);
    expect(second.wake()).toBe(false);
    expect(await first).toBe("rung 1");
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    expect(first.cancel()).toBe(false);
  });

  bothForms(
    "a task cancelled before the wake-up gets CancelledError with the message; afterWait sees no wake-up",
    async () => {
      const bell = new Bell();
      const task = createTask(() => bell.wait());
      await sleep(0);
      task.cancel("stop");
      expect(task.done()).toBe(false);
      const error = await task.then(undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).message).toBe("stop");
      expect(task.cancelled()).toBe(true);
      expect(bell.calls).toEqual(["afterWait(woken=false, cancelled=true)"]);
      expect(bell.ring()).toBe(false);
    },
  );

  bothForms("a task cancelled after its wake-up hands it on, in either order of cancel and wake", async () => {
    for (const order of ["wake, then cancel", "cancel, then wake"]) {
      const bell = new Bell();
      const first = createTask(() => bell.wait());
      const second = createTask(() => bell.wait());
      await sleep(0);
      if (order === "wake, then cancel") {
        bell.ring(); // wakes first
        first.cancel(); // first takes CancelledError: its ring goes to second
      } else {
        first.cancel();
        bell.ring(); // first is cancelled: the ring goes to second at once
      }
      await expect(first).rejects.toBeInstanceOf(CancelledError);
      expect(await second).toBe("rung 1");
      expect(bell.waiters.size).toBe(0);
    }
  });

  bothForms("afterWait may leave it pending to wait again; a later wake-up ends it", async () => {
    const bell = new Bell();
    bell.rewaits = 1;
    const task = createTask(() => bell.wait());
    await sleep(0);
    bell.ring();
    await sleep(0);
    await sleep(0);
    expect(task.done()).toBe(false);
    expect(bell.waiters.size).toBe(1);
    bell.ring();
    expect(await task).toBe("rung 1");
    expect(bell.calls).toEqual(["afterWait(woken=true, cancelled=false)", "afterWait(woken=true, cancelled=false)"]);
  });

  bothForms("an error thrown by afterWait ends the wait with it", async () => {
    class Broken extends Waiter<void> {
      protected afterWait(): void {
        throw new Error("broken primitive");
      }
    }
    const waiter = new Broken();
    waiter.wake();
    await expect(waiter).rejects.toThrow("broken primitive");
  });

  bothForms("code outside a task and done callbacks see its outcome too", async (loop) => {
    const bell = new Bell();
    const waiter = bell.wait();
    const seen: unknown[] = [];
    waiter.addDoneCallback((future) => seen.push(future.result()));
    bell.ring();
    await sleep(0);
    await sleep(0);
    expect(seen).toEqual(["rung 1"]);
    expect(loop).toBe(waiter.getLoop());
  });

  it("refuses setResult and setException, as a coroutine would", async () => {
    await run(async () => {
      const waiter = new Bell().wait();
      expect(() => waiter.setResult("x")).toThrow(RuntimeError);
      expect(() => waiter.setResult("x")).toThrow("BellWaiter does not support set_result operation");
      expect(() => waiter.setException(new Error("x"))).toThrow(RuntimeError);
      waiter.cancel();
      await waiter.then(undefined, () => undefined);
    });
  });

  it("runAsWaiter runs code as the task that made it: its currentTask and ContextVars", async () => {
    await run(async () => {
      const variable = new ContextVar<string>("who", { default: "nobody" });
      let seen: unknown[] = [];
      class Probe extends Waiter<void> {
        protected afterWait(): void {
          seen = [currentTask(), this.runAsWaiter(() => [currentTask(), variable.get()])];
          this.finish(undefined);
        }
      }
      let probe: Probe | undefined;
      const task = createTask(async () => {
        variable.set("waiting task");
        probe = new Probe();
        await probe;
      });
      await sleep(0);
      probe?.wake();
      await task;
      expect(seen).toEqual([undefined, [task, "waiting task"]]);
    });
  });

  it("names itself in the task tree by its waitDescription", async () => {
    await run(async () => {
      currentTask()?.setName("root");
      const bell = new Bell();
      const task = createTask(() => bell.wait(), { name: "ringer" });
      await sleep(0);
      expect(captureTaskTree().roots[0]?.children[0]?.awaiting).toEqual(["Bell.wait()"]);
      task.cancel();
      await task.then(undefined, () => undefined);
    });
  });
});

describe("doneFuture, failedFuture, bindLoop", () => {
  it("make futures already done, and bind a primitive to the running loop", async () => {
    await run(async () => {
      const done = doneFuture(7);
      expect(done.done()).toBe(true);
      expect(await done).toBe(7);
      const failed = failedFuture<number>(new RuntimeError("misuse"));
      expect(failed.done()).toBe(true);
      await expect(failed).rejects.toThrow("misuse");
      const loop = getRunningLoop();
      expect(bindLoop(undefined, {})).toBe(loop);
      expect(bindLoop(loop, {})).toBe(loop);
      const other = newEventLoop();
      try {
        expect(() => bindLoop(other, { toString: () => "<Gate>" })).toThrow(
          "<Gate> is bound to a different event loop",
        );
      } finally {
        other.close();
      }
    });
    expect(() => bindLoop(undefined, {})).toThrow("no running event loop");
  });
});
