import { describe, expect, expectTypeOf, it } from "vitest";
import * as core from "@asyncio-ts/core";
import * as exceptions from "../src/index.js";
import {
  ExceptionGroup,
  IncompleteReadError,
  LimitOverrunError,
  TimeoutError,
  ValueError,
  exceptStar,
  type MatchedError,
} from "../src/index.js";

const reexported = [
  "CancelledError",
  "isCancelledError",
  "InvalidStateError",
  "TimeoutError",
  "RuntimeError",
  "ValueError",
  "LookupError",
  "KeyboardInterrupt",
  "QueueEmpty",
  "QueueFull",
  "QueueShutDown",
  "BrokenBarrierError",
  "SendfileNotAvailableError",
  "IncompleteReadError",
  "LimitOverrunError",
  "OSError",
  "FileNotFoundError",
  "GaiError",
  "PermissionError",
  "ProcessLookupError",
  "NotADirectoryError",
  "SSLError",
  "SSLCertVerificationError",
  "ConnectionError",
  "BrokenPipeError",
  "ConnectionAbortedError",
  "ConnectionRefusedError",
  "ConnectionResetError",
  "NotImplementedError",
  "ExceptionGroup",
] as const;

describe("@asyncio-ts/exceptions exports", () => {
  it("re-exports core's exception classes themselves, not copies", () => {
    for (const name of reexported) {
      expect(exceptions[name], name).toBeDefined();
      expect(exceptions[name], name).toBe(core[name]);
    }
  });

  it("re-exports every error class core exports", () => {
    const coreErrorClasses = Object.entries(core)
      .filter(([, value]) => typeof value === "function" && value.prototype instanceof Error)
      .map(([name]) => name);
    for (const name of coreErrorClasses) expect(exceptions, name).toHaveProperty(name);
  });

  it("exports exactly the re-exports and the helpers", () => {
    expect(Object.keys(exceptions).sort()).toEqual([...reexported, "exceptStar", "exceptStarAsync"].sort());
  });
});

describe("types", () => {
  it("infers each handler's group type from its condition", () => {
    expectTypeOf<MatchedError<typeof ValueError>>().toEqualTypeOf<ValueError>();
    expectTypeOf<MatchedError<readonly [typeof IncompleteReadError, typeof LimitOverrunError]>>().toEqualTypeOf<
      IncompleteReadError | LimitOverrunError
    >();
    expectTypeOf<MatchedError<(error: Error) => boolean>>().toEqualTypeOf<Error>();
    exceptStar(new ExceptionGroup("eg", [new ValueError("1"), new TimeoutError("2"), new TypeError("3")]), [
      [ValueError, (group) => expectTypeOf(group).toEqualTypeOf<ExceptionGroup<ValueError>>()],
      [
        [IncompleteReadError, LimitOverrunError],
        (group) => expectTypeOf(group).toEqualTypeOf<ExceptionGroup<IncompleteReadError | LimitOverrunError>>(),
      ],
      [
        IncompleteReadError,
        (group) =>
          expectTypeOf(group.exceptions[0]!).toEqualTypeOf<IncompleteReadError | ExceptionGroup<IncompleteReadError>>(),
      ],
      [(error) => error.message === "3", (group) => expectTypeOf(group).toEqualTypeOf<ExceptionGroup<Error>>()],
      [Error, (group) => expectTypeOf(group).toEqualTypeOf<ExceptionGroup<Error>>()],
    ]);
  });
});
