// Runs docs/examples/parallel-runner.ts, the example of the docs: loaded by its path (the
// example is not part of the package), run as a user would run it.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { CancelledError, createTask, run, sleep } from "@asyncio-ts/core";

interface CommandResult {
  readonly command: string;
  readonly returncode: number;
  readonly lines: number;
}
interface Example {
  runParallel(
    commands: readonly string[],
    limit: number,
    onLine?: (index: number, line: string) => void,
  ): Promise<CommandResult[]>;
  main(argv: readonly string[]): Promise<number>;
}

const examplePath = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "docs",
  "examples",
  "parallel-runner.ts",
);

async function loadExample(): Promise<Example> {
  return (await import(/* @vite-ignore */ pathToFileURL(examplePath).href)) as Example;
}

describe("docs/examples/parallel-runner.ts", () => {
  it("streams every line of every command and reports each exit status, in order", async () => {
    const { runParallel } = await loadExample();
    const seen: Array<[number, string]> = [];
    const results = await run(() =>
      runParallel(
        ["echo a1; echo a2", "echo b1 >&2; echo b2", "printf 'c1\\nc2\\nc3'", "exit 5", "echo e1"],
        2,
        (index, line) => seen.push([index, line]),
      ),
    );
    expect(results.map((result) => [result.returncode, result.lines])).toEqual([
      [0, 2],
      [0, 2],
      [0, 3],
      [5, 0],
      [0, 1],
    ]);
    // Per command, the lines come in the order written (stderr merged into stdout).
    const linesOf = (index: number) => seen.filter(([at]) => at === index).map(([, line]) => line);
    expect(linesOf(0)).toEqual(["a1", "a2"]);
    expect(linesOf(1)).toEqual(["b1", "b2"]);
    expect(linesOf(2)).toEqual(["c1", "c2", "c3"]);
    expect(linesOf(4)).toEqual(["e1"]);
  });

  it("never runs more than `limit` commands at once", async () => {
    const { runParallel } = await loadExample();
    let running = 0;
    let most = 0;
    const commands = Array.from({ length: 8 }, (_, index) => `echo start; sleep 0.0${index % 3}; echo end`);
    await run(() =>
      runParallel(commands, 3, (_index, line) => {
        if (line === "start") most = Math.max(most, ++running);
        if (line === "end") running--;
      }),
    );
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThanOrEqual(1);
    expect(running).toBe(0);
  });

  it("kills the commands still running when it is cancelled", async () => {
    const { runParallel } = await loadExample();
    await run(async () => {
      const pids: number[] = [];
      // Each shell prints its pid, then waits on a child of its own (which holds the pipe).
      const command = "echo $$; sleep 30; echo never";
      const task = createTask(() => runParallel([command, command], 2, (_index, line) => pids.push(Number(line))));
      while (pids.length < 2) await sleep(0.01);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      // The shells are gone; so are the sleeps, which held the pipes: the cancelled runner
      // could only end once the pipes had closed.
      for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    });
  });

  it("runs as a program: prints each line, then a summary", async () => {
    const { main } = await loadExample();
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
    let code: number;
    try {
      code = await main(["--limit", "2", "echo hello", "echo world >&2; exit 2"]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(1);
    expect(printed.filter((line) => line.startsWith("["))).toEqual(expect.arrayContaining(["[0] hello", "[1] world"]));
    expect(printed.slice(-2)).toEqual([
      '#0 "echo hello": exit 0, 1 line(s)',
      '#1 "echo world >&2; exit 2": exit 2, 1 line(s)',
    ]);
  });
});
