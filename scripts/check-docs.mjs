#!/usr/bin/env node
// check:docs — the documentation cannot rot. Run by scripts/test-all.mjs after the build (the
// examples import "asyncio-ts", whose `exports` point at packages/asyncio-ts/dist).
//
//   1. Every package under packages/ has a README.md.
//   2. Every export of every package has a TSDoc comment (read from the package's src with the
//      TypeScript compiler API; a name re-exported from another package is checked there), and
//      every exported value (not a type) has an @example in it.
//   3. Every package's `lint` script runs publint and are-the-types-wrong (attw), and turbo's
//      `lint` task depends on the build, so test-all's lint step checks every package's build.
//   4. Every example under docs/examples/{porting,guides}/ runs: `node name.mjs` must exit 0 and,
//      when name.out exists, print exactly name.out. A Python twin (name.py) is run with python3
//      (3.11 or later; skipped, with a note, when there is none) and must print name.out too.
//   5. Every code block of docs/**/*.md and packages/*/README.md introduced by
//      `<!-- file: path -->` (relative to the page) is the text of that file, byte for byte.
//   6. The site builds (VitePress, with the API reference from TypeDoc): see the step below.
//   7. typescript: every TypeScript example (docs/examples/**/*.ts, ```ts blocks of the docs and
//      of the package READMEs) type-checks under strict as a user's file importing the packages
//      by name, and runs where it has a .out; the JavaScript examples type-check with checkJs
//      (docs/site/typescript-examples.mjs).
//   8. layout: the built site in headless Chromium at 1280 px and 390 px: screenshots into
//      docs/.vitepress/screenshots/ and no table wider than the text column
//      (docs/site/screenshots.mjs; skipped with a note when Chromium is not installed).
//   9. zh: every page of the zh locale exists, shows its English page's code blocks unchanged,
//      and is not older than its English page's last content change (by git history).
//   3b. declarations: every package's built .d.ts/.d.cts type-checks with skipLibCheck off and
//      shows no `_` member.
//  10. release: every package packs; the tarballs install into an empty project with npm,
//      without the registry, and an example runs there; `pnpm -r publish --dry-run` passes.
//
// Options:
//   --write        rewrite the blocks of step 5 from the files (and name.out from a run) instead
//                  of failing on a difference.
//   --only=STEPS   run only some steps, e.g. --only=examples,blocks (readme, tsdoc, lint,
//                  declarations, examples, blocks, site, typescript, layout, zh, release).
//   --skip=STEPS   run all steps but these, e.g. --skip=site.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { checkTypescriptExamples } from "../docs/site/typescript-examples.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const docs = join(root, "docs");
const write = process.argv.includes("--write");
const onlyArgument = process.argv.find((argument) => argument.startsWith("--only="));
const only = onlyArgument ? new Set(onlyArgument.slice("--only=".length).split(",")) : undefined;
const skipArgument = process.argv.find((argument) => argument.startsWith("--skip="));
const skip = new Set(skipArgument ? skipArgument.slice("--skip=".length).split(",") : []);
const problems = [];
const notes = [];

function step(name, body) {
  if ((only && !only.has(name)) || skip.has(name)) return;
  const before = problems.length;
  const started = Date.now();
  body();
  const failed = problems.length - before;
  console.log(
    `check:docs: ${name}: ${failed === 0 ? "ok" : `${failed} problem(s)`} (${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
}

function packageDirectories() {
  const directory = join(root, "packages");
  return readdirSync(directory)
    .map((folder) => join(directory, folder))
    .filter((folder) => existsSync(join(folder, "package.json")));
}

// ------------------------------------------------------------------ 1. READMEs

step("readme", () => {
  for (const directory of packageDirectories()) {
    const readme = join(directory, "README.md");
    if (!existsSync(readme)) problems.push(`${relative(root, directory)}: no README.md`);
    else if (readFileSync(readme, "utf8").trim().length < 200) problems.push(`${relative(root, readme)}: nearly empty`);
  }
});

// ------------------------------------------------------------------ 2. TSDoc on every export

step("tsdoc", () => {
  const require = createRequire(join(root, "package.json"));
  const ts = require("typescript");
  const entries = packageDirectories()
    .map((directory) => join(directory, "src", "index.ts"))
    .filter((file) => existsSync(file));
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();

  const hasDoc = (declaration) => {
    // A variable's comment sits on its statement; an overload's on any of the overloads.
    let node = declaration;
    if (ts.isVariableDeclaration(node)) node = node.parent?.parent ?? node;
    if (ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.comment || doc.tags?.length)))
      return true;
    const text = node.getSourceFile().getFullText();
    const leading = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
    return leading.some((range) => text.slice(range.pos, range.pos + 3) === "/**");
  };

  let checked = 0;
  for (const entry of entries) {
    const packageDirectory = dirname(dirname(entry));
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) {
      problems.push(`${relative(root, entry)}: could not read its exports`);
      continue;
    }
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = (target.declarations ?? []).filter((declaration) => {
        // Only this package's own sources: a re-export is checked in the package that owns it.
        const file = resolve(declaration.getSourceFile().fileName);
        return file.startsWith(`${join(packageDirectory, "src")}/`);
      });
      if (declarations.length === 0) continue;
      checked++;
      if (!declarations.some(hasDoc)) {
        const where = declarations[0].getSourceFile().fileName;
        problems.push(
          `${relative(root, packageDirectory)}: export ${exported.getName()} (${relative(root, where)}) has no TSDoc comment`,
        );
      } else if (
        !(target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) &&
        !declarations.some((declaration) =>
          ts
            .getJSDocTags(ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration)
            .some((tag) => tag.tagName.text === "example"),
        )
      ) {
        const where = declarations[0].getSourceFile().fileName;
        problems.push(
          `${relative(root, packageDirectory)}: export ${exported.getName()} (${relative(root, where)}) has no @example in its TSDoc`,
        );
      }
    }
  }
  console.log(`check:docs: ${checked} exports checked for TSDoc`);
});

// ------------------------------------------------------------------ 3. publint and attw in lint

step("lint", () => {
  const turbo = JSON.parse(readFileSync(join(root, "turbo.json"), "utf8"));
  if (!turbo.tasks?.lint?.dependsOn?.includes("build"))
    problems.push("turbo.json: the lint task does not depend on build");
  const testAll = readFileSync(join(root, "scripts", "test-all.mjs"), "utf8");
  if (!/"typecheck",\s*"build",\s*"lint"/.test(testAll))
    problems.push("scripts/test-all.mjs: does not run turbo's lint task");
  for (const directory of packageDirectories()) {
    const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    const lint = manifest.scripts?.lint ?? "";
    if (!/\bpublint\b/.test(lint)) problems.push(`${manifest.name}: its lint script does not run publint`);
    if (!/\battw\b/.test(lint))
      problems.push(`${manifest.name}: its lint script does not run attw (are-the-types-wrong)`);
  }
});

// ------------------------------------------------------------------ 3b. the published declarations

// Users compile against dist/*.d.ts, some with skipLibCheck off: every package's declarations
// must type-check on their own, and show no `_` member (internals are tagged `@internal`, which
// the build strips), so editors offer users only what they may use.
step("declarations", () => {
  const require = createRequire(join(root, "package.json"));
  const ts = require("typescript");
  const files = packageDirectories().flatMap((directory) =>
    ["index.d.ts", "index.d.cts"].map((name) => join(directory, "dist", name)).filter((file) => existsSync(file)),
  );
  if (files.length === 0) {
    problems.push("declarations: no package is built (run the build first)");
    return;
  }
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ["node"],
  });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const where = diagnostic.file ? relative(root, diagnostic.file.fileName) : "(program)";
    if (!where.startsWith("packages/")) continue;
    problems.push(`declarations: ${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);
  }
  const underscoreMember = /^\s+(?:(?:readonly|private|protected|static|abstract|get|set)\s+)*_\w+\s*[?(:<;]/m;
  for (const file of files) {
    const match = underscoreMember.exec(readFileSync(file, "utf8"));
    if (match) problems.push(`declarations: ${relative(root, file)} shows an internal member: ${match[0].trim()}`);
  }
  console.log(`check:docs: ${files.length} declaration files checked`);
});

// ------------------------------------------------------------------ 4. the examples run

function pythonCommand() {
  for (const candidate of ["python3", "python"]) {
    const result = spawnSync(candidate, ["-c", "import sys; print(sys.version_info >= (3, 11))"], { encoding: "utf8" });
    if (result.status === 0 && result.stdout.trim() === "True") return candidate;
  }
  return undefined;
}

function runExample(command, file) {
  const result = spawnSync(command, [file], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", error: result.error };
}

function firstDifference(expected, actual) {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return `line ${i + 1}: expected ${JSON.stringify(a[i] ?? "<end>")}, got ${JSON.stringify(b[i] ?? "<end>")}`;
  }
  return "";
}

step("examples", () => {
  if (!existsSync(join(root, "packages", "asyncio-ts", "dist", "index.js"))) {
    problems.push("packages/asyncio-ts/dist is missing: build first (`npx -y pnpm@10.34.8 build`)");
    return;
  }
  const python = pythonCommand();
  if (python === undefined) notes.push("no python3 >= 3.11: the Python twins were not run");
  let count = 0;
  for (const folder of ["porting", "guides"]) {
    const directory = join(docs, "examples", folder);
    if (!existsSync(directory)) continue;
    for (const name of readdirSync(directory)
      .filter((file) => file.endsWith(".mjs"))
      .sort()) {
      const file = join(directory, name);
      const expectedFile = file.replace(/\.mjs$/, ".out");
      const shown = relative(root, file);
      const result = runExample(process.execPath, file);
      count++;
      if (result.status !== 0) {
        problems.push(`${shown}: exited with ${result.status ?? result.error?.message}\n${result.stderr.trim()}`);
        continue;
      }
      if (write && !existsSync(expectedFile)) writeFileSync(expectedFile, result.stdout);
      if (existsSync(expectedFile)) {
        const expected = readFileSync(expectedFile, "utf8");
        if (expected !== result.stdout) {
          if (write) writeFileSync(expectedFile, result.stdout);
          else
            problems.push(
              `${shown}: output differs from ${relative(root, expectedFile)}: ${firstDifference(expected, result.stdout)}`,
            );
        }
        const twin = file.replace(/\.mjs$/, ".py");
        if (python !== undefined && existsSync(twin)) {
          const pythonResult = runExample(python, twin);
          count++;
          if (pythonResult.status !== 0)
            problems.push(`${relative(root, twin)}: exited with ${pythonResult.status}\n${pythonResult.stderr.trim()}`);
          else if (pythonResult.stdout !== readFileSync(expectedFile, "utf8"))
            problems.push(
              `${relative(root, twin)}: Python prints something else than ${relative(root, expectedFile)}: ${firstDifference(readFileSync(expectedFile, "utf8"), pythonResult.stdout)}`,
            );
        }
      }
    }
  }
  console.log(`check:docs: ran ${count} example programs`);
});

// ------------------------------------------------------------------ 5. the docs show the files

const marker = /<!-- file: (\S+) -->\n(`{3,})(\w*)\n([\s\S]*?)\n\2\n/g;

step("blocks", () => {
  const pages = readdirSync(docs, { recursive: true })
    .map(String)
    // Not the site's generated copies (packages/, public/) nor anything installed.
    .filter(
      (file) => file.endsWith(".md") && !/^(?:packages|public|\.vitepress|zh-untranslated)\/|node_modules/.test(file),
    )
    .map((file) => join(docs, file))
    .concat(
      packageDirectories()
        .map((directory) => join(directory, "README.md"))
        .filter((file) => existsSync(file)),
    );
  let blocks = 0;
  for (const page of pages) {
    const text = readFileSync(page, "utf8");
    let changed = false;
    const updated = text.replace(marker, (whole, path, fence, language, body) => {
      blocks++;
      const file = resolve(dirname(page), path);
      if (!existsSync(file)) {
        problems.push(`${relative(root, page)}: shows ${path}, which does not exist`);
        return whole;
      }
      const content = readFileSync(file, "utf8").replace(/\n$/, "");
      if (content === body) return whole;
      changed = true;
      if (!write)
        problems.push(
          `${relative(root, page)}: the block of ${path} is not that file's text (run node scripts/check-docs.mjs --write)`,
        );
      return `<!-- file: ${path} -->\n${fence}${language}\n${content}\n${fence}\n`;
    });
    if (write && changed) writeFileSync(page, updated);
  }
  console.log(`check:docs: ${blocks} code blocks are their files' text`);
});

// ------------------------------------------------------------------ 6. the site builds

// docs/ is the private package asyncio-ts-docs: site/prepare.mjs copies the packages' READMEs in
// as guides, TypeDoc writes the API reference (public/api/) from the TSDoc of every export, and
// VitePress builds the site (.vitepress/dist/), failing on a dead link between pages.
step("site", () => {
  const bin = (name, path) => {
    const file = join(docs, "node_modules", name, path);
    if (!existsSync(file)) problems.push(`docs/node_modules/${name} is missing: run \`npx -y pnpm@10.34.8 install\``);
    return file;
  };
  const commands = [
    [join(docs, "site", "prepare.mjs")],
    [bin("typedoc", "bin/typedoc"), "--logLevel", "Error"],
    [bin("vitepress", "bin/vitepress.js"), "build"],
  ];
  for (const args of commands) {
    if (!existsSync(args[0])) return; // reported above
    const result = spawnSync(process.execPath, args, {
      cwd: docs,
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    if (result.status !== 0) {
      problems.push(
        `docs site: \`node ${relative(docs, args[0])}\` failed (${result.status ?? result.error?.message})\n${(result.stdout + result.stderr).trim().split("\n").slice(-30).join("\n")}`,
      );
      return;
    }
  }
  for (const page of [
    "index.html",
    "api-index.html",
    "releasing.html",
    "zh/index.html",
    "zh/api-index.html",
    "zh/porting-guide.html",
    "porting-guide.html",
    "getting-started.html",
    "cancellation.html",
    "threads.html",
    "packages/core.html",
    "api/index.html",
    "api/modules/_asyncio-ts_tasks-utils.html",
  ]) {
    if (!existsSync(join(docs, ".vitepress", "dist", page)))
      problems.push(`docs site: .vitepress/dist/${page} was not built`);
  }
});

// ------------------------------------------------------------------ 7. TypeScript examples

step("typescript", () => {
  if (!existsSync(join(root, "packages", "asyncio-ts", "dist", "index.d.ts"))) {
    problems.push("packages/asyncio-ts/dist is missing: build first (`npx -y pnpm@10.34.8 build`)");
    return;
  }
  problems.push(...checkTypescriptExamples({ notes }));
});

// ------------------------------------------------------------------ 8. the layout in a browser

step("layout", () => {
  if (!existsSync(join(docs, ".vitepress", "dist", "index.html"))) {
    problems.push("docs site: not built (the site step builds it)");
    return;
  }
  const result = spawnSync(process.execPath, [join(docs, "site", "screenshots.mjs")], {
    cwd: docs,
    encoding: "utf8",
    timeout: 900_000,
  });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (/skipped: /.test(output) && result.status === 0) notes.push(output.split("\n").at(-1));
  else if (result.status !== 0)
    problems.push(
      `docs site layout (node docs/site/screenshots.mjs):\n${output
        .split("\n")
        .filter((line) => !/all fit/.test(line))
        .join("\n")}`,
    );
});

// ------------------------------------------------------------------ 9. the Chinese pages

// The zh locale's pages, each a translation of the English page of the same name.
const zhPages = [
  "index.md",
  "getting-started.md",
  "threads.md",
  "introspection.md",
  "api-index.md",
  "cancellation.md",
  "porting-guide.md",
  "testing.md",
];
const fence = /^(`{3,})(\w*)\n([\s\S]*?)\n\1$/gm;

function git(...args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

// The time of the last commit that changed more than white space in the file, or undefined.
function lastContentChange(file) {
  const commits = git("log", "--format=%H %ct", "--", file);
  for (const line of (commits ?? "").split("\n").filter(Boolean)) {
    const [commit, time] = line.split(" ");
    const parent = git("rev-parse", "--verify", "--quiet", `${commit}^`);
    const diff = parent
      ? git("diff", "-w", "--ignore-blank-lines", parent, commit, "--", file)
      : git("show", "--format=", commit, "--", file);
    if (diff) return { commit, time: Number(time) };
  }
  return undefined;
}

step("zh", () => {
  const shallow = git("rev-parse", "--is-shallow-repository") === "true";
  for (const page of zhPages) {
    const english = join(docs, page);
    const chinese = join(docs, "zh", page);
    if (!existsSync(chinese)) {
      problems.push(`docs/zh/${page}: missing (the translation of docs/${page})`);
      continue;
    }
    const blocks = (file) => [...readFileSync(file, "utf8").matchAll(fence)].map((match) => `${match[2]}\n${match[3]}`);
    const [englishBlocks, chineseBlocks] = [blocks(english), blocks(chinese)];
    if (englishBlocks.length !== chineseBlocks.length)
      problems.push(`docs/zh/${page}: ${chineseBlocks.length} code blocks, docs/${page} has ${englishBlocks.length}`);
    else
      englishBlocks.forEach((block, index) => {
        if (block !== chineseBlocks[index])
          problems.push(
            `docs/zh/${page}: code block ${index + 1} differs from docs/${page}'s (code blocks are not translated)`,
          );
      });
    if (shallow) continue;
    const englishChange = lastContentChange(`docs/${page}`);
    const chineseChange = lastContentChange(`docs/zh/${page}`);
    if (englishChange && !chineseChange) problems.push(`docs/zh/${page}: not committed yet`);
    else if (englishChange && chineseChange && chineseChange.time < englishChange.time)
      problems.push(
        `docs/zh/${page}: older than docs/${page}'s change ${englishChange.commit.slice(0, 10)} (${git("log", "-1", "--format=%s", englishChange.commit)}): bring the translation up to date`,
      );
  }
  if (shallow) notes.push("a shallow clone: the zh pages' dates were not compared with the English pages'");
});

// ------------------------------------------------------------------ 10. the release dry run

step("release", () => {
  if (!existsSync(join(root, "packages", "asyncio-ts", "dist", "index.js"))) {
    problems.push("packages/asyncio-ts/dist is missing: build first (`npx -y pnpm@10.34.8 build`)");
    return;
  }
  const run = (command, args, cwd) => {
    const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 300_000 });
    if (result.status !== 0)
      problems.push(
        `release: \`${command} ${args.join(" ")}\` failed (${result.status ?? result.error?.message})\n${`${result.stdout}${result.stderr}`.trim().split("\n").slice(-15).join("\n")}`,
      );
    return result;
  };
  const packs = mkdtempSync(join(tmpdir(), "asyncio-ts-packs-"));
  const project = mkdtempSync(join(tmpdir(), "asyncio-ts-user-"));
  try {
    // As getting-started.md says: pack every package, install the tarballs without the registry.
    if (
      run("npx", ["-y", "pnpm@10.34.8", "-r", "--filter", "./packages/*", "pack", "--pack-destination", packs], root)
        .status !== 0
    )
      return;
    const tarballs = readdirSync(packs).filter((file) => file.endsWith(".tgz"));
    writeFileSync(join(project, "package.json"), '{ "name": "user", "private": true, "type": "module" }\n');
    const install = run(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        ...tarballs.map((file) => join(packs, file)),
      ],
      project,
    );
    if (install.status !== 0) return;
    cpSync(join(docs, "examples", "porting", "gather.mjs"), join(project, "gather.mjs"));
    const example = run(process.execPath, ["gather.mjs"], project);
    if (
      example.status === 0 &&
      example.stdout !== readFileSync(join(docs, "examples", "porting", "gather.out"), "utf8")
    )
      problems.push("release: examples/porting/gather.mjs prints something else from the installed tarballs");
    // What `changeset publish` would publish, without publishing (releasing.md).
    run(
      "npx",
      ["-y", "pnpm@10.34.8", "-r", "--filter", "./packages/*", "publish", "--dry-run", "--no-git-checks"],
      root,
    );
    console.log(`check:docs: ${tarballs.length} packages packed, installed from their tarballs, publish dry run`);
  } finally {
    rmSync(packs, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ result

for (const note of notes) console.log(`check:docs: note: ${note}`);
if (problems.length > 0) {
  console.error(`\ncheck:docs: FAILED, ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log("check:docs: passed");
