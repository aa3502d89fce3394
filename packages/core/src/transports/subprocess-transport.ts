import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { BaseTransport } from "./base-transport.js";

/**
 * The transport of a child process, as Python's `asyncio.SubprocessTransport`: an abstract
 * class that the subprocess package implements.
 *
 * @example
 * ```ts
 * const [transport, protocol] = await loop.subprocessExec(() => new MyProtocol(), "ls", "-l");
 * console.log(transport.getPid());
 * ```
 */
export class SubprocessTransport extends BaseTransport {
  /** The child's process id. */
  getPid(): number | undefined {
    throw new NotImplementedError();
  }

  /** The child's exit code, or `null` while it runs (negative: killed by that signal). */
  getReturncode(): number | null {
    throw new NotImplementedError();
  }

  /** The transport of the child's pipe `fd` (0, 1 or 2), or `null` if it is not a pipe. */
  getPipeTransport(_fd: number): BaseTransport | null {
    throw new NotImplementedError();
  }

  /** Sends `signal` (a number or a name such as `"SIGTERM"`) to the child. */
  sendSignal(_signal: number | NodeJS.Signals): void {
    throw new NotImplementedError();
  }

  /** Asks the child to stop (SIGTERM). */
  terminate(): void {
    throw new NotImplementedError();
  }

  /** Kills the child (SIGKILL). */
  kill(): void {
    throw new NotImplementedError();
  }
}
