// How figures read, in the tables of benchmarks.md and on its chart alike.

/** A result's median with its unit: "261.3k tasks/s", "1076 bytes/task". */
export function formatFigure(row) {
  if (row.unit === "bytes/task") return `${Math.round(row.value)} ${row.unit}`;
  return `${compactFigure(row.value)} ${row.unit}`;
}

/** A throughput without its unit: "261.3k", "1.14M", "882". */
export function compactFigure(value) {
  return value >= 1e6
    ? `${(value / 1e6).toFixed(2)}M`
    : value >= 1e3
      ? `${(value / 1e3).toFixed(1)}k`
      : value.toFixed(0);
}

/** A ratio to plain Node: "0.63×", "13.5×". */
export function formatRatio(ratio) {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}
