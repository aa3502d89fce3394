// Expected behaviour checked against CPython 3.11's `except*` (see the Python equivalents in
// the comments) and Lib/test/test_except_star.py.
import { describe, expect, it, vi } from "vitest";
import {
  ExceptionGroup,
  RuntimeError,
  TimeoutError,
  ValueError,
  exceptStar,
  type ExceptStarClause,
} from "../src/index.js";

/** A template is a leaf error (same class and message expected) or an array of templates (a group). */
type Template = Error | readonly Template[];

function expectShape(error: unknown, template: Template, message?: string): void {
  if (Array.isArray(template)) {
    expect(error).toBeInstanceOf(ExceptionGroup);
    const group = error as ExceptionGroup;
    if (message !== undefined) expect(group.message).toBe(message);
    expect(group.exceptions.length).toBe(template.length);
    group.exceptions.forEach((child, index) => expectShape(child, template[index] as Template));
  } else {
    expect((error as Error).constructor).toBe((template as Error).constructor);
    expect((error as Error).message).toBe((template as Error).message);
  }
}

function thrownBy(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const VE = (m: number | string) => new ValueError(String(m));
const TE = (m: number | string) => new TypeError(String(m));
const RE = (m: number | string) => new RangeError(String(m));

describe("exceptStar with an ExceptionGroup", () => {
  it("hands each clause its matching part and returns when everything is handled", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2), VE(3)]);
    const calls: [string, ExceptionGroup][] = [];
    exceptStar(eg, [
      [ValueError, (group) => calls.push(["value", group])],
      [TypeError, (group) => calls.push(["type", group])],
    ]);
    expect(calls.map(([name]) => name)).toEqual(["value", "type"]);
    expectShape(calls[0]![1], [VE(1), VE(3)], "eg");
    expectShape(calls[1]![1], [TE(2)], "eg");
    expect(calls[0]![1].exceptions[0]).toBe(eg.exceptions[0]);
  });

  it("gives a later clause only what earlier clauses left", () => {
    // except* ValueError: ... / except* Exception as e: e == ExceptionGroup('eg', [TypeError(2)])
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const seen: ExceptionGroup[] = [];
    exceptStar(eg, [
      [ValueError, () => {}],
      [Error, (group) => seen.push(group)],
    ]);
    expect(seen).toHaveLength(1);
    expectShape(seen[0], [TE(2)], "eg");
  });

  it("hands over the group itself when a condition matches it as a whole", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    let received: unknown;
    exceptStar(eg, [[Error, (group) => (received = group)]]);
    expect(received).toBe(eg);
  });

  it("does not call a handler whose condition matches nothing", () => {
    const handler = vi.fn();
    const eg = new ExceptionGroup("eg", [VE(1)]);
    exceptStar(eg, [
      [TypeError, handler],
      [ValueError, () => {}],
    ]);
    expect(handler).not.toHaveBeenCalled();
  });

  it("stops once everything is handled", () => {
    const handler = vi.fn();
    exceptStar(new ExceptionGroup("eg", [VE(1)]), [
      [ValueError, () => {}],
      [Error, handler],
    ]);
    expect(handler).not.toHaveBeenCalled();
  });

  it("rethrows the unhandled rest with the original's structure, message, cause, stack and notes", () => {
    const cause = new Error("why");
    const inner = new ExceptionGroup("inner", [VE(3), RE(4)]);
    const eg = new ExceptionGroup("outer", [inner, TE(5), VE(6)], { cause });
    eg.addNote("a note");
    const rest = thrownBy(() => exceptStar(eg, [[ValueError, () => {}]])) as ExceptionGroup;
    expectShape(rest, [[RE(4)], TE(5)], "outer");
    expect(rest).not.toBe(eg);
    expect(rest.cause).toBe(cause);
    expect(rest.stack).toBe(eg.stack);
    expect(rest.notes).toEqual(["a note"]);
    expect((rest.exceptions[0] as ExceptionGroup).message).toBe("inner");
    expect((rest.exceptions[0] as ExceptionGroup).exceptions[0]).toBe(inner.exceptions[1]);
  });

  it("rethrows the original object itself when no clause matched anything", () => {
    // Python rethrows an equal derived copy; we keep the identity.
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    expect(thrownBy(() => exceptStar(eg, [[RangeError, () => {}]]))).toBe(eg);
    expect(thrownBy(() => exceptStar(eg, []))).toBe(eg);
  });

  it("throws a single new error from a handler as it is when nothing else is left", () => {
    // try: raise ExceptionGroup("eg", [ValueError(1)])
    // except* ValueError: raise TypeError(2)         -> TypeError(2)
    const eg = new ExceptionGroup("eg", [VE(1)]);
    const thrown = TE(2);
    expect(
      thrownBy(() =>
        exceptStar(eg, [
          [
            ValueError,
            () => {
              throw thrown;
            },
          ],
        ]),
      ),
    ).toBe(thrown);
  });

  it("groups a new error with the unhandled rest", () => {
    // ExceptionGroup("eg", [ValueError(1), OSError(3)]); except* ValueError: raise TypeError(2)
    // -> ExceptionGroup('', [TypeError(2), ExceptionGroup('eg', [OSError(3)])])
    const eg = new ExceptionGroup("eg", [VE(1), RE(3)]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          () => {
            throw TE(2);
          },
        ],
      ]),
    );
    expectShape(error, [TE(2), [RE(3)]], "");
    expect(((error as ExceptionGroup).exceptions[1] as ExceptionGroup).message).toBe("eg");
  });

  it("groups the errors of several handlers, in clause order", () => {
    // -> ExceptionGroup('', [TypeError(2), KeyError(4)])
    const eg = new ExceptionGroup("eg", [VE(1), RE(3)]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          () => {
            throw TE(2);
          },
        ],
        [
          RangeError,
          () => {
            throw new RuntimeError("4");
          },
        ],
      ]),
    );
    expectShape(error, [TE(2), new RuntimeError("4")], "");
  });

  it("puts re-raised errors back into the rest, in their original place", () => {
    // ExceptionGroup("eg", [ValueError(1), OSError(3), ExceptionGroup("inner", [ValueError(5), KeyError(6)])])
    // except* ValueError: raise / except* OSError: raise TypeError(2)
    // -> ExceptionGroup('', [TypeError(2), ExceptionGroup('eg', [ValueError(1), ExceptionGroup('inner', [ValueError(5), KeyError(6)])])])
    const eg = new ExceptionGroup("eg", [VE(1), RE(3), new ExceptionGroup("inner", [VE(5), new RuntimeError("6")])]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          (group) => {
            throw group;
          },
        ],
        [
          RangeError,
          () => {
            throw TE(2);
          },
        ],
      ]),
    );
    expectShape(error, [TE(2), [VE(1), [VE(5), new RuntimeError("6")]]], "");
    const restPart = (error as ExceptionGroup).exceptions[1] as ExceptionGroup;
    expect(restPart.message).toBe("eg");
    expect((restPart.exceptions[1] as ExceptionGroup).message).toBe("inner");
  });

  it("rethrows only the re-raised and unhandled parts when handlers throw nothing new", () => {
    // ExceptionGroup("outer", [ExceptionGroup("inner", [ValueError(3), OSError(4)]), TypeError(5)])
    // except* ValueError: raise / except* OSError: pass
    // -> ExceptionGroup('outer', [ExceptionGroup('inner', [ValueError(3)]), TypeError(5)])
    const eg = new ExceptionGroup("outer", [new ExceptionGroup("inner", [VE(3), RE(4)]), TE(5)]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          (group) => {
            throw group;
          },
        ],
        [RangeError, () => {}],
      ]),
    );
    expectShape(error, [[VE(3)], TE(5)], "outer");
  });

  it("re-raising everything gives an equal group, derived as in Python", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          (group) => {
            throw group;
          },
        ],
        [
          TypeError,
          (group) => {
            throw group;
          },
        ],
      ]),
    );
    expectShape(error, [VE(1), TE(2)], "eg");
  });

  it("re-raising a whole-group match rethrows it as is", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          Error,
          (group) => {
            throw group;
          },
        ],
      ]),
    );
    expectShape(error, [VE(1), TE(2)], "eg");
  });

  it("counts throwing a leaf, or a new group, as a new error", () => {
    // except* ValueError as e: raise e.exceptions[0]
    // -> ExceptionGroup('', [ValueError(1), ExceptionGroup('eg', [OSError(3)])])
    const eg = new ExceptionGroup("eg", [VE(1), RE(3)]);
    const leafError = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          (group) => {
            throw group.exceptions[0];
          },
        ],
      ]),
    );
    expectShape(leafError, [VE(1), [RE(3)]], "");
    expect((leafError as ExceptionGroup).exceptions[0]).toBe(eg.exceptions[0]);

    // except* ValueError: raise ExceptionGroup("new", [TypeError(9)])
    // -> ExceptionGroup('', [ExceptionGroup('new', [TypeError(9)]), ExceptionGroup('eg', [OSError(3)])])
    const groupError = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          () => {
            throw new ExceptionGroup("new", [TE(9)]);
          },
        ],
      ]),
    );
    expectShape(groupError, [[TE(9)], [RE(3)]], "");
    expect(((groupError as ExceptionGroup).exceptions[0] as ExceptionGroup).message).toBe("new");
  });

  it("does not match errors thrown by handlers against later clauses", () => {
    // except* ValueError: raise TypeError("from handler") / except* TypeError as t: ...
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const seen: ExceptionGroup[] = [];
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          () => {
            throw TE("from handler");
          },
        ],
        [TypeError, (group) => seen.push(group)],
      ]),
    );
    expectShape(seen[0], [TE(2)], "eg");
    expectShape(error, TE("from handler"));
  });

  it("matches by array of classes and by predicate", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2), RE(3)]);
    const seen: ExceptionGroup[] = [];
    exceptStar(eg, [
      [[ValueError, RangeError], (group) => seen.push(group)],
      [(e) => e.message === "2", (group) => seen.push(group)],
    ]);
    expectShape(seen[0], [VE(1), RE(3)], "eg");
    expectShape(seen[1], [TE(2)], "eg");
  });

  it("applies a predicate to the group itself first", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    let received: unknown;
    exceptStar(eg, [[(e) => e instanceof ExceptionGroup, (group) => (received = group)]]);
    expect(received).toBe(eg);
  });

  it("wraps non-Error values thrown by handlers when they must join a group", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    const error = thrownBy(() =>
      exceptStar(eg, [
        [
          ValueError,
          () => {
            throw "oops";
          },
        ],
      ]),
    ) as ExceptionGroup;
    expect(error.exceptions[0]).toBeInstanceOf(Error);
    expect(error.exceptions[0]!.cause).toBe("oops");
    expect(error.exceptions[0]!.message).toContain("oops");
    // alone, it is thrown as it is
    expect(
      thrownBy(() =>
        exceptStar(new ExceptionGroup("eg", [VE(1)]), [
          [
            ValueError,
            () => {
              throw "alone";
            },
          ],
        ]),
      ),
    ).toBe("alone");
  });
});

describe("exceptStar with an error that is not a group", () => {
  it("hands the handler the error wrapped in ExceptionGroup('', [error])", () => {
    // try: raise ValueError(1) / except* ValueError as e: e == ExceptionGroup('', (ValueError(1),))
    const error = VE(1);
    let received: ExceptionGroup | undefined;
    exceptStar(error, [[ValueError, (group) => (received = group)]]);
    expect(received).toBeInstanceOf(ExceptionGroup);
    expect(received!.message).toBe("");
    expect(received!.exceptions).toEqual([error]);
    expect(received!.exceptions[0]).toBe(error);
  });

  it("rethrows it as it is when no clause matches", () => {
    const error = new RuntimeError("1");
    const handler = vi.fn();
    expect(thrownBy(() => exceptStar(error, [[ValueError, handler]]))).toBe(error);
    expect(handler).not.toHaveBeenCalled();
  });

  it("matches it by predicate as it is, not its wrapper", () => {
    const error = VE(1);
    const seen: Error[] = [];
    exceptStar(error, [
      [
        (e) => {
          seen.push(e);
          return true;
        },
        () => {},
      ],
    ]);
    expect(seen).toEqual([error]);
  });

  it("calls only the first matching clause", () => {
    const second = vi.fn();
    exceptStar(VE(1), [
      [ValueError, () => {}],
      [Error, second],
    ]);
    expect(second).not.toHaveBeenCalled();
  });

  it("throws what the handler throws, as it is", () => {
    // except* ValueError: raise TypeError(2)  -> TypeError(2)
    const thrown = TE(2);
    expect(
      thrownBy(() =>
        exceptStar(VE(1), [
          [
            ValueError,
            () => {
              throw thrown;
            },
          ],
        ]),
      ),
    ).toBe(thrown);
  });

  it("rethrows the wrapper when the handler re-raises it", () => {
    // except* ValueError: raise  -> ExceptionGroup('', (ValueError(1),))
    const error = VE(1);
    let wrapper: ExceptionGroup | undefined;
    const thrown = thrownBy(() =>
      exceptStar(error, [
        [
          ValueError,
          (group) => {
            wrapper = group;
            throw group;
          },
        ],
      ]),
    );
    expect(thrown).toBe(wrapper);
    expectShape(thrown, [VE(1)], "");
  });

  it("rethrows a value that is not an Error untouched, calling no handler", () => {
    const handler = vi.fn();
    for (const value of ["boom", 42, undefined, null, { message: "x" }]) {
      expect(thrownBy(() => exceptStar(value, [[() => true, handler]]))).toBe(value);
    }
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("exceptStar argument checks", () => {
  it("rejects group classes, as Python rejects except* ExceptionGroup", () => {
    class MyGroup extends ExceptionGroup {}
    const handler = vi.fn();
    for (const condition of [ExceptionGroup, MyGroup, AggregateError, [ValueError, ExceptionGroup]]) {
      expect(() =>
        exceptStar(new ExceptionGroup("eg", [VE(1)]), [[condition as unknown as typeof ValueError, handler]]),
      ).toThrow(/catching ExceptionGroup \(or AggregateError\) with exceptStar is not allowed/);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("rejects malformed clauses before running any handler", () => {
    const handler = vi.fn();
    const eg = new ExceptionGroup("eg", [VE(1)]);
    const bad: unknown[] = [
      [
        [ValueError, handler],
        ["not a condition", handler],
      ],
      [[ValueError, handler], [ValueError]],
      [
        [ValueError, handler],
        [ValueError, "not a function"],
      ],
      [
        [ValueError, handler],
        [[ValueError, 42], handler],
      ],
      [[ValueError, handler], new ValueError("not a clause")],
    ];
    for (const clauses of bad) {
      expect(() => exceptStar(eg, clauses as ExceptStarClause[])).toThrow(TypeError);
    }
    expect(() => exceptStar(eg, "nope" as unknown as ExceptStarClause[])).toThrow(TypeError);
    expect(handler).not.toHaveBeenCalled();
  });

  it("rejects a handler that returns a promise", () => {
    const eg = new ExceptionGroup("eg", [VE(1)]);
    const error = thrownBy(() => exceptStar(eg, [[ValueError, async () => {}]]));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/use exceptStarAsync/);
    expect((error as TypeError).cause).toBe(eg);
  });
});

describe("exceptStar with groups from another copy of the package", () => {
  it("matches and rebuilds them", async () => {
    vi.resetModules();
    const copy = await import("@asyncio-ts/core");
    expect(copy.ExceptionGroup).not.toBe(ExceptionGroup);
    const eg = new copy.ExceptionGroup("eg", [new copy.ValueError("1"), new copy.TimeoutError("2")]);
    const seen: ExceptionGroup[] = [];
    const rest = thrownBy(() => exceptStar(eg, [[ValueError, (group) => seen.push(group)]]));
    expect(seen[0]!.exceptions).toEqual([eg.exceptions[0]]);
    expect(rest).toBeInstanceOf(ExceptionGroup);
    expect((rest as ExceptionGroup).exceptions[0]).toBeInstanceOf(TimeoutError);
  });
});
