// Turns Node's spawn errors into the OSError subclasses Python's Popen raises, with the
// file name in the message: "[Errno 2] No such file or directory: 'nope'".
import { FileNotFoundError, OSError } from "../exceptions/os-error.js";
import { NotADirectoryError } from "../exceptions/not-a-directory-error.js";
import { PermissionError } from "../exceptions/permission-error.js";
import { errnoOf, isSystemError, strerrorOf } from "./net-errors.js";

// strerror(3) on Linux for what spawning can fail with, beyond what net-errors knows.
const SPAWN_STRERROR: Record<string, string> = {
  E2BIG: "Argument list too long",
  ENOEXEC: "Exec format error",
  EMFILE: "Too many open files",
  ENFILE: "Too many open files in system",
  ENOMEM: "Cannot allocate memory",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  ETXTBSY: "Text file busy",
  EISDIR: "Is a directory",
  EBADF: "Bad file descriptor",
};

/** Python's OSError subclass for `code`, with `[Errno n] strerror: 'filename'`. */
export function osErrorWithFilename(code: string, filename: string | null, cause?: unknown): OSError {
  const errno = errnoOf(code);
  const strerror = SPAWN_STRERROR[code] ?? strerrorOf(code);
  if (errno === null) return new OSError(`${code}: ${strerror}`, undefined, { code, cause });
  const options = { code, cause, filename };
  switch (code) {
    case "ENOENT":
      return new FileNotFoundError(errno, strerror, options);
    case "EACCES":
    case "EPERM":
      return new PermissionError(errno, strerror, options);
    case "ENOTDIR":
      return new NotADirectoryError(errno, strerror, options);
    default:
      return new OSError(errno, strerror, options);
  }
}

/**
 * The error Python raises for a failed spawn: the Node error `error` (with its `code`) about
 * `filename` (the program, or the working directory when that is what failed).
 */
export function spawnError(error: unknown, filename: string | null): unknown {
  if (!isSystemError(error) || error instanceof OSError) return error;
  return osErrorWithFilename(error.code as string, filename, error);
}
