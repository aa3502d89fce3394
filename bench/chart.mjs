// Draws the benchmark results as an SVG chart for docs/benchmarks.svg, in two parts:
//   - throughput: one group of horizontal bars per timed workload, each bar an implementation's
//     throughput relative to plain Node in the same run (higher is better), on a log scale;
//   - memory: one group per memory workload, each bar the heap bytes per blocked task (lower is
//     better), on a linear scale from zero.
// Every bar starts at the left edge, so plain Node's own bar (1×) is as visible as the others.
// The chart is drawn at the width of the docs' text column, so that its 11 px labels stay 11 px
// or more on the page (the site only ever scales it up). Plain SVG text with no dependencies,
// so that run.mjs can write it wherever Node runs.
import { compactFigure, formatRatio } from "./format-figure.mjs";
import { workloadOrder } from "./workload-details.mjs";

// Implementations whose figures do not depend on the Node version: taken from the newest run.
const pythonImplementations = ["CPython asyncio", "uvloop"];

// One colour per implementation (Okabe–Ito, readable by the colour-blind); older Node versions
// get a lighter tint of it.
const palette = { "asyncio-ts": "#0072b2", "plain Node": "#6e7781", "CPython asyncio": "#e69f00", uvloop: "#cc79a7" };
const fallbackColors = ["#009e73", "#d55e00", "#56b4e9", "#f0e442"];

const width = 600;
const margin = 12;
const fontSize = 11;
const captionSize = 12;
const barHeight = 11;
const rowStep = 14;
const groupHeaderHeight = 19;
const groupGap = 6;
// The widest scale drawn; a ratio beyond it is drawn to the edge and marked "off scale".
const largestScale = 64;
const muted = "#57606a";

/**
 * Renders benchmark runs as an SVG chart. Timed workloads: for each, one bar per implementation
 * and Node version showing its throughput relative to plain Node in the same run (plain Node =
 * 1×, log scale, higher is better), labelled with the ratio and the absolute figure. Memory
 * workloads: one bar per implementation and Node version showing heap bytes per blocked task
 * (linear scale from zero, lower is better).
 *
 * @param runs One array of result rows per Node version (as in bench/results/node-*.jsonl):
 *   `{ workload, description, implementation, unit, value, node, python, uvloop, cpu, cores,
 *   memoryGiB, date, rounds }`.
 * @returns The SVG document, as text.
 * @example
 * import { readFileSync, writeFileSync } from "node:fs";
 * import { renderChart } from "./chart.mjs";
 *
 * const rows = readFileSync("bench/results/node-24.jsonl", "utf8").trim().split("\n").map((line) => JSON.parse(line));
 * writeFileSync("docs/benchmarks.svg", renderChart([rows]));
 */
export function renderChart(runs) {
  const sortedRuns = runs
    .filter((rows) => rows.length > 0)
    .sort((left, right) => compareVersions(left[0].node, right[0].node));
  if (sortedRuns.length === 0) throw new Error("renderChart: no results to draw");
  const newest = sortedRuns.at(-1);
  const series = seriesOf(sortedRuns, newest);
  const workloads = workloadsOf(sortedRuns);
  const groupsOf = (memory) =>
    workloads
      .filter((workload) => isMemory(workload) === memory)
      .map((workload) => ({ workload, bars: series.map((entry) => barOf(entry, workload)) }));
  const timed = groupsOf(false);
  const memory = groupsOf(true);

  const nameRight = margin + Math.max(...series.map((entry) => textWidth(entry.label, fontSize)));
  const plotLeft = nameRight + 8;
  const labelRoom =
    Math.max(...[...timed, ...memory].flatMap((group) => group.bars.map((bar) => textWidth(bar.label, fontSize)))) + 8;
  const plotRight = width - margin - labelRoom;

  const content = [];
  let y = margin;
  const line = (text, size, attributes = "") => {
    y += size + 4;
    content.push(`<text x="${margin}" y="${y}" font-size="${size}"${attributes}>${escapeXml(text)}</text>`);
  };
  const paragraph = (text, attributes) => {
    for (const wrapped of wrap(text, width - 2 * margin, captionSize)) line(wrapped, captionSize, attributes);
  };
  line("asyncio-ts benchmarks", 15, ' font-weight="bold"');
  paragraph(machineLine(sortedRuns, newest), ` fill="${muted}"`);

  if (timed.length > 0) {
    y += 14;
    line("Throughput relative to plain Node in the same run: higher is better", 13, ' font-weight="bold"');
    paragraph(
      `Each bar is an implementation's operations per second ÷ plain Node's (plain Node = 1×, the dashed line); right of it is faster than plain Node, left of it slower. ` +
        `Log scale, each gridline doubles; beyond ${largestScale}× either way a bar stops at the edge. Labels: the ratio, then the median figure.` +
        (series.some((entry) => pythonImplementations.includes(entry.implementation)) && !oneRun(sortedRuns)
          ? ` Python's bars are from the Node ${majorOf(newest[0].node)} run.`
          : ""),
      ` fill="${muted}"`,
    );
    y = drawThroughput(content, timed, y + 8, { plotLeft, plotRight, nameRight });
  }
  if (memory.length > 0) {
    y += 14;
    line("Memory: heap bytes per blocked task, lower is better", 13, ' font-weight="bold"');
    paragraph(
      "Linear scale from zero: a shorter bar is less memory. Labels: bytes per task, the median.",
      ` fill="${muted}"`,
    );
    y = drawMemory(content, memory, y + 8, { plotLeft, plotRight, nameRight });
  }
  y += margin;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" fill="#24292f" role="img">`,
    `<title>${escapeXml("asyncio-ts benchmarks: throughput relative to plain Node, and memory per blocked task")}</title>`,
    `<rect width="${width}" height="${y}" fill="#ffffff"/>`,
    ...content,
    "</svg>",
    "",
  ].join("\n");
}

// The throughput groups from `top`; returns where they end.
function drawThroughput(content, groups, top, { plotLeft, plotRight, nameRight }) {
  const ratios = groups.flatMap((group) => group.bars.filter((bar) => bar.ratio !== undefined).map((bar) => bar.ratio));
  const lowestPower = Math.max(-Math.log2(largestScale), Math.min(-1, Math.floor(Math.log2(Math.min(...ratios)))));
  const highestPower = Math.min(Math.log2(largestScale), Math.max(1, Math.ceil(Math.log2(Math.max(...ratios)))));
  const xOf = (ratio) => {
    const power = Math.min(highestPower, Math.max(lowestPower, Math.log2(ratio)));
    return plotLeft + ((power - lowestPower) / (highestPower - lowestPower)) * (plotRight - plotLeft);
  };
  const one = xOf(1);
  let y = top + fontSize;
  content.push(
    `<text x="${round(one - 5)}" y="${y}" font-size="${fontSize}" text-anchor="end" fill="${muted}">${escapeXml("← slower")}</text>`,
    `<text x="${round(one + 5)}" y="${y}" font-size="${fontSize}" fill="${muted}">${escapeXml("faster than plain Node →")}</text>`,
  );
  y += fontSize + 4;
  const ticks = [];
  for (let power = lowestPower; power <= highestPower; power++)
    ticks.push({ x: xOf(2 ** power), label: scaleLabel(power) });
  // The 1× line goes over the bars.
  const oneLine = (plotTop, plotEnd) =>
    `<line x1="${round(one)}" y1="${plotTop}" x2="${round(one)}" y2="${plotEnd}" stroke="#24292f" stroke-width="1.5" stroke-dasharray="4 3"/>`;
  return drawScale(content, groups, y, {
    plotLeft,
    nameRight,
    ticks,
    barEnd: (bar) => xOf(bar.ratio),
    overBars: oneLine,
  });
}

// The memory groups from `top`, on a linear scale of bytes; returns where they end.
function drawMemory(content, groups, top, { plotLeft, plotRight, nameRight }) {
  const values = groups.flatMap((group) => group.bars.filter((bar) => bar.value !== undefined).map((bar) => bar.value));
  const step = niceStep(Math.max(...values) / 4);
  const highest = Math.ceil(Math.max(...values) / step) * step;
  const xOf = (bytes) => plotLeft + (Math.max(0, bytes) / highest) * (plotRight - plotLeft);
  const ticks = [];
  for (let bytes = 0; bytes <= highest; bytes += step)
    ticks.push({ x: xOf(bytes), label: bytes === 0 ? "0" : `${bytes} B` });
  return drawScale(content, groups, top + fontSize, { plotLeft, nameRight, ticks, barEnd: (bar) => xOf(bar.value) });
}

// One scale's groups from `top`: tick labels above and below, gridlines under the bars, an
// optional mark over them (`overBars`), the labels over everything; returns where they end.
function drawScale(content, groups, top, { plotLeft, nameRight, ticks, barEnd, overBars }) {
  const tickLabels = (labelY) => {
    for (const tick of ticks) {
      content.push(
        `<text x="${round(tick.x)}" y="${labelY}" font-size="${fontSize}" text-anchor="middle" fill="${muted}">${tick.label}</text>`,
      );
    }
  };
  let y = top;
  tickLabels(y);
  y += 5;
  const plotTop = y;
  const { end, rectangles, texts, backgrounds } = drawGroups(groups, y, { plotLeft, nameRight, barEnd });
  y = end;
  content.push(...backgrounds);
  for (const tick of ticks) {
    const x = round(tick.x);
    content.push(`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${y}" stroke="#d0d7de" stroke-width="1"/>`);
  }
  content.push(...rectangles);
  if (overBars !== undefined) content.push(overBars(plotTop, y));
  content.push(...texts);
  y += fontSize + 3;
  tickLabels(y);
  return y;
}

function drawGroups(groups, top, { plotLeft, nameRight, barEnd }) {
  const backgrounds = [];
  const rectangles = [];
  const texts = [];
  let y = top;
  groups.forEach((group, index) => {
    const groupHeight = groupHeaderHeight + group.bars.length * rowStep + groupGap;
    if (index % 2 === 0)
      backgrounds.push(`<rect x="0" y="${y}" width="${width}" height="${groupHeight}" fill="#f6f8fa"/>`);
    const title = `${group.workload.description} (${group.workload.unit})`;
    texts.push(
      `<text x="${margin}" y="${y + 14}" font-size="${captionSize}" font-weight="bold">${escapeXml(title)}</text>`,
    );
    let rowY = y + groupHeaderHeight;
    for (const bar of group.bars) {
      const middle = rowY + rowStep / 2;
      texts.push(
        `<text x="${round(nameRight)}" y="${round(middle + 4)}" font-size="${fontSize}" text-anchor="end">${escapeXml(bar.series.label)}</text>`,
      );
      if (bar.label === "not measured") {
        texts.push(
          `<text x="${round(plotLeft + 5)}" y="${round(middle + 4)}" font-size="${fontSize}" fill="${muted}">not measured</text>`,
        );
      } else {
        // At least 3 pixels, so that even the lowest figure drawn shows a bar.
        const barWidth = Math.max(3, barEnd(bar) - plotLeft);
        rectangles.push(
          `<rect x="${round(plotLeft)}" y="${round(middle - barHeight / 2)}" width="${round(barWidth)}" height="${barHeight}" fill="${bar.series.color}"><title>${escapeXml(`${bar.series.label}: ${bar.label}`)}</title></rect>`,
        );
        texts.push(
          // A white halo keeps the label legible where it crosses a gridline or the 1× line.
          `<text x="${round(plotLeft + barWidth + 4)}" y="${round(middle + 4)}" font-size="${fontSize}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(bar.label)}</text>`,
        );
      }
      rowY += rowStep;
    }
    y += groupHeight;
  });
  return { end: y, rectangles, texts, backgrounds };
}

// Node implementations once per Node version (oldest first), then the Python ones once.
function seriesOf(sortedRuns, newest) {
  const implementations = [];
  for (const rows of sortedRuns) {
    for (const row of rows) if (!implementations.includes(row.implementation)) implementations.push(row.implementation);
  }
  // plain Node first: it is the 1× every other bar is read against.
  const nodeImplementations = implementations
    .filter((name) => !pythonImplementations.includes(name))
    .sort((left, right) => (left === "plain Node" ? -1 : right === "plain Node" ? 1 : 0));
  const series = [];
  nodeImplementations.forEach((implementation, index) => {
    const base = palette[implementation] ?? fallbackColors[index % fallbackColors.length];
    sortedRuns.forEach((rows, runIndex) => {
      // Newest run in full colour, the oldest at 45% of it.
      const strength = sortedRuns.length === 1 ? 1 : 0.45 + (0.55 * runIndex) / (sortedRuns.length - 1);
      series.push({
        label: `${implementation}, Node ${majorOf(rows[0].node)}`,
        implementation,
        rows,
        color: tint(base, strength),
      });
    });
  });
  for (const implementation of pythonImplementations) {
    const row = newest.find((candidate) => candidate.implementation === implementation);
    if (row !== undefined)
      series.push({ label: pythonLabel(row), implementation, rows: newest, color: palette[implementation] });
  }
  return series;
}

/**
 * The name of a Python implementation with its versions, as the chart and the tables show it:
 * "CPython 3.13 asyncio", "uvloop 0.17, CPython 3.11".
 *
 * @param row A result row of the implementation "CPython asyncio" or "uvloop".
 * @returns The label.
 * @example
 * pythonLabel({ implementation: "uvloop", uvloop: "Python 3.11.2 + uvloop 0.17.0" }); // "uvloop 0.17, CPython 3.11"
 */
export function pythonLabel(row) {
  const python = (row.implementation === "uvloop" ? row.uvloop : row.python)?.match(/Python (\d+\.\d+)/)?.[1];
  if (row.implementation === "uvloop") {
    const uvloop = row.uvloop?.match(/uvloop (\d+\.\d+)/)?.[1];
    return `uvloop${uvloop ? ` ${uvloop}` : ""}${python ? `, CPython ${python}` : ""}`;
  }
  return python ? `CPython ${python} asyncio` : row.implementation;
}

function workloadsOf(sortedRuns) {
  const seen = new Map();
  for (const rows of [...sortedRuns].reverse()) {
    for (const row of rows)
      if (!seen.has(row.workload))
        seen.set(row.workload, { name: row.workload, description: row.description, unit: row.unit });
  }
  return [...seen.values()].sort(
    (left, right) =>
      workloadOrder(left.name) - workloadOrder(right.name) ||
      (left.name < right.name ? -1 : left.name > right.name ? 1 : 0),
  );
}

function isMemory(workload) {
  return workload.unit === "bytes/task";
}

function barOf(series, workload) {
  const row = series.rows.find(
    (candidate) => candidate.workload === workload.name && candidate.implementation === series.implementation,
  );
  if (row === undefined) return { series, label: "not measured" };
  if (isMemory(workload)) return { series, value: row.value, label: `${Math.round(row.value)} B` };
  const plain = series.rows.find(
    (candidate) => candidate.workload === workload.name && candidate.implementation === "plain Node",
  );
  if (plain === undefined) return { series, label: "not measured" };
  const ratio = row.value / plain.value;
  const offScale = ratio > largestScale || ratio < 1 / largestScale;
  return {
    series,
    ratio,
    label: `${formatRatio(ratio)}  ${compactFigure(row.value)}${offScale ? " (off scale)" : ""}`,
  };
}

function machineLine(sortedRuns, newest) {
  const distinct = (values) => [...new Set(values.filter((value) => value !== undefined))];
  const machines = distinct(sortedRuns.map(([row]) => `${row.cpu}, ${row.cores} cores, ${row.memoryGiB} GiB`));
  const nodes = sortedRuns.map(([row]) => row.node);
  const dates = distinct(sortedRuns.map(([row]) => row.date?.slice(0, 10)));
  const loads = distinct(sortedRuns.map(([row]) => row.load?.median));
  const [row] = newest;
  return [
    machines.join("; "),
    `Node ${nodes.join(" and ")}`,
    row.python ? `CPython asyncio on ${row.python}` : undefined,
    row.uvloop ? `uvloop on ${row.uvloop}` : undefined,
    `medians of ${distinct(sortedRuns.map(([first]) => first.rounds)).join("/")} rounds`,
    loads.length > 0 ? `load average ${loads.join(" / ")} (shared machine)` : undefined,
    dates.join(", "),
  ]
    .filter((part) => part !== undefined)
    .join(" · ");
}

// Whether every Node version was measured in the same run (run.mjs with several Nodes).
function oneRun(sortedRuns) {
  const [first] = sortedRuns[0];
  return sortedRuns.every(
    ([row]) => row.date === first.date && sortedRuns.every(([other]) => row.nodes?.includes(other.node)),
  );
}

function niceStep(rough) {
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

function scaleLabel(power) {
  return power < 0 ? `1/${2 ** -power}×` : `${2 ** power}×`;
}

function majorOf(version) {
  return Number(String(version).replace(/^v/, "").split(".")[0]);
}

function compareVersions(left, right) {
  const leftParts = String(left).replace(/^v/, "").split(".").map(Number);
  const rightParts = String(right).replace(/^v/, "").split(".").map(Number);
  for (let index = 0; index < Math.max(leftParts.length, rightParts.length); index++) {
    const difference = (leftParts[index] ?? 0) - (rightParts[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

// Mixes a colour with white: strength 1 is the colour, 0 is white.
function tint(hex, strength) {
  const channels = [1, 3, 5].map((offset) => Number.parseInt(hex.slice(offset, offset + 2), 16));
  return `#${channels
    .map((channel) =>
      Math.round(255 - (255 - channel) * strength)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

// SVG text is not measured until a viewer lays it out; this estimate is a little generous for
// common sans-serif fonts, so that labels get enough room.
function textWidth(text, size) {
  return text.length * size * 0.6;
}

function wrap(text, maxWidth, size) {
  const lines = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (textWidth(candidate, size) > maxWidth && current !== "") {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current !== "") lines.push(current);
  return lines;
}

function round(value) {
  return Math.round(value * 10) / 10;
}

function escapeXml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character],
  );
}
