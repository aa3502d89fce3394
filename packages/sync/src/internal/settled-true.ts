/**
 * What a waiting method that need not wait hands back: one settled native promise, shared.
 * Awaiting a native promise costs the engine a third of awaiting any other thenable (a Future
 * is adopted through an extra job and promise), and sharing it allocates nothing per call.
 *
 * @internal
 */
export const SETTLED_TRUE: Promise<true> = Promise.resolve(true);
