// A task cancelled after a primitive woke it, before it resumed, hands the wake-up on (CPython
// 3.12+), and a task cancelled before the wake-up is skipped by it: in both orders of cancel and
// wake the next waiter goes on, and no lock, permit or notification is lost or doubled.
import { describe, expect, it } from "vitest";
import { WAKE_CANCEL_ORDERS, cancelledError, raceWakeAndCancel } from "asyncio-ts-test-support";
import { CancelledError, createTask, run, sleep, type Task } from "@asyncio-ts/core";
import { Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore } from "../src/index.js";

describe.each(WAKE_CANCEL_ORDERS)("a waiter cancelled around its wake-up (%s)", (order) => {
  it("Lock: the lock goes to the next waiter and is held once", async () => {
    await run(async () => {
      const lock = new Lock();
      await lock.acquire();
      const first = createTask(() => lock.acquire());
      const second = createTask(() => lock.acquire());
      await sleep(0);
      raceWakeAndCancel(order, first, () => lock.release());
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      expect(await second).toBe(true);
      expect(lock.locked()).toBe(true);
      expect(lock._waiters?.size ?? 0).toBe(0);
      lock.release();
      expect(lock.locked()).toBe(false);
      expect(await lock.acquire()).toBe(true);
    });
  });

  for (const Kind of [Semaphore, BoundedSemaphore]) {
    it(`${Kind.name}: the permit goes to the next waiter; none is lost or doubled`, async () => {
      await run(async () => {
        const semaphore = new Kind(1);
        await semaphore.acquire();
        const first = createTask(() => semaphore.acquire());
        const second = createTask(() => semaphore.acquire());
        const third = createTask(() => semaphore.acquire());
        await sleep(0);
        raceWakeAndCancel(order, first, () => semaphore.release());
        expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
        expect(await second).toBe(true);
        expect(third.done()).toBe(false);
        expect(semaphore._value).toBe(0);
        semaphore.release();
        expect(await third).toBe(true);
        semaphore.release();
        expect(semaphore._value).toBe(1);
        expect(semaphore.locked()).toBe(false);
      });
    });
  }

  it("Event: the cancelled waiter throws CancelledError, the others wake", async () => {
    await run(async () => {
      const event = new Event();
      const first = createTask(() => event.wait());
      const second = createTask(() => event.wait());
      await sleep(0);
      raceWakeAndCancel(order, first, () => event.set());
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      expect(await second).toBe(true);
      expect(event._waiters.size).toBe(0);
    });
  });

  it("Condition.wait: the notification goes to the next waiter; the cancelled one re-acquires first", async () => {
    await run(async () => {
      const condition = new Condition();
      const lockedWhenCancelled: boolean[] = [];
      const first = createTask(() =>
        condition.with(async () => {
          try {
            await condition.wait();
          } catch (error) {
            lockedWhenCancelled.push(condition.locked());
            throw error;
          }
        }),
      );
      const second = createTask(() => condition.with(() => condition.wait()));
      await sleep(0);
      await condition.acquire();
      raceWakeAndCancel(order, first, () => condition.notify(1));
      condition.release();
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      expect(lockedWhenCancelled).toEqual([true]);
      expect(await second).toBe(true);
      expect(condition.locked()).toBe(false);
      expect(condition._waiters.size).toBe(0);
    });
  });

  it("Condition.waitFor: the notification goes to the next waiter", async () => {
    await run(async () => {
      const condition = new Condition();
      let ready = false;
      const first = createTask(() => condition.with(() => condition.waitFor(() => ready)));
      const second = createTask(() => condition.with(() => condition.waitFor(() => ready && "second")));
      await sleep(0);
      await condition.acquire();
      ready = true;
      raceWakeAndCancel(order, first, () => condition.notify(1));
      condition.release();
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      expect(await second).toBe("second");
      expect(condition.locked()).toBe(false);
    });
  });

  it("Barrier: the other parties go on, and the barrier fills again", async () => {
    await run(async () => {
      const barrier = new Barrier(2);
      const first = createTask(() => barrier.wait());
      await sleep(0);
      let second: Task<number> | undefined;
      raceWakeAndCancel(order, first, () => {
        second = createTask(() => barrier.wait());
      });
      expect(await cancelledError(first)).toBeInstanceOf(CancelledError);
      if (order === "wake, then cancel") {
        // The second party arrived while the first was still in: it was released.
        expect(await second).toBe(1);
      } else {
        // The first left before the second arrived: the second waits for another party.
        await sleep(0);
        expect(second?.done()).toBe(false);
        const third = createTask(() => barrier.wait());
        expect((await Promise.all([second, third])).sort()).toEqual([0, 1]);
      }
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.toString()).toBe("<Barrier [filling, waiters:0/2]>");
    });
  });
});
