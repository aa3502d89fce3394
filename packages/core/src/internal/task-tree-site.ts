/** Frames of this library's own code, skipped when naming where user code created something. */
const LIBRARY_FRAME =
  /(?:\/packages\/(?:core|tasks-utils|sync|queues|streams|subprocess|exceptions|asyncio-ts)\/(?:src|dist)\/|\/node_modules\/(?:@asyncio-ts\/[^/]+|asyncio-ts)\/)/;

/** One frame of a V8 stack: `at name (file:line:column)` or `at file:line:column`. */
const FRAME = /^\s*at (?:(async )?(.*?) \()?(.+?):(\d+):(\d+)\)?\s*$/;

/** A parsed stack frame. */
export interface ParsedFrame {
  readonly functionName: string;
  readonly fileName: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
  readonly isAsync: boolean;
}

/** Parses the frames of a V8 `stack` string (frames without a file, such as `<anonymous>`, are dropped). */
export function parseStack(stack: string): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    const fileName = match[3] as string;
    if (fileName === "<anonymous>" || fileName.startsWith("node:")) continue;
    frames.push({
      functionName: match[2] ?? "",
      fileName,
      lineNumber: Number(match[4]),
      columnNumber: Number(match[5]),
      isAsync: match[1] !== undefined,
    });
  }
  return frames;
}

/** True for a frame of this library's own code. */
export function isLibraryFrame(frame: ParsedFrame): boolean {
  return LIBRARY_FRAME.test(frame.fileName);
}

/** The first frame of `stack` outside this library, as `file:line` (Python's "created at"). */
export function creationSite(stack: string): string | undefined {
  for (const frame of parseStack(stack)) {
    if (!isLibraryFrame(frame)) return `${frame.fileName}:${frame.lineNumber}`;
  }
  return undefined;
}

// Creation stacks exist in debug mode only: kept beside their owners, not in a field of every task.
const creationStacks = new WeakMap<object, string>();

/** In debug mode, records the stack above `above` (a constructor) as where `owner` was created. */
export function recordCreationStack(owner: object, above: Function): void {
  const stack = captureStack(above);
  if (stack !== undefined) creationStacks.set(owner, stack);
}

/** The stack recorded for `owner` by {@link recordCreationStack}, if any. */
export function creationStackOf(owner: object): string | undefined {
  return creationStacks.get(owner);
}

/** The stack above `above` (a constructor), with room for the library's own frames. */
export function captureStack(above: Function): string | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try {
    Error.captureStackTrace(holder, above);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return holder.stack;
}
