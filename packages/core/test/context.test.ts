import { describe, expect, it } from "vitest";
import {
  Context,
  ContextVar,
  LookupError,
  RuntimeError,
  Token,
  ValueError,
  copyContext,
  createTask,
  getRunningLoop,
  run,
  sleep,
} from "../src/index.js";

describe("ContextVar", () => {
  it("get: value, else the argument, else the default, else LookupError", () => {
    const withDefault = new ContextVar<string>("a", { default: "default" });
    const without = new ContextVar<string>("b");
    expect(withDefault.get()).toBe("default");
    expect(withDefault.get("argument")).toBe("argument");
    expect(without.get("argument")).toBe("argument");
    expect(() => without.get()).toThrow(LookupError);
    expect(without.name).toBe("b");
    expect(() => new ContextVar(1 as never)).toThrow(TypeError);
  });

  it("set returns a token; reset restores the old value, once", () => {
    const variable = new ContextVar<number>("v");
    const context = new Context();
    context.run(() => {
      const first = variable.set(1);
      expect(first.var).toBe(variable);
      expect(first.oldValue).toBe(Token.MISSING);
      const second = variable.set(2);
      expect(second.oldValue).toBe(1);
      variable.reset(second);
      expect(variable.get()).toBe(1);
      expect(() => variable.reset(second)).toThrow(RuntimeError);
      variable.reset(first);
      expect(() => variable.get()).toThrow(LookupError);
    });
  });

  it("reset refuses a token of another variable or another context", () => {
    const one = new ContextVar<number>("one");
    const two = new ContextVar<number>("two");
    const token = new Context().run(() => one.set(1));
    expect(() => two.reset(token as never)).toThrow(ValueError);
    expect(() => one.reset(token)).toThrow("was created in a different Context");
  });
});

describe("Context", () => {
  it("run sets the current context; copies do not see later writes", () => {
    const variable = new ContextVar<string>("v", { default: "none" });
    const context = new Context();
    context.run(() => variable.set("inside"));
    expect(context.get(variable)).toBe("inside");
    expect(context.has(variable)).toBe(true);
    expect(context.size).toBe(1);
    expect([...context.keys()]).toEqual([variable]);
    const copy = context.copy();
    copy.run(() => variable.set("in copy"));
    expect(context.get(variable)).toBe("inside");
    expect(copy.get(variable)).toBe("in copy");
    expect(variable.get()).toBe("none");
  });

  it("cannot be entered twice at once", () => {
    const context = new Context();
    expect(() => context.run(() => context.run(() => 1))).toThrow(RuntimeError);
    expect(context.run((a: number, b: number) => a + b, 2, 3)).toBe(5);
  });
});

describe("tasks and contexts (test_tasks test_context_*)", () => {
  it("each task runs in a copy of its creator's context", async () => {
    const variable = new ContextVar<number>("n", { default: -1 });
    const seen: number[] = [];
    await run(async () => {
      variable.set(1);
      const child = createTask(async () => {
        seen.push(variable.get());
        variable.set(2);
        await sleep(0);
        seen.push(variable.get());
      });
      await sleep(0);
      variable.set(3);
      await child;
      seen.push(variable.get());
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("tasks are isolated from each other", async () => {
    const variable = new ContextVar<string>("who");
    const results = await run(async () => {
      const make = (name: string) =>
        createTask(async () => {
          variable.set(name);
          await sleep(0);
          await sleep(0);
          return variable.get();
        });
      const a = make("a");
      const b = make("b");
      return [await a, await b];
    });
    expect(results).toEqual(["a", "b"]);
  });

  it("a task given a context runs in that very context", async () => {
    const variable = new ContextVar<number>("shared", { default: 0 });
    const context = copyContext();
    await run(async () => {
      const task = getRunningLoop().createTask(
        async () => {
          variable.set(variable.get() + 1);
        },
        { context },
      );
      await task;
      expect(task.getContext()).toBe(context);
      const second = createTask(
        async () => {
          variable.set(variable.get() + 1);
        },
        { context },
      );
      await second;
    });
    expect(context.get(variable)).toBe(2);
  });

  it("a value set in a task survives across its awaits of foreign promises", async () => {
    const variable = new ContextVar<string>("v");
    const value = await run(async () => {
      variable.set("kept");
      await new Promise((resolve) => setTimeout(resolve, 1));
      await Promise.resolve();
      return variable.get();
    });
    expect(value).toBe("kept");
  });
});
