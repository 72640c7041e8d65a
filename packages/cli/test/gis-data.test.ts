// Server content in the GIS outputs is data: checked, never trusted for its shape, its names or its numbers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readFeatures } from "../../gis/test/support/gdal";
import { checkedFootprint } from "../src/gis/item-outputs";
import { LAYER_SUFFIXES } from "../src/gis/options";
import { type PlotInput, writePlotsTable } from "../src/gis/plots-table";
import { isReserved } from "../src/bulk/names";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "picterra-cli-gis-data-"));
  dirs.push(dir);
  return dir;
}

const square = (x: number, y: number) => [
  [
    [x, y],
    [x + 0.01, y],
    [x + 0.01, y + 0.01],
    [x, y + 0.01],
    [x, y],
  ],
];

describe("a footprint from getRaster", () => {
  it("is kept when it is a lon/lat Polygon or MultiPolygon of closed rings, with its two numbers a position", () => {
    expect(checkedFootprint({ type: "Polygon", coordinates: square(6.6, 46.5) })).toEqual({
      type: "Polygon",
      coordinates: square(6.6, 46.5),
    });
    const withZ = [square(6.6, 46.5)[0]!.map(([x, y]) => [x, y, 500, "extra"])];
    expect(checkedFootprint({ type: "MultiPolygon", coordinates: [withZ], bbox: "x" })).toEqual({
      type: "MultiPolygon",
      coordinates: [square(6.6, 46.5)],
    });
  });

  it("is dropped (drawn without) when it is anything else", () => {
    const open = [square(6.6, 46.5)[0]!.slice(0, 4)];
    for (const bad of [
      null,
      "POLYGON((0 0, 1 0, 1 1, 0 0))",
      { type: "Point", coordinates: [6.6, 46.5] },
      { type: "Polygon", coordinates: open },
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1e9],
            [0, 0],
          ],
        ],
      },
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            ["1", 1],
            [0, 0],
          ],
        ],
      },
      { type: "Polygon", coordinates: [] },
      { type: "MultiPolygon", coordinates: [[]] },
      {
        type: "Polygon",
        coordinates: [Array.from({ length: 100_001 }, (_, i) => (i % 100_000 === 0 ? [0, 0] : [i / 1e6, 1]))],
      },
    ]) {
      expect(checkedFootprint(bad), JSON.stringify(bad)?.slice(0, 60)).toBeNull();
    }
  });
});

describe("the layer suffixes", () => {
  it("hold every file a layer may take, and no name they make is one of the run's own", () => {
    expect(LAYER_SUFFIXES).toEqual(
      expect.arrayContaining([
        ".gpkg",
        ".fgb",
        ".shp",
        ".shx",
        ".dbf",
        ".prj",
        ".cpg",
        ".qix",
        ".csv",
        ".csvt",
      ]),
    );
    expect(LAYER_SUFFIXES).toEqual(
      expect.arrayContaining([".objects.geojson", ".pixels.gpkg", ".pixels.dbf", ".pixels.csvt"]),
    );
    expect(LAYER_SUFFIXES).not.toContain(".geojson");
    // An input named "detections" or "plots" would take the run's combined files: the names module refuses it.
    expect(isReserved("detections.gpkg")).toBe(true);
    expect(isReserved("detections.pixels.shx")).toBe(true);
    expect(isReserved("plots.csv")).toBe(true);
    // plots.csv's sidecars too: a report artifact named so would replace them.
    expect(isReserved("plots.csvt")).toBe(true);
    expect(isReserved("PLOTS.PRJ")).toBe(true);
  });
});

describe("plots.csv and plots.gpkg from what Tracer answered", () => {
  const plots: PlotInput[] = [
    { plotId: "A", geometry: { type: "Polygon", coordinates: square(-6.6, 5.8) } },
    { plotId: "B", geometry: { type: "Polygon", coordinates: square(-6.5, 5.8) } },
    { plotId: "C", geometry: { type: "MultiPolygon", coordinates: [square(-6.2, 5.8), square(-6.1, 5.8)] } },
    { plotId: "D", geometry: { type: "Polygon", coordinates: square(-6.0, 5.8) } },
  ];

  it("reads outcomes by plot_id or TRACES NT's ProductionPlace; an outcome it does not know, or none, is unknown", async () => {
    const dir = tempDir();
    const traces = join(dir, "report-traces-nt.geojson");
    writeFileSync(
      traces,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: { plot_id: "A", outcome: "deforestation_detected" } },
          { type: "Feature", properties: { ProductionPlace: "B", outcome: "no_deforestation" } },
          { type: "Feature", properties: { plot_id: "C", outcome: "maybe\u001b[2J" } },
          null,
          { type: "Feature", properties: { plot_id: 7, outcome: "no_deforestation" } },
          { type: "Feature", properties: { plot_id: "__proto__", outcome: "no_deforestation" } },
        ],
      }),
    );
    const notJson = join(dir, "summary.pdf");
    writeFileSync(notJson, "%PDF-1.7");
    const precheck = {
      errors: {
        critical: [],
        high: [
          { plot_id: "B", code: "duplicate_plot_id", message: "listed twice\r\n=HYPERLINK()" },
          { plot_id: "B", message: 42 },
          "junk",
        ],
      },
    };
    const { outcomes } = await writePlotsTable(dir, plots, {
      precheck,
      analysisId: "an-1",
      reportId: "re-1",
      reportGeoJson: [notJson, traces],
    });
    expect(Object.fromEntries(outcomes)).toEqual({
      deforestation_detected: 1,
      no_deforestation: 1,
      unknown: 2,
    });
    const rows = readFeatures(join(dir, "plots.gpkg")).map((f) => f.properties);
    expect(rows.map((r) => [r["plot_id"], r["outcome"]])).toEqual([
      ["A", "deforestation_detected"],
      ["B", "no_deforestation"],
      ["C", "unknown"],
      ["D", "unknown"],
    ]);
    // Server text is escaped for people: no control character reaches the file.
    expect(rows[1]!["reason"]).toBe("duplicate_plot_id: listed twice\\r\\n=HYPERLINK()");
    expect(rows[2]!["reason"]).toBe(
      'the report\'s GeoJSON gives the outcome "maybe\\\\x1b[2J", not one of deforestation_detected, no_deforestation',
    );
    expect(rows[3]!["reason"]).toBe("the report's GeoJSON gives no outcome for this plot");
    // A plot of two parts is one row: a MultiPolygon, its area the sum of its parts'.
    const c = readFeatures(join(dir, "plots.gpkg")).find((f) => f.properties["plot_id"] === "C")!;
    expect(c.geometry.type).toBe("MultiPolygon");
    expect(Number(c.properties["area_ha"])).toBeCloseTo(2 * Number(rows[0]!["area_ha"]), 0);
  });

  it("a precheck that stopped the analysis: each plot's own problem, else the request's", async () => {
    const dir = tempDir();
    const precheck = {
      errors: {
        critical: [
          { plot_id: "A", code: "self_intersection", message: "plot A crosses itself" },
          { plot_id: null, code: "dates_out_of_range", message: "date_from 2019-01-01 is out of range" },
        ],
        high: [],
      },
    };
    await writePlotsTable(dir, plots.slice(0, 2), {
      precheck,
      analysisId: null,
      reportId: null,
      reportGeoJson: [],
    });
    const rows = readFeatures(join(dir, "plots.gpkg")).map((f) => f.properties);
    expect(rows).toEqual([
      expect.objectContaining({
        plot_id: "A",
        outcome: "not_analysed",
        reason: "self_intersection: plot A crosses itself",
        analysis_id: null,
      }),
      expect.objectContaining({
        plot_id: "B",
        outcome: "not_analysed",
        reason: "the analysis did not run: dates_out_of_range: date_from 2019-01-01 is out of range",
      }),
    ]);
  });
});
