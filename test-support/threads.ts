// Worker-thread test helpers shared by the thread suites of core and tasks-utils.
import { sleep } from "@asyncio-ts/core";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Waits on the loop until `condition()` holds (ordering only). Bounded so that a bug fails
 * instead of hanging, by real time and generously: a worker thread may take many seconds to
 * start on a loaded machine.
 */
export async function until(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 90_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition never held");
    await sleep(0.005);
  }
}

/** Node loader hooks that let a worker import our TypeScript sources by package name. */
export function typescriptHooksUrl(): string {
  const root = fileURLToPath(new URL("../", import.meta.url));
  const aliases = {
    "@asyncio-ts/core": pathToFileURL(`${root}packages/core/src/index.ts`).href,
    "@asyncio-ts/tasks-utils": pathToFileURL(`${root}packages/tasks-utils/src/index.ts`).href,
  };
  const hooks = `
    import { createRequire } from "node:module";
    import { existsSync, readFileSync } from "node:fs";
    import { fileURLToPath } from "node:url";
    const ts = createRequire(${JSON.stringify(`${root}package.json`)})("typescript");
    const aliases = ${JSON.stringify(aliases)};
    export async function resolve(specifier, context, next) {
      if (Object.hasOwn(aliases, specifier)) return { url: aliases[specifier], shortCircuit: true };
      if (context.parentURL?.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
        const url = new URL(specifier.slice(0, -3) + ".ts", context.parentURL);
        if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
      }
      return next(specifier, context);
    }
    export async function load(url, context, next) {
      if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
      const source = readFileSync(fileURLToPath(url), "utf8");
      const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true };
      const output = ts.transpileModule(source, { fileName: fileURLToPath(url), compilerOptions: options });
      return { format: "module", source: output.outputText, shortCircuit: true };
    }`;
  return `data:text/javascript,${encodeURIComponent(hooks)}`;
}
