// communicate() and the stream fields are typed by the options the process was started with:
// `PIPE` gives a Uint8Array (a StreamReader, a StreamWriter), anything else null.
import { type Future, type StreamReader, type StreamWriter, run } from "@asyncio-ts/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type CreateSubprocessOptions,
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  PIPE,
  type Process,
  STDOUT,
} from "../src/index.js";

describe("types of Process and communicate()", () => {
  it("with stdout: PIPE, communicate()'s stdout is a Uint8Array, stderr null", () => {
    type Started = Awaited<ReturnType<typeof createSubprocessExec<{ readonly stdout: -1 }>>>;
    expectTypeOf<Started["stdout"]>().toEqualTypeOf<StreamReader>();
    expectTypeOf<Started["stderr"]>().toEqualTypeOf<null>();
    expectTypeOf<Started["stdin"]>().toEqualTypeOf<null>();
    expectTypeOf<ReturnType<Started["communicate"]>>().toEqualTypeOf<Future<[Uint8Array, null]>>();
  });

  it("infers the options from the call, for exec and shell", () => {
    const typesOnly = (): void => {
      const exec = createSubprocessExec("cat", { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      expectTypeOf(exec).toEqualTypeOf<
        Future<Process<{ readonly stdin: -1; readonly stdout: -1; readonly stderr: -1 }>>
      >();
      const shell = createSubprocessShell("echo out; echo err >&2", { stdout: PIPE, stderr: STDOUT });
      type Shell = Awaited<typeof shell>;
      expectTypeOf<Shell["stdin"]>().toEqualTypeOf<null>();
      expectTypeOf<ReturnType<Shell["communicate"]>>().toEqualTypeOf<Future<[Uint8Array, null]>>();
      const quiet = createSubprocessExec("true", { stdout: DEVNULL });
      expectTypeOf<ReturnType<Awaited<typeof quiet>["communicate"]>>().toEqualTypeOf<Future<[null, null]>>();
      const bare = createSubprocessExec("true");
      type Bare = Awaited<typeof bare>;
      expectTypeOf<Bare["stdout"]>().toEqualTypeOf<null>();
      expectTypeOf<Bare["stdin"]>().toEqualTypeOf<null>();
      const bareShell = createSubprocessShell("true");
      expectTypeOf<ReturnType<Awaited<typeof bareShell>["communicate"]>>().toEqualTypeOf<Future<[null, null]>>();
    };
    expect(typesOnly).toBeTypeOf("function");
  });

  it("keeps `| null` where the type does not say (a number, or the options' declared type)", () => {
    const typesOnly = async (options: CreateSubprocessOptions, where: number): Promise<void> => {
      const declared = createSubprocessExec("cat", options);
      type Declared = Awaited<typeof declared>;
      expectTypeOf<Declared["stdout"]>().toEqualTypeOf<StreamReader | null>();
      expectTypeOf<Declared["stdin"]>().toEqualTypeOf<StreamWriter | null>();
      expectTypeOf<ReturnType<Declared["communicate"]>>().toEqualTypeOf<
        Future<[Uint8Array | null, Uint8Array | null]>
      >();
      const numbered = createSubprocessExec("cat", { stdout: where });
      expectTypeOf<ReturnType<Awaited<typeof numbered>["communicate"]>>().toEqualTypeOf<
        Future<[Uint8Array | null, null]>
      >();
      expectTypeOf<Process["stdout"]>().toEqualTypeOf<StreamReader | null>();
      // A plain `Process` annotation takes a process started with any options.
      const annotated: Process = await createSubprocessShell("true", { stdin: null, stdout: PIPE, stderr: STDOUT });
      expectTypeOf(annotated.stdin).toEqualTypeOf<StreamWriter | null>();
      expectTypeOf(annotated.communicate()).toEqualTypeOf<Future<[Uint8Array | null, Uint8Array | null]>>();
    };
    expect(typesOnly).toBeTypeOf("function");
  });

  it("and the values match the types at run time", async () => {
    await run(async () => {
      const proc = await createSubprocessExec("sh", "-c", "printf out; printf err >&2", { stdout: PIPE, stderr: PIPE });
      const [stdout, stderr] = await proc.communicate();
      expect(Buffer.from(stdout).toString()).toBe("out");
      expect(Buffer.from(stderr).toString()).toBe("err");
      const quiet = await createSubprocessShell("printf ignored", { stdout: DEVNULL });
      expect(await quiet.communicate()).toEqual([null, null]);
    });
  });
});
