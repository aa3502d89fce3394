// Signal handlers: CPython's test_events.py test_add_signal_handler and
// test_signal_handling_args, with SIGUSR2 (the test runner's own process gets the signals).
import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import { getRunningLoop, run, RuntimeError, sleep, ValueError } from "../../src/index.js";

describe("addSignalHandler / removeSignalHandler", () => {
  it("checks its arguments as Python does", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const handler = (): void => {};
      expect(() => loop.addSignalHandler(1.5 as never, handler)).toThrow(TypeError);
      expect(() => loop.addSignalHandler("boom" as never, handler)).toThrow(ValueError);
      expect(() => loop.removeSignalHandler("boom" as never)).toThrow(ValueError);
      expect(() => loop.addSignalHandler(0, handler)).toThrow(new ValueError("invalid signal number 0"));
      expect(() => loop.removeSignalHandler(0)).toThrow(ValueError);
      expect(() => loop.addSignalHandler(-1, handler)).toThrow(ValueError);
      expect(() => loop.addSignalHandler(200, handler)).toThrow(ValueError);
      expect(() => loop.addSignalHandler(constants.signals.SIGKILL, handler)).toThrow(
        new RuntimeError(`sig ${constants.signals.SIGKILL} cannot be caught`),
      );
      expect(() => loop.addSignalHandler("SIGUSR2", async () => {})).toThrow(
        new TypeError("coroutines cannot be used with add_signal_handler()"),
      );
      expect(loop.removeSignalHandler(constants.signals.SIGUSR2)).toBe(false);
    });
  });

  it("runs the handler in the loop with its arguments; removing it reports true once", async () => {
    await run(async () => {
      const loop = getRunningLoop();
      const caught: unknown[][] = [];
      loop.addSignalHandler(
        constants.signals.SIGUSR2,
        (...args: unknown[]) => {
          expect(getRunningLoop()).toBe(loop);
          caught.push(args);
        },
        "a",
        1,
      );
      process.kill(process.pid, "SIGUSR2");
      while (caught.length === 0) await sleep(0.001);
      expect(caught).toEqual([["a", 1]]);
      // Added again by name: replaces the handler.
      loop.addSignalHandler("SIGUSR2", () => caught.push(["second"]));
      process.kill(process.pid, "SIGUSR2");
      while (caught.length < 2) await sleep(0.001);
      expect(caught).toEqual([["a", 1], ["second"]]);
      expect(process.listenerCount("SIGUSR2")).toBe(1);
      expect(loop.removeSignalHandler("SIGUSR2")).toBe(true);
      expect(loop.removeSignalHandler(constants.signals.SIGUSR2)).toBe(false);
      expect(process.listenerCount("SIGUSR2")).toBe(0);
    });
  });
});
