/**
 * Every asyncio exception class, Python's builtins that asyncio raises, and `ExceptionGroup`.
 *
 * @module
 */
export { CancelledError, isCancelledError } from "./cancelled-error.js";
export { InvalidStateError } from "./invalid-state-error.js";
export { TimeoutError } from "./timeout-error.js";
export { RuntimeError } from "./runtime-error.js";
export { ValueError } from "./value-error.js";
export { LookupError } from "./lookup-error.js";
export { KeyboardInterrupt } from "./keyboard-interrupt.js";
export { QueueEmpty } from "./queue-empty.js";
export { QueueFull } from "./queue-full.js";
export { QueueShutDown } from "./queue-shut-down.js";
export { BrokenBarrierError } from "./broken-barrier-error.js";
export { SendfileNotAvailableError } from "./sendfile-not-available-error.js";
export { IncompleteReadError } from "./incomplete-read-error.js";
export { LimitOverrunError } from "./limit-overrun-error.js";
export { OSError, FileNotFoundError, GaiError, type OSErrorOptions } from "./os-error.js";
export { PermissionError } from "./permission-error.js";
export { ProcessLookupError } from "./process-lookup-error.js";
export { NotADirectoryError } from "./not-a-directory-error.js";
export { SSLError, type SSLErrorOptions } from "./ssl-error.js";
export {
  SSLCertVerificationError,
  type SSLCertVerificationErrorOptions,
} from "./ssl-cert-verification-error.js";
export {
  ConnectionError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
} from "./connection-error.js";
export { NotImplementedError } from "./not-implemented-error.js";
export { ExceptionGroup } from "./exception-group.js";
export type {
  ErrorClass,
  ErrorPredicate,
  ExceptionGroupCondition,
  ExceptionGroupSplit,
} from "./exception-group.js";
