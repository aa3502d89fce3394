// A small parallel runner on asyncio-ts: runs shell commands, at most `limit` at a time, and
// streams each command's output (stdout and stderr, in the order written) line by line as it
// comes, prefixed with the command's number. It is Python's
//
//     proc = await asyncio.create_subprocess_shell(cmd, stdout=PIPE, stderr=STDOUT)
//     async for line in proc.stdout: ...
//
// with a fixed pool of worker tasks doing the limiting (core alone: no semaphore needed, since
// the workers take the next command without awaiting in between). Cancel it (Ctrl-C under
// `run`) and it kills what still runs, with everything those commands started.
//
// Run it in a project that has asyncio-ts installed (`npm install @asyncio-ts/core
// @asyncio-ts/subprocess`, or the umbrella `asyncio-ts`, whose one import has every name;
// before the first release, from a clone: docs/getting-started.md, "Install from a clone"),
// with tsx, which runs TypeScript on Node 20 and later and is fetched by npx:
//
//     npx tsx parallel-runner.ts "sleep 0.2; echo one" "echo two; echo three >&2" "exit 3"
//
// In this repository, packages/subprocess/test/parallel-runner-example.test.ts runs it.
import { pathToFileURL } from "node:url";
import { createTask, run } from "@asyncio-ts/core";
import { createSubprocessShell, PIPE, STDOUT, type Process } from "@asyncio-ts/subprocess";

/** How one command ended. */
export interface CommandResult {
  readonly command: string;
  readonly returncode: number;
  readonly lines: number;
}

/** Receives each line of output (without its newline) of the command at `index`. */
export type LineHandler = (index: number, line: string) => void;

const printLine: LineHandler = (index, line) => console.log(`[${index}] ${line}`);

/**
 * Runs `commands` with `/bin/sh`, at most `limit` at once, in the order given; resolves with
 * each command's result, in the same order. If the runner is cancelled (Ctrl-C under `run`),
 * the commands still running are killed before it ends.
 */
export async function runParallel(
  commands: readonly string[],
  limit: number,
  onLine: LineHandler = printLine,
): Promise<CommandResult[]> {
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, not ${limit}`);
  const results = new Array<CommandResult>(commands.length);
  let next = 0;

  async function runOne(index: number): Promise<void> {
    const command = commands[index] as string;
    // In a session of its own, so that the whole process group can be killed at once.
    const proc: Process = await createSubprocessShell(command, {
      stdin: null,
      stdout: PIPE,
      stderr: STDOUT,
      startNewSession: true,
    });
    try {
      let lines = 0;
      // A StreamReader yields lines (with their "\n") until EOF.
      for await (const line of proc.stdout!) {
        onLine(index, line.toString("utf8").replace(/\r?\n$/, ""));
        lines++;
      }
      results[index] = { command, returncode: await proc.wait(), lines };
    } finally {
      // Cancelled (or failed) while the command runs: do not leave it behind. Killing the
      // group also kills what the shell started, which would hold the pipe (and wait()) open.
      if (proc.returncode === null) {
        try {
          process.kill(-proc.pid, "SIGKILL");
        } catch {
          proc.kill(); // the group is gone already
        }
        await proc.wait();
      }
    }
  }

  async function worker(): Promise<void> {
    // Taking the next index involves no await, so two workers never take the same command.
    while (next < commands.length) await runOne(next++);
  }

  const workers = Array.from({ length: Math.min(limit, commands.length) }, () => createTask(worker));
  try {
    // Awaiting the tasks together: cancelling the runner cancels every worker.
    await Promise.all(workers);
  } finally {
    // After a failure or a cancel, stop the other workers as well, and let every one of them
    // finish cleaning up (killing its command) before the runner ends, as a TaskGroup would.
    for (const worker of workers) if (worker.cancelling() === 0) worker.cancel();
    await Promise.allSettled(workers);
  }
  return results;
}

/** The command line: each argument is a command; `--limit N` sets the limit (default 3). */
export async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let limit = 3;
  const flag = args.indexOf("--limit");
  if (flag >= 0) {
    limit = Number(args[flag + 1]);
    args.splice(flag, 2);
  }
  const commands =
    args.length > 0 ? args : ["echo one; sleep 0.1; echo two", "echo three >&2", "printf 'four\\nfive\\n'", "exit 3"];
  const results = await run(() => runParallel(commands, limit));
  for (const [index, result] of results.entries()) {
    console.log(`#${index} ${JSON.stringify(result.command)}: exit ${result.returncode}, ${result.lines} line(s)`);
  }
  return results.every((result) => result.returncode === 0) ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
