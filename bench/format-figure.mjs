// How a result's figure reads, in the table of benchmarks.md and on its chart alike.
export function formatFigure(row) {
  if (row.unit === "bytes/task") return `${Math.round(row.value)} ${row.unit}`;
  const value = row.value;
  const number =
    value >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)}k` : value.toFixed(0);
  return `${number} ${row.unit}`;
}
