// The TypeScript examples of the docs, checked as a user would meet them:
//   - every docs/examples/**/*.ts file, and every ```ts block of docs/**/*.md, of README.md and
//     of the packages' READMEs (the package guides) that is not a file's copy (`<!-- file: ... -->`),
//     type-checks under `strict` (the workspace's compiler options: tsconfig.base.json),
//     importing the packages by name as a user does (from their built dist/);
//   - every such file that has a `name.out` beside it runs on this Node (compiled to
//     JavaScript, as `npx tsx name.ts` would) and prints exactly `name.out`.
//   - every JavaScript example (docs/examples/**/*.mjs, *.js) type-checks as JavaScript
//     (`checkJs`) under the same strict options, less the three that JavaScript cannot meet
//     without annotations (noImplicitAny, useUnknownInCatchVariables, noImplicitOverride): so
//     that the example still compiles when pasted into a TypeScript file with types added, e.g.
//     `currentTask()` may be undefined, `communicate()`'s results may be null.
// A block that is a fragment, not a program, opts out with `<!-- fragment -->` on the line
// before it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const docs = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(docs, "..");
// Under docs/ so that the packages resolve from docs/node_modules, as in a user's project.
const work = join(docs, ".vitepress", "cache", "typescript-examples");

function markdownPages() {
  const pages = readdirSync(docs, { recursive: true })
    .map(String)
    .filter(
      (file) =>
        file.endsWith(".md") && !/^(?:packages|public|\.vitepress|site|zh-untranslated)\/|node_modules/.test(file),
    )
    .map((file) => join(docs, file));
  pages.push(join(root, "README.md"));
  const packages = join(root, "packages");
  for (const name of readdirSync(packages)) {
    const readme = join(packages, name, "README.md");
    if (existsSync(readme)) pages.push(readme);
  }
  return pages;
}

/** The examples: `{ name, shownAs, text, expected? }`. */
export function collectExamples() {
  const examples = [];
  const directory = join(docs, "examples");
  for (const file of readdirSync(directory, { recursive: true }).map(String).sort()) {
    if (!file.endsWith(".ts")) continue;
    const path = join(directory, file);
    const out = path.replace(/\.ts$/, ".out");
    examples.push({
      name: file.replace(/\//g, "__"),
      shownAs: relative(root, path),
      text: readFileSync(path, "utf8"),
      expected: existsSync(out) ? readFileSync(out, "utf8") : undefined,
    });
  }
  const block = /(<!-- (file: \S+|fragment) -->\n)?(`{3,})ts\n([\s\S]*?)\n\3\n/g;
  for (const page of markdownPages()) {
    const text = readFileSync(page, "utf8");
    let count = 0;
    for (const match of text.matchAll(block)) {
      count++;
      if (match[2]) continue; // a file's copy (checked as the file) or a fragment
      const line = text.slice(0, match.index).split("\n").length + 1;
      examples.push({
        name: `${relative(root, page).replace(/[/.]/g, "_")}-${count}.ts`,
        shownAs: `${relative(root, page)}:${line}`,
        text: match[4],
      });
    }
  }
  return examples;
}

function checkJavaScriptExamples(ts, options, problems) {
  const directory = join(docs, "examples");
  const files = readdirSync(directory, { recursive: true })
    .map(String)
    .filter((file) => /\.(?:mjs|js)$/.test(file))
    .map((file) => join(directory, file));
  const program = ts.createProgram(files, {
    ...options,
    allowJs: true,
    checkJs: true,
    noImplicitAny: false,
    useUnknownInCatchVariables: false,
    noImplicitOverride: false,
    // JavaScript has no `!` to say an index is there (`server.sockets[0]`).
    noUncheckedIndexedAccess: false,
  });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (!files.includes(diagnostic.file?.fileName)) continue;
    const shown = relative(directory, diagnostic.file.fileName);
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const message = `docs/examples/${shown}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
    problems.push(message);
  }
  return files.length;
}

/** Type-checks and runs the examples; returns the problems found (and pushes notes). */
export function checkTypescriptExamples({ log = console.log, notes = [] } = {}) {
  const require = createRequire(join(root, "package.json"));
  const ts = require("typescript");
  const problems = [];
  const examples = collectExamples();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // Each example is a module of its own (`export {}` keeps a block without imports one too).
  const files = examples.map((example) => {
    const file = join(work, example.name.endsWith(".ts") ? example.name : `${example.name}.ts`);
    writeFileSync(file, /^\s*(import|export)\s/m.test(example.text) ? example.text : `${example.text}\nexport {};\n`);
    return file;
  });
  writeFileSync(join(work, "package.json"), '{ "type": "module", "private": true }\n');

  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(
    // The examples are programs, not library code: unused names are not an error in them.
    { ...base.compilerOptions, paths: undefined, noUnusedLocals: false, noUnusedParameters: false, noEmit: true },
    work,
  );
  const program = ts.createProgram(files, {
    ...options,
    types: ["node"],
    typeRoots: [join(root, "node_modules", "@types")],
  });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => files.includes(diagnostic.file?.fileName));
  const failed = new Set();
  for (const diagnostic of diagnostics) {
    const index = files.indexOf(diagnostic.file.fileName);
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    failed.add(index);
    const message = `${examples[index].shownAs} (line ${line + 1} of the example): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
    // A package's README is its owner's: a fragment there is reported, not failed on.
    if (examples[index].shownAs.startsWith("packages/")) {
      if (!failed.has(-1 - index))
        notes.push(`${message} (and maybe more: a fragment? mark it <!-- fragment --> or make it a program)`);
      failed.add(-1 - index);
    } else problems.push(message);
  }

  let ran = 0;
  examples.forEach((example, index) => {
    if (example.expected === undefined || failed.has(index)) return;
    const { outputText } = ts.transpileModule(readFileSync(files[index], "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const script = files[index].replace(/\.ts$/, ".mjs");
    writeFileSync(script, outputText);
    const result = spawnSync(process.execPath, [script], { cwd: work, encoding: "utf8", timeout: 60_000 });
    ran++;
    if (result.status !== 0)
      problems.push(
        `${example.shownAs}: exited with ${result.status ?? result.error?.message}\n${result.stderr.trim()}`,
      );
    else if (result.stdout !== example.expected)
      problems.push(`${example.shownAs}: prints something else than its .out:\n${result.stdout}`);
  });
  const javascript = checkJavaScriptExamples(ts, { ...options, types: ["node"] }, problems);
  log(
    `check:docs: ${examples.length} TypeScript examples type-checked under strict, ${ran} run; ${javascript} JavaScript examples type-checked`,
  );
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const notes = [];
  const problems = checkTypescriptExamples({ notes });
  for (const note of notes) console.log(`note: ${note}`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
