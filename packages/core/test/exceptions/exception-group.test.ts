// Behaviour ported from CPython's Lib/test/test_exception_group.py (checked against Python 3.11).
import { describe, expect, it, vi } from "vitest";
import {
  CancelledError,
  ExceptionGroup,
  type ExceptionGroupCondition,
  KeyboardInterrupt,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "../../src/exceptions/index.js";

/** A template is a leaf error (same class and message expected) or an array of templates (a group). */
type Template = Error | readonly Template[];

function expectMatchesTemplate(error: unknown, groupClass: Function | null, template: Template): void {
  if (groupClass !== null) expect((error as object).constructor).toBe(groupClass);
  if (error instanceof ExceptionGroup) {
    expect(Array.isArray(template)).toBe(true);
    const templates = template as readonly Template[];
    expect(error.exceptions.length).toBe(templates.length);
    error.exceptions.forEach((child, index) => expectMatchesTemplate(child, null, templates[index]!));
  } else {
    expect(template).toBeInstanceOf(Error);
    expect((error as Error).constructor).toBe((template as Error).constructor);
    expect((error as Error).message).toBe((template as Error).message);
  }
}

function leaves(error: Error | null): Error[] {
  if (error === null) return [];
  if (error instanceof ExceptionGroup) return error.exceptions.flatMap((child) => leaves(child));
  return [error];
}

const VE = (m: string | number) => new ValueError(String(m));
const TE = (m: string | number) => new TypeError(String(m));

function createSimpleEg(): ExceptionGroup {
  const memory = new Error("context and cause for ValueError(1)");
  return new ExceptionGroup("simple eg", [new ValueError("1", { cause: memory }), TE("int"), VE(2)]);
}
const simpleTemplate = (): Template => [VE(1), TE("int"), VE(2)];

/** Python's split_exception_group: split, plus the sanity checks every split must pass. */
function splitExceptionGroup(
  eg: ExceptionGroup,
  condition: ExceptionGroupCondition,
): [ExceptionGroup | null, ExceptionGroup | null] {
  const [match, rest] = eg.split(condition);
  const sg = eg.subgroup(condition);
  if (match !== null) {
    expect(match).toBeInstanceOf(ExceptionGroup);
    expect(sg).toBeInstanceOf(ExceptionGroup);
  }
  if (rest !== null) expect(rest).toBeInstanceOf(ExceptionGroup);
  // match and subgroup have the same leaves
  expect(leaves(sg)).toEqual(leaves(match));
  leaves(match).forEach((leaf, index) => expect(leaf).toBe(leaves(sg)[index]));
  // each leaf of eg is in exactly one of match and rest
  const matchLeaves = leaves(match);
  const restLeaves = leaves(rest);
  expect(leaves(eg).length).toBe(matchLeaves.length + restLeaves.length);
  for (const leaf of leaves(eg)) {
    expect(matchLeaves.includes(leaf)).not.toBe(restLeaves.includes(leaf));
  }
  // message, cause, stack (Python's traceback) and notes equal to eg's
  for (const part of [match, rest, sg]) {
    if (part === null) continue;
    expect(part.message).toBe(eg.message);
    expect(part.cause).toBe(eg.cause);
    expect(Object.hasOwn(part, "cause")).toBe(Object.hasOwn(eg, "cause"));
    expect(part.stack).toBe(eg.stack);
    expect(part.notes).toEqual(eg.notes);
  }
  return [match, rest];
}

describe("ExceptionGroup type", () => {
  it("extends AggregateError and Error", () => {
    const eg = new ExceptionGroup("eg", [VE(1)]);
    expect(eg).toBeInstanceOf(AggregateError);
    expect(eg).toBeInstanceOf(Error);
    expect(eg).toBeInstanceOf(ExceptionGroup);
    expect(eg.name).toBe("ExceptionGroup");
    expect(String(eg)).toBe("ExceptionGroup: eg");
    expect(ExceptionGroup.isInstance(eg)).toBe(true);
    expect(ExceptionGroup.isInstance(new AggregateError([VE(1)], "eg"))).toBe(false);
    expect(new AggregateError([VE(1)]) instanceof ExceptionGroup).toBe(false);
  });
});

describe("bad constructor arguments", () => {
  it("requires a string message", () => {
    expect(() => new ExceptionGroup(new ValueError("12") as unknown as string, [VE(1)])).toThrow(TypeError);
    expect(() => new ExceptionGroup(null as unknown as string, [VE(12)])).toThrow(
      /argument 1 \(message\) must be a string, not null/,
    );
    expect(() => new ExceptionGroup(42 as unknown as string, [VE(12)])).toThrow(/must be a string, not number/);
  });

  it("requires a sequence of exceptions", () => {
    const notSequences = [new Set([VE(42)]), null, undefined, VE(1), "abc"];
    for (const exceptions of notSequences) {
      expect(() => new ExceptionGroup("eg", exceptions as unknown as Error[])).toThrow(TypeError);
      expect(() => new ExceptionGroup("eg", exceptions as unknown as Error[])).toThrow(
        "second argument (exceptions) must be a sequence",
      );
    }
  });

  it("requires a non-empty sequence (ValueError, as in Python)", () => {
    expect(() => new ExceptionGroup("eg", [])).toThrow(ValueError);
    expect(() => new ExceptionGroup("eg", [])).toThrow("second argument (exceptions) must be a non-empty sequence");
  });

  it("requires every item to be an error (ValueError, as in Python)", () => {
    expect(() => new ExceptionGroup("expect instance, not type", [TypeError as unknown as Error])).toThrow(ValueError);
    expect(() => new ExceptionGroup("bad error", ["not an exception" as unknown as Error])).toThrow(
      "Item 0 of second argument (exceptions) is not an exception",
    );
    expect(() => new ExceptionGroup("eg", [VE(1), 2 as unknown as Error])).toThrow(
      "Item 1 of second argument (exceptions) is not an exception",
    );
  });
});

describe("instance creation", () => {
  it("nests any Error, including the ones Python calls BaseExceptions", () => {
    const eg = new ExceptionGroup("eg", [VE(1), new KeyboardInterrupt("2"), new CancelledError()]);
    expect(eg.exceptions.length).toBe(3);
  });

  it("keeps its subclass", () => {
    class MyEG extends ExceptionGroup {}
    const eg = new MyEG("eg", [VE(12), TE(42)]);
    expect(eg.constructor).toBe(MyEG);
    expect(eg).toBeInstanceOf(MyEG);
    expect(eg).toBeInstanceOf(ExceptionGroup);
    expect(new ExceptionGroup("eg", [VE(1)]) instanceof MyEG).toBe(false);
  });
});

describe("fields", () => {
  it("has message, exceptions (the same frozen array as errors) and cause", () => {
    const eg = createSimpleEg();
    expect(eg.message).toBe("simple eg");
    expect(eg.exceptions).toBe(eg.errors);
    expect(Object.isFrozen(eg.exceptions)).toBe(true);
    expect(eg.exceptions[0]).toBeInstanceOf(ValueError);
    expect(eg.exceptions[0]!.cause).toBeInstanceOf(Error);
    expect(eg.exceptions[1]).toBeInstanceOf(TypeError);
    expect(eg.exceptions[2]).toBeInstanceOf(ValueError);
    const cause = new Error("why");
    expect(new ExceptionGroup("eg", [VE(1)], { cause }).cause).toBe(cause);
  });

  it("copies the given array, so later changes to it do not leak in", () => {
    const input = [VE(1), TE(2)];
    const eg = new ExceptionGroup("eg", input);
    expect(eg.exceptions).not.toBe(input);
    input.push(VE(3));
    expect(eg.exceptions.length).toBe(2);
    expect(() => (eg.exceptions as Error[]).push(VE(4))).toThrow(TypeError);
  });

  it("accepts an empty message", () => {
    expect(new ExceptionGroup("", [VE(1)]).message).toBe("");
  });
});

describe("subgroup", () => {
  it("rejects bad condition types with TypeError", () => {
    const eg = createSimpleEg();
    const badConditions = ["bad arg", new RangeError("instance not type"), [RangeError, 42], [() => true], 42, null];
    for (const condition of badConditions) {
      expect(() => eg.subgroup(condition as unknown as typeof Error)).toThrow(TypeError);
      expect(() => eg.split(condition as unknown as typeof Error)).toThrow(
        "expected a function, an Error class or an array of Error classes",
      );
    }
  });

  it("passes the group itself through when its class matches it as a whole", () => {
    const eg = createSimpleEg();
    expect(eg.subgroup(Error)).toBe(eg);
    expect(eg.subgroup(AggregateError)).toBe(eg);
    expect(eg.subgroup(ExceptionGroup)).toBe(eg);
  });

  it("returns null when nothing matches", () => {
    expect(createSimpleEg().subgroup(RangeError)).toBeNull();
  });

  it("matches by class and by array of classes, keeping the message", () => {
    const eg = createSimpleEg();
    const cases: [ExceptionGroupCondition, Template][] = [
      [ValueError, [VE(1), VE(2)]],
      [TypeError, [TE("int")]],
      [[ValueError, TypeError], simpleTemplate()],
    ];
    for (const [condition, template] of cases) {
      const sub = eg.subgroup(condition)!;
      expect(sub.message).toBe(eg.message);
      expectMatchesTemplate(sub, ExceptionGroup, template);
    }
  });

  it("matches by predicate", () => {
    const eg = createSimpleEg();
    expect(eg.subgroup(() => true)).toBe(eg);
    expect(eg.subgroup(() => false)).toBeNull();
    const cases: [(e: Error) => boolean, Template][] = [
      [(e) => e instanceof ValueError, [VE(1), VE(2)]],
      [(e) => e instanceof TypeError, [TE("int")]],
      [(e) => e instanceof ValueError || e instanceof TypeError, simpleTemplate()],
    ];
    for (const [predicate, template] of cases) {
      const sub = eg.subgroup(predicate)!;
      expect(sub.message).toBe(eg.message);
      expectMatchesTemplate(sub, ExceptionGroup, template);
    }
  });

  it("keeps the leaf objects themselves", () => {
    const eg = createSimpleEg();
    const sub = eg.subgroup(ValueError)!;
    expect(sub.exceptions[0]).toBe(eg.exceptions[0]);
    expect(sub.exceptions[1]).toBe(eg.exceptions[2]);
  });
});

describe("split", () => {
  it("passes everything through when the class matches the group", () => {
    for (const condition of [Error, AggregateError, ExceptionGroup]) {
      const eg = createSimpleEg();
      const [match, rest] = eg.split(condition as typeof Error);
      expect(match).toBe(eg);
      expectMatchesTemplate(match, ExceptionGroup, simpleTemplate());
      expect(rest).toBeNull();
    }
  });

  it("puts everything in rest when nothing matches", () => {
    const eg = createSimpleEg();
    const [match, rest] = eg.split(RangeError);
    expect(match).toBeNull();
    expectMatchesTemplate(rest, ExceptionGroup, simpleTemplate());
  });

  it("splits by class and by array of classes", () => {
    const eg = createSimpleEg();
    const cases: [ExceptionGroupCondition, Template, Template | null][] = [
      [ValueError, [VE(1), VE(2)], [TE("int")]],
      [TypeError, [TE("int")], [VE(1), VE(2)]],
      [[ValueError, TypeError], simpleTemplate(), null],
      [[RangeError, ValueError], [VE(1), VE(2)], [TE("int")]],
    ];
    for (const [condition, matchTemplate, restTemplate] of cases) {
      const [match, rest] = eg.split(condition);
      expect(match!.message).toBe(eg.message);
      expectMatchesTemplate(match, ExceptionGroup, matchTemplate);
      if (restTemplate === null) expect(rest).toBeNull();
      else {
        expect(rest!.message).toBe(eg.message);
        expectMatchesTemplate(rest, ExceptionGroup, restTemplate);
      }
    }
  });

  it("splits by predicate", () => {
    const eg = createSimpleEg();
    const [all, none] = eg.split(() => true);
    expect(all).toBe(eg);
    expect(none).toBeNull();
    const [noMatch, everything] = eg.split(() => false);
    expect(noMatch).toBeNull();
    expectMatchesTemplate(everything, ExceptionGroup, simpleTemplate());

    const [match, rest] = eg.split((e) => e instanceof ValueError);
    expectMatchesTemplate(match, ExceptionGroup, [VE(1), VE(2)]);
    expectMatchesTemplate(rest, ExceptionGroup, [TE("int")]);
  });

  it("calls the predicate on the group first, then depth first", () => {
    const inner = new ExceptionGroup("inner", [VE(5), VE(6)]);
    const outer = new ExceptionGroup("outer", [inner, TE(1)]);
    const seen: Error[] = [];
    outer.split((e) => {
      seen.push(e);
      return false;
    });
    expect(seen).toEqual([outer, inner, inner.exceptions[0], inner.exceptions[1], outer.exceptions[1]]);
  });

  it("reuses a nested group that matches as a whole, and derives one whose leaves all match", () => {
    const inner = new ExceptionGroup("inner", [VE(5), VE(6)]);
    const outer = new ExceptionGroup("outer", [inner, TE(1)]);
    const [byClass] = outer.split(ValueError);
    expect(byClass!.exceptions[0]).not.toBe(inner); // derived: inner itself is no ValueError
    expectMatchesTemplate(byClass!.exceptions[0], ExceptionGroup, [VE(5), VE(6)]);
    const byPredicate = outer.subgroup((e) => e instanceof ExceptionGroup && e.message === "inner");
    expect(byPredicate!.exceptions[0]).toBe(inner);
  });

  it("copies cause, stack and notes onto each part, but not onto the group derive() makes", () => {
    const cause = new Error("cause");
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)], { cause });
    eg.addNote("note");
    const [match, rest] = splitExceptionGroup(eg, ValueError);
    expect(match!.cause).toBe(cause);
    expect(rest!.cause).toBe(cause);
    expect(match!.stack).toBe(eg.stack);
    const derived = eg.derive([VE(3)]);
    expect(Object.hasOwn(derived, "cause")).toBe(false);
    expect(derived.notes).toBeUndefined();
  });

  it("does not give a cause to parts of a group that has none", () => {
    class CausingEG extends ExceptionGroup {
      override derive(exceptions: readonly Error[]): ExceptionGroup {
        return new ExceptionGroup(this.message, exceptions, { cause: "from derive" });
      }
    }
    const [match] = new CausingEG("eg", [VE(1), TE(2)]).split(ValueError);
    expect(Object.hasOwn(match!, "cause")).toBe(false);
  });

  it("recognises nested groups and condition classes from another copy of the package", async () => {
    vi.resetModules();
    const copy = await import("../../src/exceptions/index.js");
    expect(copy.ExceptionGroup).not.toBe(ExceptionGroup);
    const foreignInner = new copy.ExceptionGroup("inner", [new copy.ValueError("a"), TE("b")]);
    const eg = new ExceptionGroup("outer", [foreignInner, new ValueError("c")]);
    const [match, rest] = eg.split(copy.ValueError);
    expectMatchesTemplate(match, ExceptionGroup, [[new copy.ValueError("a")], VE("c")]);
    expectMatchesTemplate(rest, ExceptionGroup, [[TE("b")]]);
    // the nested part was derived by the other copy's derive
    expect(match!.exceptions[0]!.constructor).toBe(copy.ExceptionGroup);
    expect(match!.exceptions[0]).toBeInstanceOf(ExceptionGroup);
  });

  it("handles deep nesting", () => {
    let eg: Error = new TypeError("1");
    for (let index = 0; index < 1000; index++) eg = new ExceptionGroup("eg", [eg]);
    const [match, rest] = (eg as ExceptionGroup).split(TypeError);
    expect(leaves(match)).toHaveLength(1);
    expect(rest).toBeNull();
  });
});

describe("nested groups (test_split_by_type)", () => {
  class MyExceptionGroup extends ExceptionGroup {}

  function nestedGroup(): ExceptionGroup {
    const level1 = (i: number) => new ExceptionGroup("msg1", [VE(i), TE("int"), VE(i + 1)]);
    const level2 = (i: number) => new MyExceptionGroup("msg2", [level1(i), level1(i + 1), VE(i + 2)]);
    const level3 = (i: number) => new ExceptionGroup("msg3", [level2(i + 1), VE(i + 2)]);
    const eg = level3(5);
    eg.addNote("the note");
    return eg;
  }

  const egTemplate: Template = [[[VE(6), TE("int"), VE(7)], [VE(7), TE("int"), VE(8)], VE(8)], VE(7)];
  const valueErrorsTemplate: Template = [[[VE(6), VE(7)], [VE(7), VE(8)], VE(8)], VE(7)];
  const typeErrorsTemplate: Template = [[[TE("int")], [TE("int")]]];

  it("matches the template", () => {
    expectMatchesTemplate(nestedGroup(), ExceptionGroup, egTemplate);
  });

  it("matches nothing", () => {
    const [match, rest] = splitExceptionGroup(nestedGroup(), SyntaxError);
    expect(match).toBeNull();
    expectMatchesTemplate(rest, ExceptionGroup, egTemplate);
  });

  it("matches everything", () => {
    let [match, rest] = splitExceptionGroup(nestedGroup(), Error);
    expectMatchesTemplate(match, ExceptionGroup, egTemplate);
    expect(rest).toBeNull();
    [match, rest] = splitExceptionGroup(nestedGroup(), [ValueError, TypeError]);
    expectMatchesTemplate(match, ExceptionGroup, egTemplate);
    expect(rest).toBeNull();
  });

  it("matches ValueErrors", () => {
    const [match, rest] = splitExceptionGroup(nestedGroup(), ValueError);
    expectMatchesTemplate(match, ExceptionGroup, valueErrorsTemplate);
    expectMatchesTemplate(rest, ExceptionGroup, typeErrorsTemplate);
  });

  it("matches TypeErrors", () => {
    const [match, rest] = splitExceptionGroup(nestedGroup(), [TypeError, SyntaxError]);
    expectMatchesTemplate(match, ExceptionGroup, typeErrorsTemplate);
    expectMatchesTemplate(rest, ExceptionGroup, valueErrorsTemplate);
  });

  it("matches by predicate the same way", () => {
    const [match, rest] = splitExceptionGroup(nestedGroup(), (e) => e instanceof ValueError);
    expectMatchesTemplate(match, ExceptionGroup, valueErrorsTemplate);
    expectMatchesTemplate(rest, ExceptionGroup, typeErrorsTemplate);
  });

  it("matches ExceptionGroup: the whole group itself", () => {
    const eg = nestedGroup();
    const [match, rest] = eg.split(ExceptionGroup);
    expect(match).toBe(eg);
    expect(rest).toBeNull();
  });

  it("matches an ExceptionGroup subclass as a whole subtree", () => {
    const eg = nestedGroup();
    const [match, rest] = eg.split(MyExceptionGroup);
    expectMatchesTemplate(match, ExceptionGroup, [(egTemplate as Template[])[0]!]);
    expectMatchesTemplate(rest, ExceptionGroup, [(egTemplate as Template[])[1]!]);
    expect(match!.exceptions[0]).toBe(eg.exceptions[0]);
    expect(match!.exceptions[0]).toBeInstanceOf(MyExceptionGroup);
  });
});

describe("notes", () => {
  it("adds notes, creating the array on first use", () => {
    const eg = new ExceptionGroup("eg", [VE(1)]);
    expect(eg.notes).toBeUndefined();
    expect("notes" in eg).toBe(false);
    eg.addNote("note1");
    eg.addNote("note2");
    expect(eg.notes).toEqual(["note1", "note2"]);
  });

  it("rejects non-string notes and a non-array notes field", () => {
    const eg = new ExceptionGroup("eg", [VE(1)]);
    expect(() => eg.addNote(3 as unknown as string)).toThrow(new TypeError("note must be a string, not number"));
    (eg as { notes?: unknown }).notes = "abc";
    expect(() => eg.addNote("q")).toThrow(new TypeError("Cannot add note: notes is not an array"));
  });

  it("gives each split part its own copy (test_split_copies_notes)", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    eg.addNote("note1");
    eg.addNote("note2");
    const origNotes = [...eg.notes!];
    const [match, rest] = eg.split(TypeError);
    expect(eg.notes).toEqual(origNotes);
    expect(match!.notes).toEqual(origNotes);
    expect(rest!.notes).toEqual(origNotes);
    expect(match!.notes).not.toBe(eg.notes);
    expect(rest!.notes).not.toBe(eg.notes);
    expect(match!.notes).not.toBe(rest!.notes);
    eg.addNote("eg");
    match!.addNote("match");
    rest!.addNote("rest");
    expect(eg.notes).toEqual([...origNotes, "eg"]);
    expect(match!.notes).toEqual([...origNotes, "match"]);
    expect(rest!.notes).toEqual([...origNotes, "rest"]);
  });

  it("does not copy non-array notes (test_split_does_not_copy_non_sequence_notes)", () => {
    const eg = new ExceptionGroup("eg", [VE(1), TE(2)]);
    (eg as { notes?: unknown }).notes = 123;
    const [match, rest] = eg.split(TypeError);
    expect("notes" in match!).toBe(false);
    expect("notes" in rest!).toBe(false);
  });
});

describe("subclasses and derive", () => {
  it("derive makes a plain ExceptionGroup with the same message", () => {
    class EG extends ExceptionGroup {}
    const eg = new EG("eg", [VE(1)]);
    const derived = eg.derive([TE(2)]);
    expect(derived.constructor).toBe(ExceptionGroup);
    expect(derived.message).toBe("eg");
    expectMatchesTemplate(derived, ExceptionGroup, [TE(2)]);
  });

  it("a subclass without derive splits into plain ExceptionGroups", () => {
    class EG extends ExceptionGroup {}
    const eg = new EG("eg", [VE(1), new EG("nested", [TE(2)])]);
    expectMatchesTemplate(eg, EG, [VE(1), [TE(2)]]);

    let [match, rest] = splitExceptionGroup(eg, RangeError);
    expect(match).toBeNull();
    expectMatchesTemplate(rest, ExceptionGroup, [VE(1), [TE(2)]]);

    [match, rest] = splitExceptionGroup(eg, [ValueError, TypeError]);
    expectMatchesTemplate(match, ExceptionGroup, [VE(1), [TE(2)]]);
    expect(rest).toBeNull();

    [match, rest] = splitExceptionGroup(eg, ValueError);
    expectMatchesTemplate(match, ExceptionGroup, [VE(1)]);
    expectMatchesTemplate(rest, ExceptionGroup, [[TE(2)]]);

    [match, rest] = splitExceptionGroup(eg, TypeError);
    expectMatchesTemplate(match, ExceptionGroup, [[TE(2)]]);
    expectMatchesTemplate(rest, ExceptionGroup, [VE(1)]);
  });

  it("a subclass with its own constructor and derive keeps its class and fields", () => {
    class EG extends ExceptionGroup {
      constructor(
        message: string,
        exceptions: readonly Error[],
        readonly code: number,
      ) {
        super(message, exceptions);
      }
      override derive(exceptions: readonly Error[]): EG {
        return new EG(this.message, exceptions, this.code);
      }
    }
    const eg = new EG("eg", [VE(1), new EG("nested", [TE(2)], 101)], 42);
    expectMatchesTemplate(eg, EG, [VE(1), [TE(2)]]);

    let [match, rest] = splitExceptionGroup(eg, RangeError) as [EG | null, EG | null];
    expect(match).toBeNull();
    expectMatchesTemplate(rest, EG, [VE(1), [TE(2)]]);
    expect(rest!.code).toBe(42);
    expect((rest!.exceptions[1] as EG).code).toBe(101);

    [match, rest] = splitExceptionGroup(eg, [ValueError, TypeError]) as [EG | null, EG | null];
    expectMatchesTemplate(match, EG, [VE(1), [TE(2)]]);
    expect(match!.code).toBe(42);
    expect((match!.exceptions[1] as EG).code).toBe(101);
    expect(rest).toBeNull();

    [match, rest] = splitExceptionGroup(eg, ValueError) as [EG | null, EG | null];
    expectMatchesTemplate(match, EG, [VE(1)]);
    expect(match!.code).toBe(42);
    expectMatchesTemplate(rest, EG, [[TE(2)]]);
    expect(rest!.code).toBe(42);
    expect((rest!.exceptions[0] as EG).code).toBe(101);

    [match, rest] = splitExceptionGroup(eg, TypeError) as [EG | null, EG | null];
    expectMatchesTemplate(match, EG, [[TE(2)]]);
    expect(match!.code).toBe(42);
    expect((match!.exceptions[0] as EG).code).toBe(101);
    expectMatchesTemplate(rest, EG, [VE(1)]);
    expect(rest!.code).toBe(42);
  });

  it("requires derive to return an ExceptionGroup", () => {
    class BadEG extends ExceptionGroup {
      override derive(): ExceptionGroup {
        return new ValueError("1") as unknown as ExceptionGroup;
      }
    }
    expect(() => new BadEG("x", [VE(1), TE(2)]).split(ValueError)).toThrow(
      new TypeError("derive must return an instance of ExceptionGroup"),
    );
  });
});

describe("typing", () => {
  it("narrows the leaf type by class condition", () => {
    const eg = new ExceptionGroup("eg", [new TimeoutError("t"), new RuntimeError("r")]);
    const timeouts: ExceptionGroup<TimeoutError> | null = eg.subgroup(TimeoutError);
    const [runtime, rest] = eg.split(RuntimeError);
    const runtimeLeaves: readonly (RuntimeError | ExceptionGroup<RuntimeError>)[] = runtime!.exceptions;
    expect(timeouts!.exceptions).toEqual([eg.exceptions[0]]);
    expect(runtimeLeaves).toEqual([eg.exceptions[1]]);
    expect(rest!.exceptions).toEqual([eg.exceptions[0]]);
  });

  it("accepts arrays of classes, predicates and dynamic conditions", () => {
    const eg = new ExceptionGroup("eg", [new TimeoutError("t"), new TypeError("x")]);
    const both: ExceptionGroup<TimeoutError | TypeError> | null = eg.subgroup([TimeoutError, TypeError]);
    const byPredicate: ExceptionGroup | null = eg.subgroup((e) => e.message === "x");
    const condition: ExceptionGroupCondition = Math.random() < 2 ? TypeError : () => true;
    const [dynamic] = eg.split(condition);
    // every leaf matches, but the group itself does not: a derived copy, not eg itself
    expect(both).not.toBe(eg);
    expect(both!.exceptions).toEqual(eg.exceptions);
    expect(byPredicate!.exceptions).toEqual([eg.exceptions[1]]);
    expect(dynamic!.exceptions).toEqual([eg.exceptions[1]]);
  });
});
