// Child Node processes running a small ES module program over core's TypeScript sources, for
// what only a whole process shows: exit statuses, signals, what is printed at exit. The sources
// are bundled once per test process with esbuild (tsup's), as transpiling them file by file in
// each child would take seconds per program.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface Esbuild {
  buildSync(options: Record<string, unknown>): unknown;
}

let coreBundleUrl: string | undefined;

/** A file URL of core's sources bundled as one ES module (made on first use). */
function coreBundle(): string {
  if (coreBundleUrl !== undefined) return coreBundleUrl;
  const root = fileURLToPath(new URL("../", import.meta.url));
  const fromTsup = createRequire(createRequire(join(root, "package.json")).resolve("tsup"));
  const esbuild = fromTsup("esbuild") as Esbuild;
  const directory = mkdtempSync(join(tmpdir(), "asyncio-ts-program-"));
  process.on("exit", () => rmSync(directory, { recursive: true, force: true }));
  const outfile = join(directory, "core.mjs");
  esbuild.buildSync({
    entryPoints: [join(root, "packages/core/src/index.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    keepNames: true,
    outfile,
    logLevel: "error",
  });
  coreBundleUrl = pathToFileURL(outfile).href;
  return coreBundleUrl;
}

/** A running program: its process, what it printed so far, and how it ended. */
export interface ProgramRun {
  readonly child: ChildProcess;
  /** Standard output and error so far. */
  readonly output: { stdout: string; stderr: string };
  /** Resolves when standard output or error (`stream`) contains `text`; rejects if the program ends first. */
  printed(text: string, stream?: "stdout" | "stderr"): Promise<void>;
  /** How the program ended: its exit status, or the signal that ended it. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `program` (ES module source; `import ... from "@asyncio-ts/core"` works) in a child
 * Node process. As a safety net only, the child is killed after `killAfterMs`.
 */
export function startProgram(program: string, { killAfterMs = 30_000 } = {}): ProgramRun {
  const source = program.replaceAll('"@asyncio-ts/core"', JSON.stringify(coreBundle()));
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  const waiters: Array<() => void> = [];
  const onChunk = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    output[stream] += chunk.toString();
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on("data", onChunk("stdout"));
  child.stderr.on("data", onChunk("stderr"));
  const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  let ended = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => {
      ended = true;
      clearTimeout(killer);
      for (const waiter of waiters.splice(0)) waiter();
      resolve({ code, signal });
    });
  });
  function printed(text: string, stream: "stdout" | "stderr" = "stdout"): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (output[stream].includes(text)) resolve();
        else if (ended)
          reject(new Error(`the program ended without printing ${JSON.stringify(text)}: ${JSON.stringify(output)}`));
        else waiters.push(check);
      };
      check();
    });
  }
  return { child, output, printed, exit };
}
