/** The default of an omitted options argument on hot paths: one shared object, not a new `{}` per call. */
export const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({});
