import { readFile, stat } from "node:fs/promises";
import { DEFORESTATION_ZONES } from "@picterra/emulator";
import { centroid } from "@turf/turf";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { outcomesOf, plotShapes } from "../src/eudr";
import { DUPLICATED_PLOT, EUDR_PERIOD, SELF_INTERSECTING_PLOT, plotsCollection } from "../src/eudr-plots";
import { type Outcome, outcomeStyle, plotsLayout } from "@picterra/gis";
import { type Run, run } from "./run-demo";

let clean: Run;
beforeAll(async () => {
  clean = await run();
});

/** Each plot's vertices (the last of a duplicated id, as Tracer analyses it), in file order. */
function plotsById() {
  const byId = new Map<string, number[][]>();
  for (const f of plotsCollection().features)
    byId.set(f.properties.plot_id, f.geometry.coordinates[0]!.slice(0, -1));
  return byId;
}

/** What the emulator's zones predict for a plot: its centroid in a zone whose loss day is in the period. */
function predicted(plotId: string, vertices: number[][]): Outcome {
  if (plotId === SELF_INTERSECTING_PLOT) return null;
  const ring = [...vertices, vertices[0]!];
  const [lon, lat] = centroid({ type: "Polygon", coordinates: [ring] }).geometry.coordinates as [
    number,
    number,
  ];
  const zone = DEFORESTATION_ZONES.find(
    ({ bbox: [w, s, e, n], lostOn }) =>
      lon >= w && lon < e && lat >= s && lat < n && lostOn >= EUDR_PERIOD.from && lostOn <= EUDR_PERIOD.to,
  );
  return zone ? "deforestation_detected" : "no_deforestation";
}

describe("the demo's EUDR workflow on the emulator's Tracer", () => {
  it("reports the outcomes the emulator's deforestation zones predict for the demo's plots", () => {
    const { eudr } = clean.summary;
    const expected = [...plotsById()].map(([plotId, vertices]) => [plotId, predicted(plotId, vertices)]);
    // Both outcomes occur, so that a mix-up would show.
    expect(expected.filter(([, o]) => o === "deforestation_detected")).toHaveLength(3);
    expect(expected.filter(([, o]) => o === "no_deforestation")).toHaveLength(2);
    expect(eudr.plots.map((p) => [p.plotId, p.outcome])).toEqual(expected);
    for (const plot of eudr.plots) {
      expect(plot.forestLossDate).toBe(plot.outcome === "deforestation_detected" ? "2022-03-15" : null);
      expect(plot.leftOut).toBe(plot.plotId === SELF_INTERSECTING_PLOT ? "self_intersection" : null);
    }
    // The emulator's own analysis holds the same, with the areas the report gives.
    const [analysis] = clean.state.tracer.analyses;
    expect(analysis!.id).toBe(eudr.analysisId);
    expect(analysis!.results.map((r) => [r.plotId, r.outcome, r.areaHa])).toEqual(
      eudr.plots.filter((p) => p.outcome !== null).map((p) => [p.plotId, p.outcome, p.areaHa]),
    );
  });

  it("finds the methodology by search, prechecks every plot and analyses those without critical findings", () => {
    const { eudr } = clean.summary;
    expect(eudr.methodology.name).toBe("Cocoa - EUDR");
    expect(eudr.precheck).toMatchObject({ status: "failed", critical_count: 1, high_count: 1 });
    expect(eudr.precheck.errors.critical.map((i) => [i.plot_id, i.code])).toEqual([
      [SELF_INTERSECTING_PLOT, "self_intersection"],
    ]);
    expect(eudr.precheck.errors.high.map((i) => [i.plot_id, i.code])).toEqual([
      [DUPLICATED_PLOT, "duplicate_plot_id"],
    ]);
    expect(eudr.analysedPlotIds).toEqual([
      "CI-SOU-001",
      "CI-SOU-002",
      "CI-SOU-003",
      "CI-SOU-004",
      "CI-SOU-006",
    ]);
    expect(eudr.reportTypes).toEqual(["eudr_export", "eudr_due_diligence"]);
    const group = clean.state.tracer.plotsGroups.find((g) => g.id === eudr.plotsGroupId)!;
    expect(group.plotCount).toBe(7);
    const [report] = clean.state.tracer.reports;
    expect(report).toMatchObject({
      id: eudr.reportId,
      reportType: "eudr_export",
      plotIds: eudr.analysedPlotIds,
    });
    // The findings are printed under the precheck's ✓ line.
    const at = clean.log.findIndex((line) =>
      line.startsWith("✓ precheck an analysis of every plot — failed"),
    );
    expect(clean.log[at + 1]).toMatch(/^ {4}critical {2}CI-SOU-005 {2}self_intersection: /);
    expect(clean.log[at + 2]).toMatch(/^ {4}high {6}CI-SOU-002 {2}duplicate_plot_id: /);
  });

  it("writes the report's PDF and TRACES NT GeoJSON as Tracer made them, and both exports", async () => {
    const { files } = clean.summary.eudr;
    const [report] = clean.state.tracer.reports;
    const pdf = await readFile(files.pdf);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const sizes = Object.fromEntries(report!.artifacts.map((a) => [a.contentType, a.sizeBytes]));
    expect(pdf.byteLength).toBe(sizes["application/pdf"]);
    expect((await stat(files.traces)).size).toBe(sizes["application/geo+json"]);
    const traces = JSON.parse(await readFile(files.traces, "utf8"));
    expect(
      traces.features.map((f: { properties: { ProductionPlace: string } }) => f.properties.ProductionPlace),
    ).toEqual(clean.summary.eudr.analysedPlotIds);

    const xlsx = await readFile(files.exportXlsx);
    expect(xlsx.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true);
    // A zip's entry names are stored as they are: a workbook has a worksheet.
    expect(xlsx.includes("xl/worksheets/sheet1.xml")).toBe(true);
    const exported = JSON.parse(await readFile(files.exportGeojson, "utf8"));
    expect(exported.features).toHaveLength(7);
    expect(exported.features[0].properties).toEqual({
      cooperative: "Soubré sample cooperative",
      commodity: "cocoa",
      plot_id: "CI-SOU-001",
      village: "Gnamangui",
    });
  });

  it("draws each plot in its outcome's colour (read from the report), with its id and a legend", async () => {
    const { files } = clean.summary.eudr;
    const exported = JSON.parse(await readFile(files.exportGeojson, "utf8"));
    const traces = JSON.parse(await readFile(files.traces, "utf8"));
    const layout = plotsLayout(plotShapes(exported, outcomesOf(traces)));
    const png = PNG.sync.read(await readFile(files.picture));
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    const colourAt = ([x, y]: [number, number]) => {
      const i = (Math.floor(y) * png.width + Math.floor(x)) * 4;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    };
    for (const [plotId, vertices] of plotsById()) {
      // The mean of the vertices; for the bow tie, the middle of its left half (its mean is where it crosses).
      const points =
        plotId === SELF_INTERSECTING_PLOT ? [vertices[0]!, vertices[3]!, mean(vertices)] : vertices;
      const [x, y] = layout.toPixel(mean(points));
      expect(colourAt([x, y]), plotId).toEqual(hexToRgb(outcomeStyle(predicted(plotId, vertices)).fill));
    }
    const svg = await readFile(files.svg, "utf8");
    expect(svg.match(/<path data-plot-id="CI-SOU-\d{3}" d="M/g)).toHaveLength(6);
    expect(svg).toContain(`data-plot-id="CI-SOU-001" d="M`);
    expect(svg).toMatch(/<path data-plot-id="CI-SOU-004" [^>]*fill="#2a9d4b"/);
    expect(svg).toMatch(/<path data-plot-id="CI-SOU-001" [^>]*fill="#d62828"/);
    for (const legend of ["deforestation detected (3)", "no deforestation (2)", "not analysed (1)"]) {
      expect(svg).toContain(`>${legend}</text>`);
    }
  });
});

/** `"#d62828"` → `[214, 40, 40]`. */
function hexToRgb(hex: string): number[] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mean(points: number[][]): number[] {
  return [0, 1].map((axis) => points.reduce((sum, p) => sum + p[axis]!, 0) / points.length);
}
