// Child programs for the tests, written for the Node running the tests (always there, unlike
// python3), in the roles of CPython's test_subprocess programs.

/** The Node binary running the tests. */
export const NODE = process.execPath;

/** `[node, "-e", code]`: a child running `code`. */
export function nodeProgram(code: string): [string, string, string] {
  return [NODE, "-e", code];
}

/** CPython's PROGRAM_BLOCKED: runs until killed. */
export const PROGRAM_BLOCKED = nodeProgram("setInterval(() => {}, 1000)");

/** CPython's PROGRAM_CAT: copies stdin to stdout. */
export const PROGRAM_CAT = nodeProgram("process.stdin.pipe(process.stdout)");

/** Prints the length of what it reads from stdin (CPython's `print(len(sys.stdin.read()))`). */
export const PROGRAM_LENGTH = nodeProgram(
  "let n = 0; process.stdin.on('data', (d) => (n += d.length)); process.stdin.on('end', () => console.log(n));",
);

/** Bytes as text. */
export function text(data: Uint8Array | null | undefined): string | null {
  return data === null || data === undefined ? null : Buffer.from(data).toString("utf8");
}

/** Python's support.PIPE_MAX_SIZE: more than any OS pipe (or socket) buffer holds. */
export const PIPE_MAX_SIZE = 4 * 1024 * 1024 + 1;
