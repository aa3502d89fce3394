import { describe, expect, it, vi } from "vitest";
import { ExceptionGroup, TimeoutError, ValueError, exceptStar, exceptStarAsync } from "../src/index.js";

const VE = (m: number | string) => new ValueError(String(m));
const TE = (m: number | string) => new TypeError(String(m));

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe("exceptStarAsync", () => {
  it("awaits each handler before running the next clause, in order", async () => {
    const events: string[] = [];
    const eg = new ExceptionGroup("eg", [VE(1), new TimeoutError("2")]);
    const result = exceptStarAsync(eg, [
      [
        ValueError,
        async (group) => {
          events.push(`value start ${group.exceptions.length}`);
          await tick();
          events.push("value end");
        },
      ],
      [TimeoutError, (group) => void events.push(`timeout ${group.exceptions[0]!.message}`)],
    ]);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBeUndefined();
    expect(events).toEqual(["value start 1", "value end", "timeout 2"]);
  });

  it("rejects with the unhandled rest", async () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const error = (await rejectionOf(exceptStarAsync(eg, [[ValueError, async () => {}]]))) as ExceptionGroup;
    expect(error).toBeInstanceOf(ExceptionGroup);
    expect(error.message).toBe("eg");
    expect(error.exceptions).toEqual([eg.exceptions[1]]);
  });

  it("collects rejections and throws of handlers as exceptStar does", async () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2), new TimeoutError("3")]);
    const rejected = new RangeError("async");
    const thrown = new RangeError("sync");
    const error = (await rejectionOf(
      exceptStarAsync(eg, [
        [
          ValueError,
          async () => {
            await tick();
            throw rejected;
          },
        ],
        [
          TypeError,
          () => {
            throw thrown;
          },
        ],
      ]),
    )) as ExceptionGroup;
    expect(error.message).toBe("");
    expect(error.exceptions[0]).toBe(rejected);
    expect(error.exceptions[1]).toBe(thrown);
    expect((error.exceptions[2] as ExceptionGroup).exceptions).toEqual([eg.exceptions[2]]);
  });

  it("treats a handler rejecting with its own group as a re-raise", async () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const error = (await rejectionOf(
      exceptStarAsync(eg, [
        [ValueError, async (group) => Promise.reject(group)],
        [TypeError, () => {}],
      ]),
    )) as ExceptionGroup;
    expect(error.message).toBe("eg");
    expect(error.exceptions).toEqual([eg.exceptions[0]]);
  });

  it("gives the same results as exceptStar for synchronous handlers", async () => {
    const cases: [unknown, (error: unknown) => void][] = [];
    const make = () => new ExceptionGroup("eg", [VE(1), new ExceptionGroup("inner", [TE(2), VE(3)])]);
    for (const error of [make(), VE(1), TE(1), "not an error"]) {
      let syncResult: unknown = "returned";
      try {
        exceptStar(error, [
          [
            ValueError,
            (group) => {
              throw group;
            },
          ],
        ]);
      } catch (thrown) {
        syncResult = thrown;
      }
      let asyncResult: unknown = "returned";
      try {
        await exceptStarAsync(error, [
          [
            ValueError,
            (group) => {
              throw group;
            },
          ],
        ]);
      } catch (thrown) {
        asyncResult = thrown;
      }
      expect(String(asyncResult)).toBe(String(syncResult));
      if (asyncResult instanceof ExceptionGroup) {
        expect(asyncResult.exceptions.length).toBe((syncResult as ExceptionGroup).exceptions.length);
      } else expect(asyncResult).toBe(syncResult);
      cases.push([error, () => {}]);
    }
    expect(cases).toHaveLength(4);
  });

  it("rejects (without calling handlers) for a malformed clause", async () => {
    const handler = vi.fn();
    const promise = exceptStarAsync(new ExceptionGroup("eg", [VE(1)]), [
      [ValueError, handler],
      [ExceptionGroup as unknown as typeof ValueError, handler],
    ]);
    expect(promise).toBeInstanceOf(Promise);
    await expect(promise).rejects.toThrow(TypeError);
    expect(handler).not.toHaveBeenCalled();
  });

  it("resolves when a non-group error is handled, and rejects with it as it is otherwise", async () => {
    const error = VE(1);
    await expect(exceptStarAsync(error, [[ValueError, async () => {}]])).resolves.toBeUndefined();
    expect(await rejectionOf(exceptStarAsync(error, [[TypeError, async () => {}]]))).toBe(error);
  });
});
