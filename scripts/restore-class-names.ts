// A tsup plugin: gives a bundled class back the name it has in the sources.
//
// esbuild bundles a class that names itself in its own body (`new Context()` inside `Context`)
// as `var Context = class _Context { ... new _Context() ... }`, so `Context.name` reads
// "_Context", and users see it in `String(task)`, stack traces and error messages. esbuild's
// `keepNames` fixes the name with `Object.defineProperty(Context, "name", ...)`, which puts every
// class constructor of the bundle in V8's slow dictionary mode: `new` and `instanceof` of such a
// class cost several times as much. This plugin renames the inner binding back instead: inside
// the class body the name then means the class itself, exactly as in the sources.
import type { Options } from "tsup";

type Plugin = NonNullable<Options["plugins"]>[number];

const RENAMED_CLASS = /\bvar ([A-Za-z$][\w$]*) = class _\1\b/g;

/** Rewrites `_Name` to ` Name` for every class esbuild renamed: same length, so the source map holds. */
export function restoreClassNames(code: string): string {
  let result = code;
  for (const [, name] of code.matchAll(RENAMED_CLASS)) {
    const inner = `_${name}`;
    // Only the class's own inner binding may be renamed: anything else declared `_Name` stays.
    const declarations = code.match(
      new RegExp(`(?:\\b(?:var|let|const|function|class)\\s+)${escapeDollars(inner)}\\b`, "g"),
    );
    if (declarations === null || declarations.length !== 1) continue;
    result = result.replace(new RegExp(`(?<![\\w$.])${escapeDollars(inner)}(?![\\w$])`, "g"), ` ${name}`);
  }
  return result;
}

function escapeDollars(text: string): string {
  return text.replace(/\$/g, "\\$");
}

export function restoreClassNamesPlugin(): Plugin {
  return {
    name: "restore-class-names",
    renderChunk(code, chunk) {
      if (chunk.type !== "chunk" || !/\.(c|m)?js$/.test(chunk.path)) return;
      const restored = restoreClassNames(code);
      return restored === code ? undefined : { code: restored };
    },
  };
}
