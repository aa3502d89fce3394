import { describe, expect, it, vi } from "vitest";
import * as exceptions from "../../src/exceptions/index.js";
import {
  BrokenBarrierError,
  CancelledError,
  ExceptionGroup,
  IncompleteReadError,
  InvalidStateError,
  KeyboardInterrupt,
  LimitOverrunError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  RuntimeError,
  SendfileNotAvailableError,
  TimeoutError,
  ValueError,
  isCancelledError,
} from "../../src/exceptions/index.js";

type SimpleErrorClass = (new (
  message?: string,
  options?: ErrorOptions,
) => Error) & {
  isInstance(value: unknown): boolean;
};

const simpleClasses: Record<string, SimpleErrorClass> = {
  CancelledError,
  InvalidStateError,
  TimeoutError,
  RuntimeError,
  ValueError,
  KeyboardInterrupt,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  BrokenBarrierError,
  SendfileNotAvailableError,
};

const contractClassNames = [
  ...Object.keys(simpleClasses),
  "IncompleteReadError",
  "LimitOverrunError",
  "ExceptionGroup",
];

/** Every exported error class, including any added after the contract's list. */
const allClassNames = Object.entries(exceptions)
  .filter(([, value]) => typeof value === "function" && value.prototype instanceof Error)
  .map(([name]) => name);

function makeInstance(name: string, module: Record<string, unknown>): Error {
  const errorClass = module[name] as new (...args: unknown[]) => Error;
  switch (name) {
    case "IncompleteReadError":
      return new errorClass(new Uint8Array(3), 10);
    case "LimitOverrunError":
      return new errorClass("too long", 5);
    case "ExceptionGroup":
      return new errorClass("eg", [new Error("x")]);
    default:
      return new errorClass("message");
  }
}

describe("exports", () => {
  it("exports every class of the contract and isCancelledError", () => {
    expect(Object.keys(exceptions)).toEqual(expect.arrayContaining([...contractClassNames, "isCancelledError"]));
    expect(allClassNames).toEqual(expect.arrayContaining(contractClassNames));
  });

  it("exports only error classes besides isCancelledError", () => {
    expect(Object.keys(exceptions).filter((name) => !allClassNames.includes(name))).toEqual(["isCancelledError"]);
  });
});

describe.each(Object.entries(simpleClasses))("%s", (name, ErrorClass) => {
  it("is an Error with Python's name, message and cause", () => {
    const cause = new Error("root cause");
    const error = new ErrorClass("it broke", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.name).toBe(name);
    expect(error.message).toBe("it broke");
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe(`${name}: it broke`);
    expect(error.stack).toMatch(new RegExp(`^${name}: it broke\\n`));
    expect(Object.keys(error)).toEqual([]);
  });

  it("defaults to an empty message and no cause", () => {
    const error = new ErrorClass();
    expect(error.message).toBe("");
    expect("cause" in error).toBe(false);
    expect(String(error)).toBe(name);
  });

  it("recognises its instances with isInstance, bound or not", () => {
    const error = new ErrorClass("x");
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect([error, new Error("plain"), null, undefined, "str", 42].filter(ErrorClass.isInstance)).toEqual([error]);
  });

  it("is not confused with the other classes", () => {
    const error = new ErrorClass("x");
    for (const [otherName, Other] of Object.entries(simpleClasses)) {
      const expected =
        otherName === name ||
        (otherName === "RuntimeError" && (name === "BrokenBarrierError" || name === "SendfileNotAvailableError"));
      expect(error instanceof Other, `${name} instanceof ${otherName}`).toBe(expected);
      expect(Other.isInstance(error), `${otherName}.isInstance(${name})`).toBe(expected);
    }
  });
});

describe("hierarchy", () => {
  it("follows Python's: BrokenBarrierError and SendfileNotAvailableError are RuntimeErrors", () => {
    expect(Object.getPrototypeOf(BrokenBarrierError)).toBe(RuntimeError);
    expect(Object.getPrototypeOf(SendfileNotAvailableError)).toBe(RuntimeError);
    expect(new BrokenBarrierError()).toBeInstanceOf(RuntimeError);
    expect(new SendfileNotAvailableError()).toBeInstanceOf(RuntimeError);
    expect(RuntimeError.isInstance(new BrokenBarrierError())).toBe(true);
  });

  it("does not let a subclass inherit a too-loose instanceof", () => {
    expect(new RuntimeError() instanceof BrokenBarrierError).toBe(false);
    expect(BrokenBarrierError.isInstance(new RuntimeError())).toBe(false);
    expect(new SendfileNotAvailableError() instanceof BrokenBarrierError).toBe(false);
  });

  it("extends Error directly where Python's base is a builtin with no counterpart", () => {
    for (const ErrorClass of [
      CancelledError,
      InvalidStateError,
      TimeoutError,
      RuntimeError,
      ValueError,
      KeyboardInterrupt,
      QueueEmpty,
      QueueFull,
      QueueShutDown,
      IncompleteReadError,
      LimitOverrunError,
    ]) {
      expect(Object.getPrototypeOf(ErrorClass)).toBe(Error);
    }
    expect(Object.getPrototypeOf(ExceptionGroup)).toBe(AggregateError);
  });

  it("keeps the ordinary prototype check for a user subclass that is not marked", () => {
    class MyCancelled extends CancelledError {}
    const mine = new MyCancelled("m");
    expect(mine).toBeInstanceOf(MyCancelled);
    expect(mine).toBeInstanceOf(CancelledError);
    expect(new CancelledError() instanceof MyCancelled).toBe(false);
    expect(MyCancelled.isInstance(new CancelledError())).toBe(false);
    expect(MyCancelled.isInstance(mine)).toBe(true);
    expect(isCancelledError(mine)).toBe(true);
    expect(mine.name).toBe("CancelledError");
  });

  it("does not make plain Errors or unrelated objects instances", () => {
    for (const value of [new Error("x"), new TypeError("x"), {}, Object.create(null), null, undefined, 0, "x"]) {
      expect(value instanceof RuntimeError).toBe(false);
      expect(RuntimeError.isInstance(value)).toBe(false);
      expect(isCancelledError(value)).toBe(false);
    }
  });
});

describe("markers", () => {
  it("gives every class its name", () => {
    for (const name of allClassNames) expect(makeInstance(name, exceptions).name).toBe(name);
  });

  it("marks each class's instances with Symbol.for('asyncio-ts.error.<ClassName>'), not enumerable", () => {
    for (const name of allClassNames) {
      const error = makeInstance(name, exceptions);
      const marker = Symbol.for(`asyncio-ts.error.${name}`);
      expect((error as unknown as Record<symbol, unknown>)[marker], name).toBe(true);
      expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    }
  });

  it("puts name on the prototype, like the builtin errors", () => {
    expect(Object.hasOwn(new ValueError(), "name")).toBe(false);
    expect(Object.getOwnPropertyDescriptor(ValueError.prototype, "name")).toMatchObject({
      value: "ValueError",
      enumerable: false,
      writable: true,
    });
  });
});

describe("isCancelledError", () => {
  it("checks the CancelledError marker", () => {
    expect(isCancelledError(new CancelledError())).toBe(true);
    expect(isCancelledError(new Error("CancelledError"))).toBe(false);
    expect(isCancelledError(Object.assign(new Error("x"), { name: "CancelledError" }))).toBe(false);
    expect(isCancelledError({ [Symbol.for("asyncio-ts.error.CancelledError")]: true })).toBe(true);
    expect(isCancelledError(null)).toBe(false);
    expect(isCancelledError(undefined)).toBe(false);
    expect(isCancelledError("CancelledError")).toBe(false);
  });
});

describe("recognition across duplicate copies of the package", () => {
  it("recognises an object carrying the marker as made by another copy", () => {
    const foreign = Object.create(Error.prototype, {
      [Symbol.for("asyncio-ts.error.CancelledError")]: { value: true },
    }) as unknown;
    expect(foreign instanceof CancelledError).toBe(true);
    expect(CancelledError.isInstance(foreign)).toBe(true);
    expect(isCancelledError(foreign)).toBe(true);
    expect(foreign instanceof RuntimeError).toBe(false);
  });

  it("recognises every class made by a freshly loaded second copy, subclasses included", async () => {
    vi.resetModules();
    const copy = (await import("../../src/exceptions/index.js")) as unknown as Record<string, unknown>;
    expect(copy["CancelledError"]).not.toBe(CancelledError);
    for (const name of allClassNames) {
      const local = (exceptions as Record<string, unknown>)[name] as SimpleErrorClass;
      const foreign = makeInstance(name, copy);
      expect(foreign instanceof local, `copy's ${name} instanceof ours`).toBe(true);
      expect(local.isInstance(foreign)).toBe(true);
      // and the other way round
      const otherClass = copy[name] as SimpleErrorClass;
      expect(makeInstance(name, exceptions) instanceof otherClass).toBe(true);
    }
    const foreignBarrier = makeInstance("BrokenBarrierError", copy);
    expect(foreignBarrier).toBeInstanceOf(RuntimeError);
    expect(makeInstance("RuntimeError", copy) instanceof BrokenBarrierError).toBe(false);
    expect(isCancelledError(makeInstance("CancelledError", copy))).toBe(true);
    expect(makeInstance("ExceptionGroup", copy)).toBeInstanceOf(ExceptionGroup);
  });
});

describe("IncompleteReadError", () => {
  it("carries partial and expected, with Python's message", () => {
    const partial = new Uint8Array([1, 2, 3]);
    const error = new IncompleteReadError(partial, 10);
    expect(error.partial).toBe(partial);
    expect(error.expected).toBe(10);
    expect(error.message).toBe("3 bytes read on a total of 10 expected bytes");
    expect(error.name).toBe("IncompleteReadError");
    expect(error).toBeInstanceOf(IncompleteReadError);
    expect(error).toBeInstanceOf(Error);
  });

  it("says 'undefined' when the expected size is unknown", () => {
    const error = new IncompleteReadError(Buffer.from("abc"), null);
    expect(error.expected).toBeNull();
    expect(error.message).toBe("3 bytes read on a total of undefined expected bytes");
  });

  it("accepts a cause", () => {
    const cause = new Error("eof");
    expect(new IncompleteReadError(new Uint8Array(), 1, { cause }).cause).toBe(cause);
  });
});

describe("LimitOverrunError", () => {
  it("carries consumed and the message", () => {
    const error = new LimitOverrunError("Separator is not found, and chunk exceed the limit", 65536);
    expect(error.consumed).toBe(65536);
    expect(error.message).toBe("Separator is not found, and chunk exceed the limit");
    expect(error.name).toBe("LimitOverrunError");
    expect(String(error)).toBe("LimitOverrunError: Separator is not found, and chunk exceed the limit");
  });

  it("accepts a cause", () => {
    const cause = new Error("why");
    expect(new LimitOverrunError("m", 1, { cause }).cause).toBe(cause);
  });
});
