// The documentation site: `pnpm --filter asyncio-ts-docs site` (built in CI by
// scripts/check-docs.mjs). The package guides are the packages' READMEs, copied into
// packages/ by site/prepare.mjs; the API reference is TypeDoc's HTML in public/api/.
import { defineConfig } from "vitepress";

const packages = ["core", "tasks-utils", "queues", "sync", "streams", "subprocess", "exceptions", "asyncio-ts"];

// Links that work on GitHub are rewritten for the site: a package's README becomes its guide
// page; an example file is served as it is (site/prepare.mjs copies examples/ into public/);
// a folder of examples points at the page section that shows them.
function rewriteLinks(md) {
  md.core.ruler.after("inline", "asyncio-ts-links", (state) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== "link_open") continue;
        const href = token.attrGet("href") ?? "";
        const readme = href.match(/^(?:\.\.\/)+packages\/([a-z-]+)\/README\.md(#.*)?$/);
        if (readme) token.attrSet("href", `/packages/${readme[1]}${readme[2] ?? ""}`);
        else if (/^examples\/.*\/$/.test(href)) token.attrSet("href", "#");
        else if (/^examples\/.+\.(?:ts|mjs|js|py|out)$/.test(href)) {
          token.attrSet("href", `/${href}`);
          token.attrSet("target", "_self");
        }
      }
    }
  });
}

export default defineConfig({
  title: "asyncio-ts",
  description: "Python's asyncio for TypeScript on Node.js",
  srcExclude: ["examples/**", "node_modules/**", "site/**", "README.md"],
  cleanUrls: true,
  markdown: { config: rewriteLinks },
  themeConfig: {
    nav: [
      { text: "Getting started", link: "/getting-started" },
      { text: "Porting guide", link: "/porting-guide" },
      { text: "API reference", link: "/api/index.html", target: "_self" },
    ],
    sidebar: [
      {
        text: "Guides",
        items: [
          { text: "Getting started", link: "/getting-started" },
          { text: "Porting guide", link: "/porting-guide" },
          { text: "Cancellation", link: "/cancellation" },
          { text: "Threads", link: "/threads" },
          { text: "Testing with virtual time", link: "/testing" },
          { text: "Introspection", link: "/introspection" },
          { text: "Architecture", link: "/architecture" },
          { text: "Benchmarks", link: "/benchmarks" },
        ],
      },
      {
        text: "Packages",
        items: packages.map((name) => ({
          text: name === "asyncio-ts" ? "asyncio-ts (umbrella)" : `@asyncio-ts/${name}`,
          link: `/packages/${name}`,
        })),
      },
      { text: "API reference (TypeDoc)", link: "/api/index.html", target: "_self" },
    ],
    search: { provider: "local" },
  },
});
