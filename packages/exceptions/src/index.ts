/**
 * @asyncio-ts/exceptions: every asyncio exception (re-exported from `@asyncio-ts/core`, so they
 * are the very same classes) and helpers for handling exception groups as Python's `except*`
 * does.
 *
 * @packageDocumentation
 */
export {
  CancelledError,
  isCancelledError,
  InvalidStateError,
  TimeoutError,
  RuntimeError,
  ValueError,
  LookupError,
  KeyboardInterrupt,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  BrokenBarrierError,
  SendfileNotAvailableError,
  IncompleteReadError,
  LimitOverrunError,
  OSError,
  FileNotFoundError,
  GaiError,
  PermissionError,
  ProcessLookupError,
  NotADirectoryError,
  SSLError,
  SSLCertVerificationError,
  ConnectionError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  NotImplementedError,
  ExceptionGroup,
} from "@asyncio-ts/core";
export type {
  OSErrorOptions,
  SSLErrorOptions,
  SSLCertVerificationErrorOptions,
  ErrorClass,
  ErrorPredicate,
  ExceptionGroupCondition,
  ExceptionGroupSplit,
} from "@asyncio-ts/core";
export { exceptStar } from "./except-star.js";
export { exceptStarAsync } from "./except-star-async.js";
export type {
  AsyncExceptStarClause,
  ExceptStarClause,
  ExceptStarCondition,
  MatchedError,
} from "./except-star-clause.js";
