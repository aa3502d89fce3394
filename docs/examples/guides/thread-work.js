// A module for threads.mjs: toThread({ module, export }) imports it in the worker thread, so
// this code may import what it likes and use module-level helpers (not run by itself).
import { createHash } from "node:crypto";

function digest(text) {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

export function digestAll(texts) {
  return texts.map(digest);
}
