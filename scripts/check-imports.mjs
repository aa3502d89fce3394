#!/usr/bin/env node
// check-imports: keeps the workspace's package graph as docs/architecture.md draws it.
//
//   node scripts/check-imports.mjs        (root script: pnpm check:imports; part of test:all)
//
// Zero dependencies: a small JavaScript/TypeScript lexer finds the module specifiers, so it
// runs before `pnpm install` and on any Node >= 20.
//
// Files read: every .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs file under packages/*/src and
// packages/*/test (not node_modules, dist), and each packages/*/package.json.
// Specifiers found: `import ... from "x"`, `import "x"`, `export ... from "x"`, `import("x")`,
// `require("x")`, `import x = require("x")`; and the same with `import type` / `export type`.
//
// Rules (each violation is printed with file:line; the exit code is 1 if there is any):
//  (a) Only the umbrella package `asyncio-ts` may use our other packages. Every other package
//      may use `@asyncio-ts/core` alone (core itself: nothing of ours but itself, by name, in
//      its tests), in src/ and test/, and in its package.json's dependencies, devDependencies,
//      peerDependencies and optionalDependencies. Deep imports of our packages
//      (`@asyncio-ts/core/src/x`) are refused too: only the names in the exports map exist once
//      published. A package of ours used from src/ must be listed in `dependencies` (or
//      `peerDependencies`), and one used from test/ in any dependency field, or the published
//      package would not find it.
//  (b) No relative (or absolute) specifier may leave the package's own folder: another
//      package is reached by its name, never by `../../other/src/x.js`; each package builds,
//      tests and publishes on its own.
//  (c) No import cycle between files of one package's src/, type-only edges included: an
//      `import type` does not make a module evaluate first, but a type cycle still means that
//      neither file can be read, changed or tested without the other. A lower file names a
//      higher one through an interface declared below both. Dynamic `import()` does not count:
//      it runs after both modules have evaluated, and it is how a module loads an optional part.
//  (d) Core's layers (CORE_LAYERS below): every file of packages/core/src belongs to exactly
//      one layer, and imports (type-only ones too) only from its own layer or the layers
//      below it. docs/architecture.md draws the same stack.
//
// Options: --quiet prints nothing on success; --root <folder> checks another workspace (the
// self-test, scripts/check-imports.test.mjs, runs it on fixtures).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const UMBRELLA = "asyncio-ts";
const SHARED = "@asyncio-ts/core";
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

const rootOption = process.argv.indexOf("--root");
const root =
  rootOption === -1
    ? resolve(dirname(fileURLToPath(import.meta.url)), "..")
    : resolve(process.argv[rootOption + 1] ?? ".");
const quiet = process.argv.includes("--quiet");

// ---------------------------------------------------------------- core's layers

/**
 * The stack of packages/core/src, bottom first. A file imports only from its own layer and
 * the ones below. An entry ending in "/" or "-" is a prefix (a folder, or a family of files
 * such as "internal/net-"); the longest matching entry wins. Names are paths relative to packages/core/src.
 */
const CORE_LAYERS = [
  {
    name: "base",
    holds: "exceptions and plain data structures",
    files: [
      "internal/tls-errors.ts",
      "internal/node-builtins.ts",
      "exceptions/",
      "internal/error-marker.ts",
      "internal/ready-queue.ts",
      "internal/timer-heap.ts",
      "internal/empty-keeping-capacity.ts",
      "internal/future-state.ts",
      "internal/no-options.ts",
      "waiter-queue.ts",
      "internal/task-tree-site.ts",
    ],
  },
  {
    name: "interfaces",
    holds: "the loop as an interface, the awaiter and frame types, coroutine types",
    files: [
      "coroutine.ts",
      "internal/ready-item.ts",
      "internal/loop-interface.ts",
      "internal/frame-types.ts",
      "internal/awaited-future.ts",
    ],
  },
  {
    name: "context",
    holds: "task frames, contextvars, the running loop's slot",
    files: [
      "internal/accelerators/",
      "internal/runtime-registry.ts",
      "context.ts",
      "context-var.ts",
      "internal/task-frame.ts",
      "internal/loop-state.ts",
    ],
  },
  {
    name: "futures",
    holds: "Future, Handle/TimerHandle and what an await of a future uses",
    files: [
      "done-future.ts",
      "internal/closed-loop.ts",
      "handle.ts",
      "future.ts",
      "concurrent-future.ts",
      "internal/await-entry.ts",
      "internal/done-callback-handle.ts",
      "internal/unretrieved-exceptions.ts",
    ],
  },
  {
    name: "tasks",
    holds: "Task, library calls, the loop interface tasks and I/O use, introspection",
    files: [
      "waiter.ts",
      "internal/abstract-event-loop.ts",
      "internal/driven-future.ts",
      "task.ts",
      "coroutine-call.ts",
      "cancellation-of.ts",
      "internal/scope-signal.ts",
      "internal/undelivered-cancel-watch.ts",
      "create-task.ts",
      "eager-task-factory.ts",
      "current-task.ts",
      "all-tasks.ts",
      "ensure-future.ts",
      "wrap-future.ts",
      "internal/wait-all.ts",
      "sleep.ts",
      "hold-watch.ts",
      "call-graph.ts",
      "task-tree.ts",
      "internal/call-graph-awaited-by.ts",
      "internal/call-graph-walk.ts",
      "internal/task-registry.ts",
      "internal/any-copy.ts",
    ],
  },
  {
    name: "io",
    holds: "transports, protocols, net, TLS, pipes, subprocesses, servers, streams, threads",
    files: [
      "transports/",
      "protocols/",
      "streams/",
      "server.ts",
      "thread-pool-executor.ts",
      "remote-event-loop.ts",
      "internal/net-",
      "internal/dgram-endpoint.ts",
      "internal/pipe-transports.ts",
      "internal/tls-support.ts",
      "internal/signal-handlers.ts",
      "internal/subprocess-",
      "internal/thread-",
      "internal/worker-",
      "internal/task-tree-server.ts",
    ],
  },
  {
    name: "loop",
    holds: "the EventLoop class (scheduling, and the I/O methods it delegates), run, Runner, the public entry",
    files: [
      "bind-loop.ts",
      "internal/process-hold.ts",
      "virtual-time-loop.ts",
      "event-loop.ts",
      "running-loop.ts",
      "run.ts",
      "runner.ts",
      "index.ts",
    ],
  },
];

/** The layer index of a core source file (relative to packages/core/src, "/"-separated), or -1. */
function coreLayerOf(relativePath) {
  let best = -1;
  let bestLength = -1;
  CORE_LAYERS.forEach((layer, index) => {
    for (const entry of layer.files) {
      const matches =
        entry.endsWith("/") || entry.endsWith("-") ? relativePath.startsWith(entry) : relativePath === entry;
      if (matches && entry.length > bestLength) {
        best = index;
        bestLength = entry.length;
      }
    }
  });
  return best;
}

// ---------------------------------------------------------------- lexer

const IDENTIFIER_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
// After these keywords a `/` starts a regular expression, not a division.
const REGEX_AFTER_KEYWORD = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

/** Tokens: {kind: "name"|"string"|"punct"|"template"|"regex"|"number", value, line}. Comments dropped. */
function tokenize(text) {
  const tokens = [];
  let i = 0;
  let line = 1;
  // Stack of brace depths at which a template literal's `${` was opened.
  const templateStack = [];
  let braceDepth = 0;
  const n = text.length;

  const regexAllowed = () => {
    const previous = tokens[tokens.length - 1];
    if (previous === undefined) return true;
    if (previous.kind === "name") return REGEX_AFTER_KEYWORD.has(previous.value);
    if (
      previous.kind === "string" ||
      previous.kind === "number" ||
      previous.kind === "regex" ||
      previous.kind === "template"
    )
      return false;
    return !(previous.value === ")" || previous.value === "]" || previous.value === "}");
  };

  // Reads a template literal's text from i (just past "`" or "}"), up to "`" or "${".
  const readTemplateChunk = () => {
    const startLine = line;
    while (i < n) {
      const c = text[i];
      if (c === "\\") {
        if (text[i + 1] === "\n") line++;
        i += 2;
        continue;
      }
      if (c === "\n") line++;
      if (c === "`") {
        i++;
        tokens.push({ kind: "template", value: "", line: startLine });
        return;
      }
      if (c === "$" && text[i + 1] === "{") {
        i += 2;
        tokens.push({ kind: "template", value: "", line: startLine });
        templateStack.push(braceDepth);
        braceDepth++;
        return;
      }
      i++;
    }
  };

  while (i < n) {
    const c = text[i];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v" || c === "\ufeff") {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === "\n") line++;
      i = stop;
      continue;
    }
    if (c === "#" && i === 0 && text[1] === "!") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      let value = "";
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === "\\") {
          value += text[i + 1] ?? "";
          i += 2;
          continue;
        }
        if (text[i] === "\n") {
          line++;
          break;
        } // unterminated: stop at the line's end
        value += text[i++];
      }
      i++;
      tokens.push({ kind: "string", value, line: startLine });
      continue;
    }
    if (c === "`") {
      i++;
      readTemplateChunk();
      continue;
    }
    if (IDENTIFIER_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENTIFIER_PART.test(text[j])) j++;
      tokens.push({ kind: "name", value: text.slice(i, j), line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j])) j++;
      tokens.push({ kind: "number", value: text.slice(i, j), line });
      i = j;
      continue;
    }
    if (c === "/" && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < n && text[j] !== "\n") {
        if (text[j] === "\\") {
          j += 2;
          continue;
        }
        if (text[j] === "[") inClass = true;
        else if (text[j] === "]") inClass = false;
        else if (text[j] === "/" && !inClass) break;
        j++;
      }
      j++;
      while (j < n && /[a-z]/i.test(text[j])) j++;
      tokens.push({ kind: "regex", value: text.slice(i, j), line });
      i = j;
      continue;
    }
    if (c === "{") {
      braceDepth++;
      tokens.push({ kind: "punct", value: c, line });
      i++;
      continue;
    }
    if (c === "}") {
      braceDepth--;
      if (templateStack.length > 0 && templateStack[templateStack.length - 1] === braceDepth) {
        templateStack.pop();
        i++;
        readTemplateChunk();
        continue;
      }
      tokens.push({ kind: "punct", value: c, line });
      i++;
      continue;
    }
    // `?.` and `...` matter only as "not a statement start"; one character at a time is enough.
    tokens.push({ kind: "punct", value: c, line });
    i++;
  }
  return tokens;
}

// ---------------------------------------------------------------- specifiers

/**
 * @returns {{specifier: string, line: number, typeOnly: boolean, dynamic: boolean}[]}
 */
function findSpecifiers(text) {
  const tokens = tokenize(text);
  const found = [];
  const at = (k) => tokens[k] ?? { kind: "eof", value: "", line: 0 };
  const isMemberAccess = (k) => {
    const previous = tokens[k - 1];
    return previous !== undefined && previous.kind === "punct" && previous.value === ".";
  };
  // From k, find the `from "x"` that ends an import/export clause (stops at ";" or a keyword
  // that starts a new statement, so `export const x = ...` is not mistaken for one).
  const findFrom = (k) => {
    let depth = 0;
    for (; k < tokens.length; k++) {
      const token = tokens[k];
      if (token.kind === "punct") {
        if (token.value === "{") depth++;
        else if (token.value === "}") depth--;
        else if (token.value === ";" && depth === 0) return -1;
        else if (token.value === "=" && depth === 0) return -1;
        else if (token.value === "(" && depth === 0) return -1;
        continue;
      }
      if (token.kind === "name" && token.value === "from" && depth === 0 && at(k + 1).kind === "string") return k + 1;
      if (token.kind === "string" && depth === 0) return -1;
    }
    return -1;
  };

  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token.kind !== "name" || isMemberAccess(k)) continue;

    if (
      token.value === "require" &&
      at(k + 1).value === "(" &&
      at(k + 2).kind === "string" &&
      at(k + 3).value === ")"
    ) {
      // `import x = require("y")` is handled below with its `type` marker; a bare require here.
      const previous = tokens[k - 1];
      const viaImportEquals = previous?.value === "=" && tokens[k - 3]?.value === "import";
      const viaImportTypeEquals =
        previous?.value === "=" && tokens[k - 4]?.value === "import" && tokens[k - 3]?.value === "type";
      if (!viaImportEquals && !viaImportTypeEquals) {
        found.push({ specifier: at(k + 2).value, line: at(k + 2).line, typeOnly: false, dynamic: false });
      }
      continue;
    }

    if (token.value === "import") {
      const next = at(k + 1);
      if (next.value === "(") {
        if (at(k + 2).kind === "string")
          found.push({ specifier: at(k + 2).value, line: at(k + 2).line, typeOnly: false, dynamic: true });
        continue;
      }
      if (next.value === ".") continue; // import.meta
      if (next.kind === "string") {
        found.push({ specifier: next.value, line: next.line, typeOnly: false, dynamic: false });
        continue;
      }
      // `import type X from`, `import type { } from`, `import type * as`, `import type X = require()`;
      // but `import type from "x"` and `import type, { a } from "x"` import a default named `type`.
      let typeOnly = false;
      if (next.kind === "name" && next.value === "type") {
        const after = at(k + 2);
        const defaultNamedType =
          (after.value === "from" && at(k + 3).kind === "string") || after.value === "," || after.value === "=";
        typeOnly = !defaultNamedType;
      }
      // `import x = require("y")`
      const equalsAt = typeOnly ? k + 3 : k + 2;
      if (at(equalsAt).value === "=" && at(equalsAt + 1).value === "require" && at(equalsAt + 3).kind === "string") {
        found.push({ specifier: at(equalsAt + 3).value, line: at(equalsAt + 3).line, typeOnly, dynamic: false });
        continue;
      }
      const from = findFrom(k + 1);
      if (from !== -1) found.push({ specifier: at(from).value, line: at(from).line, typeOnly, dynamic: false });
      continue;
    }

    if (token.value === "export") {
      const next = at(k + 1);
      // Only `export {...} from`, `export * from`, `export type ... from` re-export.
      let typeOnly = false;
      let clauseStart = k + 1;
      if (next.kind === "name" && next.value === "type") {
        typeOnly = true;
        clauseStart = k + 2;
      }
      const first = at(clauseStart);
      if (!(first.value === "{" || first.value === "*")) continue;
      const from = findFrom(clauseStart);
      if (from !== -1) found.push({ specifier: at(from).value, line: at(from).line, typeOnly, dynamic: false });
    }
  }
  return found;
}

// ---------------------------------------------------------------- workspace

function listFiles(folder) {
  const files = [];
  if (!existsSync(folder)) return files;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) && !entry.name.endsWith(".d.ts"))
      files.push(path);
  }
  return files;
}

function readPackages() {
  const packagesDirectory = join(root, "packages");
  const packages = [];
  for (const folder of readdirSync(packagesDirectory).sort()) {
    const directory = join(packagesDirectory, folder);
    const manifestPath = join(directory, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    packages.push({ name: manifest.name, directory, manifestPath, manifest });
  }
  return packages;
}

/** Our package name a bare specifier refers to, or undefined. */
function ourPackageOf(specifier, ourNames) {
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return ourNames.has(name) ? { name, subpath: specifier.slice(name.length) } : undefined;
}

/** Resolves a relative specifier from a .ts file to a source file, as TypeScript's NodeNext would. */
function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base];
  const swaps = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };
  for (const [extension, replacements] of Object.entries(swaps)) {
    if (base.endsWith(extension))
      for (const replacement of replacements) candidates.push(base.slice(0, -extension.length) + replacement);
  }
  for (const extension of SOURCE_EXTENSIONS) candidates.push(base + extension);
  for (const extension of SOURCE_EXTENSIONS) candidates.push(join(base, `index${extension}`));
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const isInside = (path, folder) => path === folder || path.startsWith(folder + sep);

// ---------------------------------------------------------------- cycles

/** Tarjan's strongly connected components; returns components with a cycle. */
function cyclicComponents(graph) {
  let index = 0;
  const indices = new Map();
  const lowlinks = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  const visit = (start) => {
    // Iterative, so deep import chains cannot overflow the stack.
    const work = [{ node: start, edges: [...(graph.get(start)?.keys() ?? [])], next: 0 }];
    indices.set(start, index);
    lowlinks.set(start, index);
    index++;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.edges.length) {
        const target = frame.edges[frame.next++];
        if (!indices.has(target)) {
          indices.set(target, index);
          lowlinks.set(target, index);
          index++;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edges: [...(graph.get(target)?.keys() ?? [])], next: 0 });
        } else if (onStack.has(target)) {
          lowlinks.set(frame.node, Math.min(lowlinks.get(frame.node), indices.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        lowlinks.set(parent, Math.min(lowlinks.get(parent), lowlinks.get(frame.node)));
      }
      if (lowlinks.get(frame.node) === indices.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = graph.get(frame.node)?.has(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return components;
}

/** One concrete cycle through the component's first file (breadth-first: a shortest one). */
function oneCycle(graph, component) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node)?.keys() ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        for (let at = previous.get(node); at !== undefined; at = previous.get(at)) path.push(at);
        path.reverse();
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

// ---------------------------------------------------------------- main

const packages = readPackages();
const ourNames = new Set(packages.map((p) => p.name));
const problems = { a: [], b: [], c: [], d: [] };
let fileCount = 0;

for (const pkg of packages) {
  const isUmbrella = pkg.name === UMBRELLA;
  const where = (file, line) => `${relative(root, file)}${line ? `:${line}` : ""}`;
  const allowed = (name) => isUmbrella || name === SHARED || name === pkg.name;
  const declared = (name, fields) => fields.some((field) => pkg.manifest[field]?.[name] !== undefined);

  // (a) in package.json
  for (const field of DEPENDENCY_FIELDS) {
    for (const name of Object.keys(pkg.manifest[field] ?? {})) {
      if (!ourNames.has(name) || allowed(name)) continue;
      problems.a.push(
        `${where(pkg.manifestPath)}: ${pkg.name} lists ${name} in ${field}; only ${UMBRELLA} may depend on it${pkg.name === SHARED ? "" : ` (packages depend on ${SHARED} alone)`}`,
      );
    }
  }
  if (pkg.name === SHARED) {
    for (const field of DEPENDENCY_FIELDS) {
      if (pkg.manifest[field]?.[SHARED] !== undefined)
        problems.a.push(`${where(pkg.manifestPath)}: ${SHARED} lists itself in ${field}`);
    }
  }

  const graph = new Map(); // src file -> Map(target file -> line), type-only edges included
  const isCore = pkg.name === SHARED;
  const coreSource = join(pkg.directory, "src");
  const layerOf = (file) => coreLayerOf(relative(coreSource, file).split(sep).join("/"));
  for (const folderName of ["src", "test"]) {
    const folder = join(pkg.directory, folderName);
    for (const file of listFiles(folder)) {
      fileCount++;
      const inSrc = folderName === "src";
      if (inSrc && !graph.has(file)) graph.set(file, new Map());
      if (inSrc && isCore && layerOf(file) === -1)
        problems.d.push(`${where(file)}: belongs to no layer; add it to CORE_LAYERS in scripts/check-imports.mjs`);
      let specifiers;
      try {
        specifiers = findSpecifiers(readFileSync(file, "utf8"));
      } catch (error) {
        problems.a.push(`${where(file)}: could not be read: ${error.message}`);
        continue;
      }
      for (const { specifier, line, typeOnly, dynamic } of specifiers) {
        const isRelative =
          specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
        const isAbsolute = specifier.startsWith("/") || specifier.startsWith("file:");
        if (isRelative || isAbsolute) {
          const target = isAbsolute
            ? resolve(specifier.startsWith("file:") ? fileURLToPath(specifier) : specifier)
            : resolve(dirname(file), specifier);
          if (!isInside(target, pkg.directory)) {
            const other = packages.find((p) => isInside(target, p.directory));
            const what = other
              ? `into ${other.name}; import it by name ("${other.name}")`
              : "outside the package's folder";
            problems.b.push(`${where(file, line)}: "${specifier}" reaches ${what}`);
            continue;
          }
          if (inSrc) {
            const resolved = resolveRelative(file, specifier);
            if (resolved !== undefined && isInside(resolved, join(pkg.directory, "src"))) {
              const edges = graph.get(file);
              if (!dynamic && !edges.has(resolved)) edges.set(resolved, line);
              if (isCore) {
                const from = layerOf(file);
                const to = layerOf(resolved);
                if (from !== -1 && to > from) {
                  problems.d.push(
                    `${where(file, line)}: ${typeOnly ? "type import" : "import"} of ${relative(coreSource, resolved)} (layer ${CORE_LAYERS[to].name}) from layer ${CORE_LAYERS[from].name}; a layer imports only from itself and the layers below`,
                  );
                }
              }
            }
          }
          continue;
        }
        const ours = ourPackageOf(specifier, ourNames);
        if (ours === undefined) continue;
        if (!allowed(ours.name)) {
          problems.a.push(
            `${where(file, line)}: ${pkg.name} imports ${ours.name}; only ${UMBRELLA} may (packages use ${SHARED} alone)`,
          );
          continue;
        }
        if (ours.name === pkg.name && inSrc) {
          problems.a.push(`${where(file, line)}: ${pkg.name} imports itself by name in src/; use a relative path`);
          continue;
        }
        if (ours.subpath !== "" && ours.subpath !== "/package.json") {
          problems.a.push(
            `${where(file, line)}: deep import "${specifier}"; import "${ours.name}" itself (only its exports map exists once published)`,
          );
          continue;
        }
        if (ours.name !== pkg.name) {
          const fields = inSrc ? ["dependencies", "peerDependencies"] : DEPENDENCY_FIELDS;
          if (!declared(ours.name, fields)) {
            problems.a.push(
              `${where(file, line)}: ${pkg.name} imports ${ours.name} but its package.json does not list it in ${inSrc ? "dependencies" : "any dependency field"} ("${ours.name}": "workspace:^")`,
            );
          }
        }
      }
    }
  }

  // (c) import cycles inside src/, type-only edges included
  for (const component of cyclicComponents(graph)) {
    const cycle = oneCycle(graph, component);
    const steps = [];
    for (let k = 0; k < cycle.length - 1; k++) {
      steps.push(`${where(cycle[k], graph.get(cycle[k]).get(cycle[k + 1]))}`);
    }
    const others = component.length > cycle.length - 1 ? ` (${component.length} files are tangled in this cycle)` : "";
    problems.c.push(
      `${pkg.name}: ${[...cycle.map((f) => relative(pkg.directory, f))].join(" → ")}${others}\n      imports at: ${steps.join(", ")}`,
    );
  }
}

const total = problems.a.length + problems.b.length + problems.c.length + problems.d.length;
if (total === 0) {
  if (!quiet)
    console.log(
      `check-imports: OK (${packages.length} packages, ${fileCount} files: no forbidden package imports, no relative imports leaving a package, no import cycles, core's ${CORE_LAYERS.length} layers hold)`,
    );
  process.exit(0);
}
const sections = [
  ["a", "(a) forbidden or undeclared imports of our packages"],
  ["b", "(b) relative imports that leave their package's folder"],
  [
    "c",
    "(c) import cycles inside a package's src/, type-only edges included (let the lower file name the other through an interface declared below both, or move the shared part into a module both import)",
  ],
  ["d", "(d) core's layers (CORE_LAYERS in scripts/check-imports.mjs; docs/architecture.md draws them)"],
];
console.error(`check-imports: ${total} problem${total === 1 ? "" : "s"}`);
for (const [key, title] of sections) {
  if (problems[key].length === 0) continue;
  console.error(`\n${title}:`);
  for (const line of problems[key]) console.error(`  - ${line}`);
}
process.exit(1);
