// Before `vitepress build`: copies each package's README into packages/<name>.md (the guide of
// each package), rewriting its links for the site, and examples/ into public/examples/. Both
// are generated (see .gitignore).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const docs = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(docs, "..", "packages");
const out = join(docs, "packages");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const names = readdirSync(packages).filter((name) => existsSync(join(packages, name, "README.md")));
for (const name of names) {
  const text = readFileSync(join(packages, name, "README.md"), "utf8")
    // ../../docs/page.md → ../page.md ; ../other/README.md or ../other → ./other.md
    .replace(/\]\(\.\.\/\.\.\/docs\/([^)]+)\)/g, "](../$1)")
    .replace(/\]\(\.\.\/\.\.\/README\.md\)/g, "](../index.md)")
    .replace(/\]\(\.\.\/([a-z-]+)(?:\/README\.md)?(#[^)]*)?\)/g, (_, other, hash = "") => `](./${other}.md${hash})`);
  writeFileSync(join(out, `${name}.md`), text);
}
// The example files, served as they are (the pages link to them).
rmSync(join(docs, "public", "examples"), { recursive: true, force: true });
cpSync(join(docs, "examples"), join(docs, "public", "examples"), { recursive: true });

console.log(`docs/site/prepare.mjs: ${names.length} package guides in docs/packages/`);
