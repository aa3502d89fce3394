import { BaseProtocol } from "./base-protocol.js";

/**
 * The protocol of a subprocess transport, as Python's `asyncio.SubprocessProtocol`: the loop
 * calls {@link pipeDataReceived} with what the child writes to stdout (fd 1) or stderr (fd 2),
 * {@link pipeConnectionLost} when one of its pipes closes, and {@link processExited} when it
 * exits.
 *
 * @example
 * ```ts
 * class Collect extends SubprocessProtocol {
 *   output: Uint8Array[] = [];
 *   override pipeDataReceived(fd: number, data: Uint8Array): void { if (fd === 1) this.output.push(data); }
 * }
 * ```
 */
export class SubprocessProtocol extends BaseProtocol {
  /** Called with bytes the child wrote to its stdout (`fd` 1) or stderr (`fd` 2). */
  pipeDataReceived(_fd: number, _data: Uint8Array): void {}

  /** Called when the pipe for `fd` is closed; `exc` is the error, or `null`. */
  pipeConnectionLost(_fd: number, _exc: unknown): void {}

  /** Called when the child process has exited. */
  processExited(): void {}
}
