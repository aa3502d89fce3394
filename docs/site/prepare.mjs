// Before `vitepress build`: copies each package's README into packages/<name>.md (the guide of
// each package), rewriting its links for the site, and examples/ into public/examples/; writes
// a short Chinese page into zh-untranslated/ for every English page that has no translation in
// zh/ yet, which config.mjs serves at /zh/<page> (so that the language switch never leads to a
// missing page). All three are generated (see .gitignore).
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

// The zh locale's stand-ins for the pages not translated yet: a title and a link to the English.
const untranslated = join(docs, "zh-untranslated");
rmSync(untranslated, { recursive: true, force: true });
const englishPages = [
  ...readdirSync(docs).filter((file) => file.endsWith(".md") && file !== "README.md" && file !== "index.md"),
  ...names.map((name) => `packages/${name}.md`),
];
let stubs = 0;
for (const page of englishPages) {
  if (existsSync(join(docs, "zh", page))) continue;
  const title = readFileSync(join(docs, page), "utf8").match(/^# (.+)$/m)?.[1] ?? page;
  const link = `/${page.replace(/\.md$/, "")}`;
  mkdirSync(dirname(join(untranslated, page)), { recursive: true });
  writeFileSync(
    join(untranslated, page),
    `---\nprev: false\nnext: false\n---\n\n# ${title}\n\n::: info 本页尚未翻译\n本页目前只有英文版：[${title}](${link})。已翻译的页面见左侧目录。\n:::\n`,
  );
  stubs++;
}

console.log(
  `docs/site/prepare.mjs: ${names.length} package guides in docs/packages/, ${stubs} untranslated zh pages in docs/zh-untranslated/`,
);
