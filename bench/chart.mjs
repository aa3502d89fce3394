// Draws the benchmark results as an SVG chart for docs/benchmarks.svg: one group of horizontal
// bars per workload, each bar an implementation's throughput relative to plain Node (higher is
// better), on a log scale. Every bar starts at the left edge, so plain Node's own bar (1×) is as
// visible as the others; the 1× line is drawn across. The chart is drawn at the width of the
// site's text column (the docs page shows it at its natural size, scrolling on a phone).
// Plain SVG text with no dependencies, so that run.mjs can write it wherever Node runs.
import { formatFigure } from "./format-figure.mjs";

// Implementations whose figures do not depend on the Node version: taken from the newest run.
const pythonImplementations = ["CPython asyncio", "uvloop"];

// One colour per implementation (Okabe–Ito, readable by the colour-blind); older Node versions
// get a lighter tint of it.
const palette = { "asyncio-ts": "#0072b2", "plain Node": "#6e7781", "CPython asyncio": "#e69f00", uvloop: "#cc79a7" };
const fallbackColors = ["#009e73", "#d55e00", "#56b4e9", "#f0e442"];

const width = 840;
const margin = 16;
const fontSize = 11;
const barHeight = 12;
const rowStep = 16;
const groupHeaderHeight = 22;
const groupGap = 10;
// The widest scale drawn; a ratio beyond it is drawn to the edge and marked "off scale".
const largestScale = 64;

/**
 * Renders benchmark runs as an SVG chart: for each workload, one bar per implementation and
 * Node version, showing its throughput relative to plain Node in the same run (plain Node = 1×,
 * log scale), labelled with the absolute figure. For a lower-is-better unit (bytes/task) the
 * bar is plain Node's figure divided by the implementation's, so longer is still better.
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

  const groups = workloads.map((workload) => ({
    workload,
    bars: series.map((entry) => barOf(entry, workload)),
  }));
  const ratios = groups.flatMap((group) => group.bars.filter((bar) => bar.ratio !== undefined).map((bar) => bar.ratio));
  const lowestPower = Math.max(-Math.log2(largestScale), Math.min(-1, Math.floor(Math.log2(Math.min(...ratios)))));
  const highestPower = Math.min(Math.log2(largestScale), Math.max(1, Math.ceil(Math.log2(Math.max(...ratios)))));

  const nameRight = margin + Math.max(...series.map((entry) => textWidth(entry.label, fontSize))) + 8;
  const plotLeft = nameRight + 12;
  const labelRoom =
    Math.max(...groups.flatMap((group) => group.bars.map((bar) => textWidth(bar.label, fontSize)))) + 12;
  const plotRight = width - margin - labelRoom;
  const xOf = (ratio) => {
    const power = Math.min(highestPower, Math.max(lowestPower, Math.log2(ratio)));
    return plotLeft + ((power - lowestPower) / (highestPower - lowestPower)) * (plotRight - plotLeft);
  };

  const content = [];
  let y = margin;
  const line = (text, size, attributes = "") => {
    y += size + 6;
    content.push(`<text x="${margin}" y="${y}" font-size="${size}"${attributes}>${text}</text>`);
  };
  line(escapeXml("asyncio-ts benchmarks: throughput relative to plain Node"), 16, ' font-weight="bold"');
  for (const wrapped of wrap(machineLine(sortedRuns, newest), width - 2 * margin, 12)) line(escapeXml(wrapped), 12);
  const captions = [
    `Throughput relative to plain Node, higher is better: each bar is an implementation's figure divided by plain Node's in the same run (plain Node = 1×, the dark line); a bar ending right of it is faster than plain Node, left of it slower. ` +
      `Log scale: each gridline doubles; ratios beyond ${largestScale}× either way are drawn to the edge.` +
      (series.some((entry) => pythonImplementations.includes(entry.implementation))
        ? ` Python implementations do not depend on the Node version: their bars come from the Node ${majorOf(newest[0].node)} run.`
        : ""),
    "Memory (bytes per task, lower is better) is plotted as plain Node's bytes ÷ the implementation's bytes, so that right is still better. Labels: the absolute median, then the ratio.",
  ];
  for (const caption of captions)
    for (const wrapped of wrap(caption, width - 2 * margin, 12)) line(escapeXml(wrapped), 12, ' fill="#57606a"');

  y += 10;
  let legendX = margin;
  for (const entry of series) {
    const itemWidth = 18 + textWidth(entry.label, 12) + 18;
    if (legendX + itemWidth > width - margin) {
      legendX = margin;
      y += 20;
    }
    content.push(`<rect x="${legendX}" y="${y}" width="12" height="12" fill="${entry.color}"/>`);
    content.push(`<text x="${legendX + 18}" y="${y + 10.5}" font-size="12">${escapeXml(entry.label)}</text>`);
    legendX += itemWidth;
  }
  y += 12 + 22;

  const one = xOf(1);
  content.push(
    `<text x="${round(one - 6)}" y="${y}" font-size="${fontSize}" text-anchor="end" fill="#57606a">${escapeXml("← slower than plain Node")}</text>`,
  );
  content.push(
    `<text x="${round(one + 6)}" y="${y}" font-size="${fontSize}" fill="#57606a">${escapeXml("faster than plain Node →")}</text>`,
  );
  y += 16;
  const axisTop = y;
  const tickLabels = (labelY) => {
    for (let power = lowestPower; power <= highestPower; power++) {
      content.push(
        `<text x="${round(xOf(2 ** power))}" y="${labelY}" font-size="${fontSize}" text-anchor="middle" fill="#57606a">${scaleLabel(power)}</text>`,
      );
    }
  };
  tickLabels(axisTop);
  y += 6;

  const plotTop = y;
  // Rectangles, then the 1× line over them, then the labels over both.
  const rectangles = [];
  const bars = [];
  groups.forEach((group, index) => {
    const groupHeight = groupHeaderHeight + group.bars.length * rowStep + groupGap;
    if (index % 2 === 0) content.push(`<rect x="0" y="${y}" width="${width}" height="${groupHeight}" fill="#f6f8fa"/>`);
    const lowerIsBetter = group.workload.unit === "bytes/task";
    const title =
      group.workload.description +
      (lowerIsBetter ? " — plain Node's bytes ÷ bytes, higher is less memory" : ` (${group.workload.unit})`);
    bars.push(`<text x="${margin}" y="${y + 15}" font-size="12" font-weight="bold">${escapeXml(title)}</text>`);
    let rowY = y + groupHeaderHeight;
    for (const bar of group.bars) {
      const middle = rowY + rowStep / 2;
      bars.push(
        `<text x="${round(nameRight)}" y="${round(middle + 4)}" font-size="${fontSize}" text-anchor="end">${escapeXml(bar.series.label)}</text>`,
      );
      if (bar.ratio === undefined) {
        bars.push(
          `<text x="${round(one + 5)}" y="${round(middle + 4)}" font-size="${fontSize}" fill="#57606a">not measured</text>`,
        );
      } else {
        const end = xOf(bar.ratio);
        // From the left edge, at least 3 pixels even at the lowest ratio drawn.
        const barWidth = Math.max(3, end - plotLeft);
        rectangles.push(
          `<rect x="${round(plotLeft)}" y="${round(middle - barHeight / 2)}" width="${round(barWidth)}" height="${barHeight}" fill="${bar.series.color}"><title>${escapeXml(`${bar.series.label}: ${bar.label}`)}</title></rect>`,
        );
        // dx rather than a space: viewers drop white space at the start of a <tspan>.
        bars.push(
          `<text x="${round(plotLeft + barWidth + 5)}" y="${round(middle + 4)}" font-size="${fontSize}">${escapeXml(bar.figure)}<tspan dx="4" fill="#57606a">${escapeXml(bar.suffix)}</tspan></text>`,
        );
      }
      rowY += rowStep;
    }
    y += groupHeight;
  });
  const plotBottom = y;

  // Gridlines go under the bars, so they are drawn first.
  for (let power = lowestPower; power <= highestPower; power++) {
    const x = round(xOf(2 ** power));
    const stroke = power === 0 ? 'stroke="#57606a" stroke-width="1.5"' : 'stroke="#d0d7de" stroke-width="1"';
    content.push(`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotBottom}" ${stroke}/>`);
  }
  content.push(...rectangles);
  content.push(
    `<line x1="${round(one)}" y1="${plotTop}" x2="${round(one)}" y2="${plotBottom}" stroke="#24292f" stroke-width="1.5" stroke-dasharray="4 3"/>`,
  );
  content.push(...bars);
  y += 16;
  tickLabels(y);
  y += margin;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" fill="#24292f" role="img">`,
    `<title>${escapeXml("asyncio-ts benchmarks: throughput relative to plain Node")}</title>`,
    `<rect width="${width}" height="${y}" fill="#ffffff"/>`,
    ...content,
    "</svg>",
    "",
  ].join("\n");
}

// Node implementations once per Node version (oldest first), then the Python ones once.
function seriesOf(sortedRuns, newest) {
  const implementations = [];
  for (const rows of sortedRuns) {
    for (const row of rows) if (!implementations.includes(row.implementation)) implementations.push(row.implementation);
  }
  const nodeImplementations = implementations.filter((name) => !pythonImplementations.includes(name));
  const series = [];
  nodeImplementations.forEach((implementation, index) => {
    const base = palette[implementation] ?? fallbackColors[index % fallbackColors.length];
    sortedRuns.forEach((rows, runIndex) => {
      // Newest run in full colour, the oldest at 45% of it.
      const strength = sortedRuns.length === 1 ? 1 : 0.45 + (0.55 * runIndex) / (sortedRuns.length - 1);
      series.push({
        label: `${implementation} (Node ${majorOf(rows[0].node)})`,
        implementation,
        rows,
        color: tint(base, strength),
      });
    });
  });
  for (const implementation of pythonImplementations) {
    const row = newest.find((candidate) => candidate.implementation === implementation);
    if (row !== undefined) {
      // The Python version in the label: "CPython 3.13 asyncio", "uvloop 0.17 (CPython 3.11)".
      const python = (implementation === "uvloop" ? row.uvloop : row.python)?.match(/Python (\d+\.\d+)/)?.[1];
      const uvloop = row.uvloop?.match(/uvloop (\d+\.\d+)/)?.[1];
      const label =
        implementation === "uvloop"
          ? `uvloop${uvloop ? ` ${uvloop}` : ""}${python ? ` (CPython ${python})` : ""}`
          : python
            ? `CPython ${python} asyncio`
            : implementation;
      series.push({ label, implementation, rows: newest, color: palette[implementation] });
    }
  }
  return series;
}

function workloadsOf(sortedRuns) {
  const seen = new Map();
  for (const rows of [...sortedRuns].reverse()) {
    for (const row of rows)
      if (!seen.has(row.workload))
        seen.set(row.workload, { name: row.workload, description: row.description, unit: row.unit });
  }
  return [...seen.values()].sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

function barOf(series, workload) {
  const row = series.rows.find(
    (candidate) => candidate.workload === workload.name && candidate.implementation === series.implementation,
  );
  const plain = series.rows.find(
    (candidate) => candidate.workload === workload.name && candidate.implementation === "plain Node",
  );
  if (row === undefined || plain === undefined) return { series, ratio: undefined, label: "not measured" };
  const ratio = row.unit === "bytes/task" ? plain.value / row.value : row.value / plain.value;
  const figure = formatFigure(row);
  const offScale = ratio > largestScale || ratio < 1 / largestScale;
  const suffix = `· ${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×${offScale ? " (off scale)" : ""}`;
  return { series, ratio, figure, suffix, label: `${figure} ${suffix}` };
}

function machineLine(sortedRuns, newest) {
  const distinct = (values) => [...new Set(values.filter((value) => value !== undefined))];
  const machines = distinct(sortedRuns.map(([row]) => `${row.cpu}, ${row.cores} cores, ${row.memoryGiB} GiB`));
  const nodes = sortedRuns.map(([row]) => row.node);
  const dates = distinct(sortedRuns.map(([row]) => row.date?.slice(0, 10)));
  const [row] = newest;
  return [
    machines.join("; "),
    `Node ${nodes.join(" and ")}`,
    row.python ? `CPython asyncio on ${row.python}` : undefined,
    row.uvloop ? `uvloop on ${row.uvloop}` : undefined,
    `median of ${distinct(sortedRuns.map(([first]) => first.rounds)).join("/")} rounds`,
    dates.join(", "),
  ]
    .filter((part) => part !== undefined)
    .join(" · ");
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
