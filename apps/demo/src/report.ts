import type { ClassSummary } from "./summary";
import { type WorkflowSummary, formatScore } from "./workflow";

/** The per-class table: count, area in m² (lon/lat result) and in px² (pixel result), and a total row. */
export function classTable(classes: readonly ClassSummary[]): string {
  const rows = [
    ["class", "count", "area (m²)", "area (px²)"],
    ...classes.map((c) => [c.className, String(c.count), c.areaM2.toFixed(2), c.areaPx2.toFixed(1)]),
    [
      "total",
      String(classes.reduce((n, c) => n + c.count, 0)),
      classes.reduce((n, c) => n + c.areaM2, 0).toFixed(2),
      classes.reduce((n, c) => n + c.areaPx2, 0).toFixed(1),
    ],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join("  ");
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [line(rows[0]!), rule, ...rows.slice(1, -1).map(line), rule, line(rows.at(-1)!)].join("\n");
}

/** Everything the demo prints after a successful run. */
export function report(summary: WorkflowSummary): string {
  const { files, checks } = summary;
  return [
    "",
    `Detections on the non-georeferenced image (training score ${formatScore(summary.score)}):`,
    "",
    classTable(summary.classes),
    "",
    `Listed ${checks.rastersListed} rasters over ${checks.rasterPages} pages and ${checks.detectorsListed} detectors over ` +
      `${checks.detectorPages} pages; ${checks.markers} marker(s); vector layer round trip: ` +
      `${checks.vectorLayerFeatures} features; raster download ${checks.rasterDownloadMatches ? "identical" : "DIFFERENT"}.`,
    "",
    "Outputs:",
    `  ${files.results}`,
    `  ${files.pixels}`,
    `  ${files.svg}`,
    `  ${files.picture}`,
  ].join("\n");
}
