/** The states of a Future, shared by the modules that look inside one. */
export const PENDING = 0;
export const FULFILLED = 1;
export const REJECTED = 2;
export const CANCELLED = 3;
export type FutureState = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;
