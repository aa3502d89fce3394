import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatTaskTree, type TaskTree, type TaskTreeNode } from "@asyncio-ts/core";

/** A task tree read from another process: the tree and that process's id. */
export interface RemoteTaskTree extends TaskTree {
  readonly pid: number;
}

/**
 * Where a process started with `ASYNCIO_TS_INTROSPECT=1` serves its task tree (the same path as
 * core's `internal/task-tree-server.ts`): a Unix socket, reachable from this machine only.
 */
export function taskTreeSocketPath(pid: number): string {
  return join(tmpdir(), `asyncio-ts-${pid}.sock`);
}

/** Asks process `pid` for its task tree. */
export function readTaskTree(pid: number, timeoutSeconds = 5): Promise<RemoteTaskTree> {
  return new Promise((resolve, reject) => {
    const socket = connect(taskTreeSocketPath(pid));
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutSeconds * 1000, () =>
      socket.destroy(new Error(`process ${pid} did not answer in ${timeoutSeconds} s`)),
    );
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ECONNREFUSED") {
        reject(
          new Error(
            `process ${pid} does not serve its task tree: start it with ${"ASYNCIO_TS_INTROSPECT"}=1 (and run an asyncio-ts event loop)`,
          ),
        );
      } else reject(error);
    });
    socket.on("end", () => {
      try {
        const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RemoteTaskTree & { error?: string };
        if (answer.error !== undefined)
          reject(new Error(`process ${pid} failed to capture its task tree: ${answer.error}`));
        else resolve(answer);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** The tree as a table, one task a line, as `python -m asyncio ps` prints. */
export function formatTaskTable(tree: TaskTree): string {
  const rows: string[][] = [["id", "name", "state", "age", "awaited by", "awaiting"]];
  const visit = (node: TaskTreeNode): void => {
    rows.push([
      String(node.id),
      node.name,
      node.state,
      `${node.age.toFixed(3)}s`,
      node.awaitedBy.join(","),
      node.awaiting.join(" -> "),
    ]);
    for (const child of node.children) visit(child);
  };
  for (const root of tree.roots) visit(root);
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const USAGE = "usage: asyncio-ts ps PID | asyncio-ts pstree PID [--json]";

/**
 * The `asyncio-ts` command: `ps PID` (a table) and `pstree PID` (a tree) of the tasks of a Node
 * process started with `ASYNCIO_TS_INTROSPECT=1`; `--json` prints the tree as JSON. Returns the
 * exit status.
 */
export async function runCli(
  argv: readonly string[],
  output: { write(text: string): unknown } = process.stdout,
  errors: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const json = argv.includes("--json");
  const [command, pidText, ...rest] = argv.filter((argument) => argument !== "--json");
  const pid = Number(pidText);
  if ((command !== "ps" && command !== "pstree") || !Number.isInteger(pid) || pid <= 0 || rest.length > 0) {
    errors.write(`${USAGE}\n`);
    return 2;
  }
  let tree: RemoteTaskTree;
  try {
    tree = await readTaskTree(pid);
  } catch (error) {
    errors.write(`asyncio-ts: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (json) output.write(`${JSON.stringify(tree, null, 2)}\n`);
  else if (command === "ps") output.write(`${formatTaskTable(tree)}\n`);
  else output.write(`${tree.roots.length === 0 ? "(no tasks)" : formatTaskTree(tree)}\n`);
  return 0;
}
