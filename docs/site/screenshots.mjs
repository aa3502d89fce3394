// Looks at the built site in a real browser: serves .vitepress/dist with `vitepress preview` on
// 127.0.0.1, and for every page below, at 1280 px and at 390 px (a phone):
//   - takes a screenshot with headless Chromium into .vitepress/screenshots/, to look at;
//   - measures, in the same browser, whether a table is wider than the text column (so that a
//     column would be clipped or scrolled out of sight) or the page scrolls sideways; any such
//     table is a problem and the script exits 1.
// Without Chromium (CI machines start without it) it says so and exits 0 having checked
// nothing; set ASYNCIO_TS_REQUIRE_CHROMIUM=1 to make that a failure.
//
//   node site/screenshots.mjs [--only=porting-guide,benchmarks]   (from docs/, after `site`)
//
// Chromium: Debian's `chromium` package (`apt-get install -y chromium`), or CHROMIUM=/path.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const docs = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(docs, ".vitepress", "dist");
const out = join(docs, ".vitepress", "screenshots");
const widths = [1280, 390];

// Every page with a table or a wide figure, and the home page. A `#fragment` scrolls the
// screenshot to that section (the measurement covers the whole page either way).
export const pages = [
  "/",
  "/getting-started",
  "/api-index",
  "/porting-guide#running-and-tasks",
  "/porting-guide#the-event-loop",
  "/threads",
  "/introspection",
  "/benchmarks",
  "/benchmark-notes",
  "/zh/",
  "/zh/api-index",
  "/zh/porting-guide",
  "/api/index.html",
  "/api/classes/_asyncio-ts_core.Task.html",
];

const checkPage = "__layout-check.html";
// Loads a page in an iframe of the given width, waits for the theme to lay it out, and writes
// what is wider than it should be into <pre id="result">, for `chromium --dump-dom` to print.
const checkHtml = `<!doctype html><html><body><pre id="result">pending</pre><script>
const query = new URLSearchParams(location.search);
const width = Number(query.get("width"));
const frame = document.createElement("iframe");
const height = Number(query.get("height") ?? 900);
document.body.style.margin = "0";
frame.style.cssText = "display:block;width:" + width + "px;height:" + height + "px;border:0";
frame.src = query.get("page");
if (query.has("shot")) document.getElementById("result").style.display = "none";
frame.onload = () => setTimeout(() => {
  const doc = frame.contentDocument;
  const found = [];
  const pageWidth = doc.documentElement.scrollWidth;
  if (pageWidth > width + 1) found.push("the page scrolls sideways: " + pageWidth + " px wide in a " + width + " px window");
  doc.querySelectorAll(".vp-doc table").forEach((table, index) => {
    const container = table.parentElement.getBoundingClientRect();
    const box = table.getBoundingClientRect();
    const hidden = table.scrollWidth - table.clientWidth;
    if (hidden > 1 || box.right > container.right + 1) {
      const header = [...table.querySelectorAll("th")].map((th) => th.textContent.trim()).join(" | ");
      found.push("table " + (index + 1) + " (" + header + "): " + Math.round(Math.max(hidden, box.right - container.right)) + " px wider than the text column");
    }
  });
  document.getElementById("result").textContent = JSON.stringify({ tables: doc.querySelectorAll(".vp-doc table").length, found });
}, 1500);
document.body.append(frame);
</script></body></html>`;

function findChromium() {
  for (const candidate of [process.env.CHROMIUM, "chromium", "chromium-browser", "google-chrome"]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url, child) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`vitepress preview exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 200));
  }
  throw new Error(`vitepress preview did not answer at ${url}`);
}

function chromium(binary, profile, args) {
  return spawnSync(
    binary,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
}

function fileName(page, width) {
  const name = page.replace(/^\//, "").replace(/[/#]/g, "-").replace(/-$/, "") || "home";
  return join(out, `${name}-${width}.png`);
}

/**
 * Screenshots and measures the pages; returns the problems found (empty when all is well), or
 * undefined when Chromium is not installed.
 */
export async function checkLayout({ only, log = console.log } = {}) {
  const binary = findChromium();
  if (binary === undefined) return undefined;
  if (!existsSync(join(dist, "index.html"))) return ["the site is not built: run `pnpm --filter asyncio-ts-docs site`"];
  mkdirSync(out, { recursive: true });
  writeFileSync(join(dist, checkPage), checkHtml);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const preview = spawn(
    process.execPath,
    [
      join(docs, "node_modules", "vitepress", "bin", "vitepress.js"),
      "preview",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    { cwd: docs, stdio: "ignore" },
  );
  const profile = mkdtempSync(join(tmpdir(), "asyncio-ts-chromium-"));
  const problems = [];
  try {
    await waitForServer(`${base}/`, preview);
    for (const page of pages) {
      if (only && !only.some((name) => page.replace(/#.*/, "") === (name.startsWith("/") ? name : `/${name}`)))
        continue;
      for (const width of widths) {
        const file = fileName(page, width);
        const shot = chromium(binary, profile, [
          "--virtual-time-budget=5000",
          `--window-size=${width},2000`,
          `--screenshot=${file}`,
          // Through the check page: an iframe of exactly this width (a headless window may not
          // be narrower than ~500 px), scrolled to the page's fragment.
          `${base}/${checkPage}?shot=1&width=${width}&height=2000&page=${encodeURIComponent(page)}`,
        ]);
        if (shot.status !== 0 || !existsSync(file))
          problems.push(`${page} at ${width} px: no screenshot (${shot.stderr.trim().split("\n").at(-1)})`);
        const measured = chromium(binary, profile, [
          "--virtual-time-budget=15000",
          "--dump-dom",
          `${base}/${checkPage}?width=${width}&page=${encodeURIComponent(page.replace(/#.*/, ""))}`,
        ]);
        const match = measured.stdout.match(/<pre id="result">([^<]*)<\/pre>/);
        let result;
        try {
          result = JSON.parse(
            match?.[1]
              .replace(/&quot;/g, '"')
              .replace(/&amp;/g, "&")
              .replace(/&gt;/g, ">")
              .replace(/&lt;/g, "<") ?? "",
          );
        } catch {
          problems.push(`${page} at ${width} px: the layout could not be measured`);
          continue;
        }
        for (const found of result.found) problems.push(`${page} at ${width} px: ${found}`);
        log(
          `site layout: ${page} at ${width} px: ${result.tables} table(s), ${result.found.length === 0 ? "all fit" : `${result.found.length} problem(s)`}; ${file.slice(docs.length + 1)}`,
        );
      }
    }
  } finally {
    preview.kill();
    rmSync(join(dist, checkPage), { force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const onlyArgument = process.argv.find((argument) => argument.startsWith("--only="));
  const only = onlyArgument?.slice("--only=".length).split(",");
  const problems = await checkLayout({ only });
  if (problems === undefined) {
    const message = "site layout: skipped: Chromium is not installed (on Debian: apt-get install -y chromium)";
    console.log(message);
    process.exit(process.env.ASYNCIO_TS_REQUIRE_CHROMIUM === "1" ? 1 : 0);
  }
  for (const problem of problems) console.error(`site layout: ${problem}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
