import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emulator, picterra, picterraJson, tempDir } from "./helpers";

/** A plots file as Tracer takes it: lon/lat polygons, each with a unique properties.plot_id. */
function plotsFile(dir: string): string {
  const square = (lng: number, lat: number) => [
    [
      [lng, lat],
      [lng + 0.01, lat],
      [lng + 0.01, lat + 0.01],
      [lng, lat + 0.01],
      [lng, lat],
    ],
  ];
  const path = join(dir, "farms.geojson");
  writeFileSync(
    path,
    JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { plot_id: "PLOT-1" },
          geometry: { type: "Polygon", coordinates: square(-75.6, 4.5) },
        },
        {
          type: "Feature",
          properties: { plot_id: "PLOT-2" },
          geometry: { type: "Polygon", coordinates: square(-75.5, 4.5) },
        },
      ],
    }),
  );
  return path;
}

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
    const args = [
      "plots",
      "analyze",
      "--methodology",
      "Coffee - EUDR",
      plotsFile(dir),
      "--from",
      "2021-01-01",
      "--to",
      "2025-12-31",
      "--report",
      "eudr_export",
      "--out",
      out,
    ];
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

  it("an unknown methodology is bad usage", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const run = await picterra(
      [
        "plots",
        "analyze",
        "--methodology",
        "Tea",
        plotsFile(dir),
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--out",
        join(dir, "o"),
      ],
      emu,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no methodology 'Tea'.*Coffee - EUDR/);
  });
});
