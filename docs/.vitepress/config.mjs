// The documentation site: `pnpm --filter asyncio-ts-docs site` (built in CI by
// scripts/check-docs.mjs). The package guides are the packages' READMEs, copied into
// packages/ by site/prepare.mjs; the API reference is TypeDoc's HTML in public/api/. The theme
// (theme/) adds the site's styles; site/screenshots.mjs checks the layout in a browser.
import { defineConfig } from "vitepress";
import { home } from "./home.mjs";

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
        // The API reference is TypeDoc's HTML, not a page of this site: load it as a document.
        else if (href.startsWith("/api/")) token.attrSet("target", "_self");
        // A zh page (docs/zh/) names the same files one folder up.
        else if (/^(?:\.\.\/)?examples\/.*\/$/.test(href)) token.attrSet("href", "#");
        else if (/^(?:\.\.\/)?examples\/.+\.(?:ts|mjs|js|py|out)$/.test(href)) {
          token.attrSet("href", `/${href.replace(/^\.\.\//, "")}`);
          token.attrSet("target", "_self");
        }
      }
    }
  });
}

// Every table's data cells carry their column's name (data-label), and the table its number of
// columns as a class: on a phone, theme/custom.css turns a table of three or more columns into
// one card per row, each cell under its column's name.
function labelTableCells(md) {
  md.core.ruler.push("asyncio-ts-table-labels", (state) => {
    const tokens = state.tokens;
    for (let index = 0; index < tokens.length; index++) {
      if (tokens[index].type !== "table_open") continue;
      const table = tokens[index];
      const labels = [];
      let column = 0;
      for (let inner = index + 1; inner < tokens.length && tokens[inner].type !== "table_close"; inner++) {
        const token = tokens[inner];
        if (token.type === "th_open") labels.push(plainText(tokens[inner + 1]));
        else if (token.type === "tr_open") column = 0;
        else if (token.type === "td_open") {
          const label = labels[column++];
          if (label) token.attrSet("data-label", label);
        }
      }
      table.attrJoin("class", `columns-${labels.length}`);
      if (labels.length >= 3) table.attrJoin("class", "stacked");
    }
  });
  // VitePress renders <table tabindex="0"> without the token's attributes: keep both.
  md.renderer.rules.table_open = (tokens, index, options, _env, renderer) => {
    tokens[index].attrSet("tabindex", "0");
    return renderer.renderToken(tokens, index, options);
  };
}

function plainText(inline) {
  return (inline?.children ?? [])
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("");
}

// Pages with wide tables (or the benchmark chart): a wider text column, without the outline beside it.
const widePages = new Set([
  "porting-guide.md",
  "api-index.md",
  "benchmarks.md",
  "benchmark-notes.md",
  "introspection.md",
]);

// The guides in the sidebar: the English pages, or the Chinese ones where a translation exists
// (the others link to the English page, marked as such).
const translated = new Set([
  "getting-started",
  "api-index",
  "threads",
  "introspection",
  "cancellation",
  "porting-guide",
  "testing",
]);
function sidebarOf(locale) {
  const zh = locale === "zh";
  const guide = (page, english, chinese) =>
    zh
      ? {
          text: translated.has(page) ? chinese : `${chinese}（英文）`,
          link: translated.has(page) ? `/zh/${page}` : `/${page}`,
        }
      : { text: english, link: `/${page}` };
  return [
    {
      text: zh ? "指南" : "Guides",
      items: [
        guide("getting-started", "Getting started", "入门"),
        guide("api-index", "High-level API index", "高层级 API 索引"),
        guide("porting-guide", "Porting guide", "移植指南"),
        guide("cancellation", "Cancellation", "取消"),
        guide("threads", "Threads", "线程"),
        guide("testing", "Testing with virtual time", "用虚拟时间测试"),
        guide("introspection", "Introspection", "内省"),
        guide("architecture", "Architecture", "架构"),
        guide("benchmarks", "Benchmarks", "基准测试"),
        guide("releasing", "Releasing", "发布"),
      ],
    },
    {
      text: zh ? "包（英文）" : "Packages",
      items: packages.map((name) => ({
        text: name === "asyncio-ts" ? (zh ? "asyncio-ts（总括包）" : "asyncio-ts (umbrella)") : `@asyncio-ts/${name}`,
        link: `/packages/${name}`,
      })),
    },
    { text: zh ? "API 参考（英文，TypeDoc）" : "API reference (TypeDoc)", link: "/api/index.html", target: "_self" },
  ];
}

export default defineConfig({
  title: "asyncio-ts",
  description: "Python's asyncio for TypeScript on Node.js",
  srcExclude: ["examples/**", "node_modules/**", "site/**", "README.md"],
  cleanUrls: true,
  // site/prepare.mjs's stand-ins for the pages not translated yet, at their zh address.
  rewrites: { "zh-untranslated/:page*": "zh/:page*" },
  markdown: {
    config(md) {
      rewriteLinks(md);
      labelTableCells(md);
    },
  },
  transformPageData(pageData) {
    const locale = pageData.relativePath.startsWith("zh/") ? "zh" : "en";
    const page = pageData.relativePath.replace(/^zh\//, "");
    if (page === "index.md") Object.assign(pageData.frontmatter, { layout: "home", ...home[locale] });
    // page-<name> lets theme/custom.css size one page's columns.
    const classes = [pageData.frontmatter.pageClass, `page-${page.replace(/\.md$/, "").replace(/\W+/g, "-")}`];
    if (widePages.has(page)) classes.push("wide-page");
    pageData.frontmatter.pageClass = classes.filter(Boolean).join(" ");
    if (widePages.has(page)) {
      pageData.frontmatter.aside ??= false;
    }
  },
  themeConfig: {
    nav: [
      { text: "Getting started", link: "/getting-started" },
      { text: "API index", link: "/api-index" },
      { text: "Porting guide", link: "/porting-guide" },
      { text: "API reference", link: "/api/index.html", target: "_self" },
    ],
    sidebar: sidebarOf("en"),
    search: { provider: "local" },
  },
  locales: {
    root: { label: "English", lang: "en" },
    zh: {
      label: "简体中文",
      lang: "zh-CN",
      link: "/zh/",
      title: "asyncio-ts",
      description: "面向 Node.js 上 TypeScript 的 Python asyncio",
      themeConfig: {
        nav: [
          { text: "入门", link: "/zh/getting-started" },
          { text: "高层级 API 索引", link: "/zh/api-index" },
          { text: "移植指南", link: "/zh/porting-guide" },
          { text: "API 参考（英文）", link: "/api/index.html", target: "_self" },
        ],
        sidebar: sidebarOf("zh"),
        outline: { label: "本页内容" },
        docFooter: { prev: "上一页", next: "下一页" },
        returnToTopLabel: "回到顶部",
        sidebarMenuLabel: "菜单",
        darkModeSwitchLabel: "外观",
        langMenuLabel: "切换语言",
      },
    },
  },
});
