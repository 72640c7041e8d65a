import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PageRun, runPage } from "./page-run";
import { serveStatic } from "./static-server";

const APP = join(__dirname, "..");
const SCREENSHOT = join(APP, "test-artifacts", "gis.png");

interface Summary {
  objects: number;
  csvHeader: string;
  firstEasting: number;
  geojsonFeatures: number;
  fgbMagic: number[];
  fgbBytes: number;
  previewPaths: number;
}

let site: { url: string; close(): Promise<void> };
let run: PageRun<Summary>;

beforeAll(async () => {
  site = await serveStatic(join(APP, "dist"));
  run = await runPage<Summary>(`${site.url}gis.html`, {
    viewport: { width: 1500, height: 900 },
    screenshot: SCREENSHOT,
  });
}, 100_000);
afterAll(async () => {
  await run?.browser.close();
  await site?.close();
});

describe("@picterra/gis's browser entry, in headless Chromium", () => {
  it("finishes without an error, a page error or a console error", () => {
    expect({
      state: run.state,
      errorText: run.errorText,
      pageErrors: run.pageErrors,
      consoleErrors: run.consoleErrors,
    }).toEqual({
      state: "done",
      errorText: "",
      pageErrors: [],
      consoleErrors: [],
    });
  });

  it("makes one feature per object and writes them as CSV and FlatGeobuf in EPSG:2056, and GeoJSON", () => {
    const { summary } = run;
    expect(summary.objects).toBe(42);
    expect(summary.csvHeader).toBe(
      "wkt,class,raster_id,raster_name,operation_id,input,area_m2,perimeter_m,centroid_lon,centroid_lat",
    );
    // Zürich's eastings in LV95: the EPSG table and proj4 were loaded and used in the page.
    expect(summary.firstEasting).toBeGreaterThan(2_682_000);
    expect(summary.firstEasting).toBeLessThan(2_684_000);
    expect(summary.geojsonFeatures).toBe(42);
    expect(summary.fgbMagic).toEqual([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);
    expect(summary.fgbBytes).toBeGreaterThan(42 * 100);
  });

  it("draws the preview into the page: one path per object", () => {
    expect(run.summary.previewPaths).toBe(42);
  });
});
