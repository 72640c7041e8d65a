import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { layerInfo, readFeatures } from "../../gis/test/support/gdal";
import { analyzeArgs, emulator, picterra, picterraJson, plotsAt, tempDir } from "./helpers";

const PLOTS_FIELDS = {
  plot_id: "String",
  outcome: "String",
  reason: "String",
  area_ha: "Real",
  analysis_id: "String",
  report_id: "String",
};

/** A plots file as Tracer takes it: lon/lat polygons, each with a unique properties.plot_id. */
const plotsFile = (dir: string): string =>
  plotsAt(
    dir,
    [
      { id: "PLOT-1", at: [-75.6, 4.5] },
      { id: "PLOT-2", at: [-75.5, 4.5] },
    ],
    "farms.geojson",
  );

describe("picterra plots", () => {
  it("lists methodologies", async () => {
    const emu = await emulator();
    const { run, json } = await picterraJson(["plots", "methodologies", "--search", "coffee"], emu);
    expect(run.code).toBe(0);
    expect(json.results).toEqual([expect.objectContaining({ name: "Coffee - EUDR" })]);
  });

  it("analyze runs the EUDR flow end to end, and a re-run goes on from the journal", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const out = join(dir, "eudr");
    const args = analyzeArgs(plotsFile(dir), out, { methodology: "Coffee - EUDR", report: "eudr_export" });
    const { run, json } = await picterraJson(args, emu);
    expect(run.code, run.stderr).toBe(0);
    expect(json).toMatchObject({
      plots_group_id: expect.any(String),
      analysis_id: expect.any(String),
      report_id: expect.any(String),
    });
    for (const file of json.files) expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "plots-group.geojson"), "utf8")).features).toHaveLength(2);
    const again = await picterraJson(args, emu);
    expect(again.json.plots_group_id).toBe(json.plots_group_id);
    expect(again.json.analysis_id).toBe(json.analysis_id);
  });

  it("analyze writes plots.csv and plots.gpkg: each plot's outcome from the report, its area and the ids", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const out = join(dir, "eudr");
    // The emulator's forest loss near Soubré (west of 6.4° W, lost 2022-03-15); farmland east of it.
    const file = plotsAt(dir, [
      { id: "COCOA-1", at: [-6.6, 5.8] },
      { id: "COCOA-2", at: [-6.2, 5.8] },
    ]);
    const { run, json } = await picterraJson(analyzeArgs(file, out, { report: "eudr_export" }), emu);
    expect(run.code, run.stderr).toBe(0);
    expect(json.plots.outcomes).toEqual({ deforestation_detected: 1, no_deforestation: 1 });
    for (const name of ["plots.csv", "plots.gpkg"]) {
      const path = join(out, name);
      expect(json.files).toContain(path);
      // Opened as a user opens it: a CSV's types and CRS come from its .csvt and .prj, and GDAL keeps the `wkt`
      // column it reads the geometry from as an attribute too.
      const open = name.endsWith(".csv") ? ["-oo", "KEEP_GEOM_COLUMNS=NO"] : [];
      const info = layerInfo(path, ...open);
      expect(info.count, name).toBe(2);
      expect(Object.fromEntries(info.fields), name).toEqual(PLOTS_FIELDS);
      expect(info.srs, name).toMatch(/^GEOGCRS\["WGS 84"/);
      const rows = readFeatures(path, { open }).map((f) => f.properties);
      // CSV cannot tell an empty cell from none.
      const none = name.endsWith(".csv") ? "" : null;
      expect(rows).toEqual([
        expect.objectContaining({ plot_id: "COCOA-1", outcome: "deforestation_detected", reason: none }),
        expect.objectContaining({ plot_id: "COCOA-2", outcome: "no_deforestation", reason: none }),
      ]);
      for (const row of rows) {
        expect(row).toMatchObject({ analysis_id: json.analysis_id, report_id: json.report_id });
        // 0.01° × 0.01° at 5.8° N: about 1.1 km × 1.1 km, 122 ha.
        expect(row["area_ha"]).toBeGreaterThan(121);
        expect(row["area_ha"]).toBeLessThan(124);
      }
    }
  });

  it("without --report the outcomes are unknown, and the row says how to get them", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const out = join(dir, "eudr");
    const file = plotsAt(dir, [{ id: "COCOA-1", at: [-6.6, 5.8] }]);
    const { run, json } = await picterraJson(analyzeArgs(file, out), emu);
    expect(run.code, run.stderr).toBe(0);
    const [row] = readFeatures(join(out, "plots.gpkg")).map((f) => f.properties);
    expect(row).toMatchObject({
      outcome: "unknown",
      reason: expect.stringMatching(/^outcomes come with a report: run again with --report/),
      analysis_id: json.analysis_id,
      report_id: null,
    });
  });

  it("when the precheck stops the analysis, every plot is not analysed, with the precheck's reason (exit 1)", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const file = plotsAt(dir, [
      { id: "GOOD", at: [-6.2, 5.8] },
      { id: "BOWTIE", at: [-6.6, 5.8], bowtie: true },
    ]);
    const crossed = await picterraJson(analyzeArgs(file, join(dir, "a"), { report: "eudr_export" }), emu);
    expect(crossed.run.code).toBe(1);
    expect(crossed.json.plots.outcomes).toEqual({ not_analysed: 2 });
    const rows = readFeatures(join(dir, "a", "plots.gpkg")).map((f) => f.properties);
    expect(rows).toEqual([
      expect.objectContaining({
        plot_id: "GOOD",
        outcome: "not_analysed",
        reason: "the analysis did not run: the precheck found 1 critical problem(s) with other plots",
        analysis_id: null,
      }),
      expect.objectContaining({
        plot_id: "BOWTIE",
        outcome: "not_analysed",
        reason: expect.stringMatching(/BOWTIE/),
      }),
    ]);
    // Dates before the EUDR cut-off: a problem of the request, every plot's reason.
    const early = await picterraJson(analyzeArgs(file, join(dir, "b"), { from: "2019-01-01" }), emu);
    expect(early.run.code).toBe(1);
    const [first] = readFeatures(join(dir, "b", "plots.gpkg")).map((f) => f.properties);
    expect(first).toMatchObject({
      outcome: "not_analysed",
      reason: expect.stringMatching(/^the analysis did not run: dates_out_of_range: .*date_from 2019-01-01/),
    });
  });

  it("an unknown methodology is bad usage", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const args = analyzeArgs(plotsFile(dir), join(dir, "o"), { methodology: "Tea", to: "2021-12-31" });
    const run = await picterra(args, emu);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no methodology 'Tea'.*Coffee - EUDR/);
  });
});
