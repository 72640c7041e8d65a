import type { EudrPlot } from "./eudr";
import { formatScore } from "./forge";
import { LV95 } from "./projected";
import type { ClassSummary } from "./summary";
import type { WorkflowSummary } from "./workflow";

/** Rows as aligned columns: the first left-aligned, the others right-aligned unless `left` names them. */
function table(rows: string[][], rulesBefore: number[], left: number[] = [0]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => (left.includes(col) ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return rows.flatMap((row, i) => (rulesBefore.includes(i) ? [rule, line(row)] : [line(row)])).join("\n");
}

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
  return table(rows, [1, rows.length - 1]);
}

/** The EUDR table: each plot's area (hectares, from the report) and outcome. */
export function eudrTable(plots: readonly EudrPlot[]): string {
  const outcome = (p: EudrPlot) =>
    p.outcome === "deforestation_detected"
      ? `deforestation detected (forest lost ${p.forestLossDate ?? "on an unknown day"})`
      : p.outcome === "no_deforestation"
        ? "no deforestation"
        : `not analysed${p.leftOut ? ` (${p.leftOut.replace(/_/g, " ")})` : ""}`;
  const rows = [
    ["plot", "area (ha)", "outcome"],
    ...plots.map((p) => [p.plotId, p.areaHa === null ? "—" : p.areaHa.toFixed(2), outcome(p)]),
  ];
  return table(rows, [1], [0, 2]);
}

/** Everything the demo prints after a successful run. */
export function report(summary: WorkflowSummary): string {
  const { files, checks, projected, eudr, user, detectorClasses } = summary;
  return [
    "",
    `Detections on the non-georeferenced image (training score ${formatScore(summary.score)}; ` +
      `${summary.resultVectorLayers} classes, each read from its vector layer):`,
    "",
    classTable(summary.classes),
    "",
    `On the GeoTIFF in ${LV95.name} (EPSG:${LV95.code}): ${projected.matched} of ${projected.objects} drawn objects ` +
      `found, ${projected.detections} detections, worst vertex ${projected.worstPx.toFixed(3)} px off; ` +
      `as a GIS layer: ${summary.gis.layer.count} objects in ${summary.gis.layer.crs}, drawn over the raster's footprint.`,
    `The key belongs to user ${user.userId} of "${user.organizationName}"; the folder's grants read back: ` +
      `${summary.grants.readBack.map((g) => `${g.grantee.type} ${g.grantee.id} ${g.role}`).join(", ")}. ` +
      `Detector classes: ${detectorClasses.classes.map((c) => c.name).join(", ")}.`,
    `Listed ${checks.rastersListed} rasters over ${checks.rasterPages} pages and ${checks.detectorsListed} detectors over ` +
      `${checks.detectorPages} pages; ${checks.markers} marker(s); vector layer round trip: ` +
      `${checks.vectorLayerFeatures} features; raster download ${checks.rasterDownloadMatches ? "identical" : "DIFFERENT"}.`,
    "",
    `EUDR on Tracer ("${eudr.methodology.name}", ${eudr.period.from} to ${eudr.period.to}), from the report's TRACES NT GeoJSON:`,
    "",
    eudrTable(eudr.plots),
    "",
    "Outputs:",
    ...[
      files.results,
      files.pixels,
      files.svg,
      files.picture,
      projected.file,
      summary.gis.layer.file,
      summary.gis.preview,
      eudr.files.pdf,
      eudr.files.traces,
      eudr.files.exportGeojson,
      eudr.files.exportXlsx,
      eudr.files.svg,
      eudr.files.picture,
    ].map((path) => `  ${path}`),
  ].join("\n");
}
