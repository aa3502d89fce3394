// loop.subprocessExec / loop.subprocessShell (Python's base_events.subprocess_exec and
// subprocess_shell with unix_events._make_subprocess_transport).
import { callCoroutine } from "../coroutine-call.js";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { ValueError } from "../exceptions/value-error.js";
import type { Future } from "../future.js";
import type { SubprocessProtocol } from "../protocols/subprocess-protocol.js";
import type { SubprocessTransport } from "../transports/subprocess-transport.js";
import { ChildProcessTransport } from "./subprocess-child-transport.js";
import { PIPE } from "./subprocess-constants.js";
import type { SubprocessOptions } from "./subprocess-options.js";
import { checkTextOptions, fspath, spawnChild } from "./subprocess-spawn.js";
import { failedIfClosed } from "./closed-loop.js";

/** The loop methods' defaults: every stream a pipe, as in Python. */
function withPipes(options: SubprocessOptions): SubprocessOptions {
  return {
    ...options,
    stdin: options.stdin === undefined ? PIPE : options.stdin,
    stdout: options.stdout === undefined ? PIPE : options.stdout,
    stderr: options.stderr === undefined ? PIPE : options.stderr,
  };
}

async function makeSubprocessTransport(
  loop: AbstractEventLoop,
  protocol: SubprocessProtocol,
  args: readonly string[] | string,
  shell: boolean,
  options: SubprocessOptions,
): Promise<ChildProcessTransport> {
  const spawned = await spawnChild(loop, args, shell, options);
  const waiter = loop.createFuture<void>();
  const transport = new ChildProcessTransport(loop, protocol, spawned, waiter);
  try {
    await waiter;
  } catch (error) {
    // Cancelled (or failed) while connecting the pipes: kill the child and reap it first.
    transport.close();
    await transport._wait();
    throw error;
  }
  return transport;
}

/** Splits `(...args, options?)`: a trailing object (not a string, not a URL) is the options. */
export function splitArguments(rest: readonly unknown[]): [args: unknown[], options: SubprocessOptions] {
  const last = rest[rest.length - 1];
  if (rest.length > 0 && typeof last === "object" && last !== null && !(last instanceof URL)) {
    return [rest.slice(0, -1), last as SubprocessOptions];
  }
  return [[...rest], {}];
}

/** `loop.subprocessExec(protocolFactory, program, ...args, options)`. */
export function subprocessExec<P extends SubprocessProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  program: unknown,
  args: readonly unknown[],
  options: SubprocessOptions,
): Future<[SubprocessTransport, P]> {
  const closed = failedIfClosed<[SubprocessTransport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    checkTextOptions(options, false);
    const popenArgs = [program, ...args].map(fspath);
    const protocol = protocolFactory();
    const transport = await makeSubprocessTransport(loop, protocol, popenArgs, false, withPipes(options));
    return [transport, protocol] as [SubprocessTransport, P];
  }, loop);
}

/** `loop.subprocessShell(protocolFactory, cmd, options)`. */
export function subprocessShell<P extends SubprocessProtocol>(
  loop: AbstractEventLoop,
  protocolFactory: () => P,
  cmd: unknown,
  options: SubprocessOptions,
): Future<[SubprocessTransport, P]> {
  const closed = failedIfClosed<[SubprocessTransport, P]>(loop);
  if (closed !== undefined) return closed;
  return callCoroutine(async () => {
    if (typeof cmd !== "string") throw new ValueError("cmd must be a string");
    checkTextOptions(options, true);
    if (cmd.includes("\0")) throw new ValueError("embedded null byte");
    const protocol = protocolFactory();
    const transport = await makeSubprocessTransport(loop, protocol, cmd, true, withPipes(options));
    return [transport, protocol] as [SubprocessTransport, P];
  }, loop);
}

export type { SubprocessOptions, SubprocessStdio } from "./subprocess-options.js";
export type { SubprocessProtocol, SubprocessTransport };
