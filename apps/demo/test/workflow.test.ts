import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { APIError } from "@picterra/core";
import type { PixelPolygon } from "@picterra/nongeo";
import proj4 from "proj4";
import { beforeAll, describe, expect, it } from "vitest";
import { StepError } from "../src/failure";
import { LV95_ORIGIN, LV95_PIXEL_METRES } from "../src/projected";
import { OBJECTS } from "../src/sample-data";
import type { WorkflowSummary } from "../src/workflow";
import { type Run, SNAPSHOT_AT, run } from "./run-demo";

function polygonsOf(summary: WorkflowSummary, className: string): PixelPolygon[] {
  return summary.pixels.features
    .filter((f) => f.properties?.["class_name"] === className)
    .flatMap((f) => (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates));
}

const maxDistance = (a: readonly number[][], b: readonly number[][]) =>
  Math.max(...a.map((p, i) => Math.hypot(p[0]! - b[i]![0]!, p[1]! - b[i]![1]!)));

let clean: Run;
beforeAll(async () => {
  clean = await run();
});

describe("the demo's Forge workflow on the emulator", () => {
  it("detects every drawn object on the PNG, at its pixels (within 1 px)", () => {
    const { summary } = clean;
    for (const className of ["building", "tree"] as const) {
      const drawn = OBJECTS.filter((o) => o.className === className);
      const found = polygonsOf(summary, className);
      expect(found).toHaveLength(drawn.length);
      for (const object of drawn) {
        const matches = found.filter(
          ([outer]) => outer!.length === object.ring.length && maxDistance(outer!, object.ring) <= 1,
        );
        expect(matches, `${className} at ${JSON.stringify(object.ring[0])}`).toHaveLength(1);
        // Holes: the drawn objects have none, so neither may the detections.
        expect(matches[0]).toHaveLength(1);
      }
    }
    expect(summary.classes.map((c) => [c.className, c.count])).toEqual([
      ["building", 3],
      ["tree", 3],
    ]);
    const [building, tree] = summary.classes;
    expect(building!.areaPx2).toBeCloseTo(2400 + 2460 + 3536, 3);
    expect(tree!.areaPx2).toBeCloseTo(800 + 1312 + 512, 3);
    // 0.1 m pixels on Web Mercator's sphere near the equator (100 px² per m²), measured by turf on its own,
    // slightly smaller sphere (mean radius 6371008.8 m).
    const sphere = (6371008.8 / 6378137) ** 2;
    expect(building!.areaM2).toBeCloseTo(83.96 * sphere, 2);
    expect(tree!.areaM2).toBeCloseTo(26.24 * sphere, 2);
    expect(summary.checks).toEqual({
      rasterPages: 2,
      rastersListed: 2,
      detectorPages: 2,
      detectorsListed: 2,
      trainingRasters: 1,
      markers: 1,
      // Ours, and the detection's result (one layer per class).
      vectorLayers: 3,
      vectorLayerFeatures: 6,
      rasterDownloadMatches: true,
    });
    expect(summary.resultVectorLayers).toBe(2);
    expect(typeof summary.score).toBe("number");
    // Two detectors, three rasters, our vector layer.
    expect(summary.cleanedUp).toBe(6);
    expect(clean.leftovers).toEqual({ rasters: 0, detectors: 0, vectorLayers: 0 });
    expect(clean.faults).toBe(0);
    expect(clean.retried).toBe(0);
  });

  it("says who the key belongs to, and reads back the folder's grants as the emulator stored them", () => {
    const { summary, state } = clean;
    expect(summary.user).toEqual(state.account);
    const grant = { grantee: { type: "organization", id: state.account.organizationId }, role: "viewer" };
    expect(summary.grants).toEqual({ set: [grant], readBack: [grant] });
    const folder = state.folders.find((f) => f.name === "picterra-ts demo")!;
    expect(state.grants).toEqual([{ kind: "folder", resourceId: folder.id, grants: [grant] }]);
    expect(clean.log).toContain(
      `✓ read the folder's grants back — organization ${state.account.organizationId}: viewer, as set`,
    );
  });

  it("sends the tree outlines by class id: the emulator holds them in the tree class, the buildings kept", () => {
    const state = clean.snapshots.get(SNAPSHOT_AT[0]!)!;
    const detector = state.detectors.find((d) => d.trainingRasterIds.length === 1)!;
    const classes = Object.fromEntries(detector.classes.map((c) => [c.name, c.id]));
    expect(Object.keys(classes)).toEqual(["class_1", "building", "tree"]);
    expect(clean.summary.detectorClasses).toEqual({
      classes: detector.classes.map(({ id, name }) => ({ id, name })),
      treeClassId: classes["tree"],
      treeOutlines: 3,
    });
    const outlines = detector.annotations.filter((a) => a.type === "outline");
    expect(outlines.map((a) => [a.classId, a.count]).sort()).toEqual(
      [
        [classes["building"], 3],
        [classes["tree"], 3],
      ].sort(),
    );
  });

  it("runs the detector on the LV95 GeoTIFF: its detections, taken to pixels with proj4, lie on the drawn objects", async () => {
    const { projected } = clean.summary;
    const raster = clean.snapshots.get(SNAPSHOT_AT[1]!)!.rasters.find((r) => r.id === projected.rasterId);
    expect(raster).toMatchObject({ crs: 2056, georeferenced: true, width: 256, height: 192 });
    // On our own: EPSG's definition from epsg-index (@picterra/gis's table, which the emulator reads, is made
    // from it), proj4, the image's geotransform.
    const require = createRequire(import.meta.url);
    const epsg = JSON.parse(await readFile(require.resolve("epsg-index/s/2056.json"), "utf8")) as {
      proj4: string;
    };
    const toLv95 = proj4("EPSG:4326", epsg.proj4);
    const toPixel = (lonLat: number[]) => {
      const [east, north] = toLv95.forward([lonLat[0]!, lonLat[1]!]);
      return [(east! - LV95_ORIGIN[0]) / LV95_PIXEL_METRES, (LV95_ORIGIN[1] - north!) / LV95_PIXEL_METRES];
    };
    const result = JSON.parse(clean.outputs["lv95"]!.toString("utf8")) as {
      features: { properties: { class_name: string }; geometry: { coordinates: number[][][][] } }[];
    };
    expect(result.features.map((f) => f.properties.class_name)).toEqual(["building", "tree"]);
    for (const object of OBJECTS) {
      const feature = result.features.find((f) => f.properties.class_name === object.className)!;
      const on = feature.geometry.coordinates.filter(
        ([outer]) =>
          outer!.length === object.ring.length && maxDistance(outer!.map(toPixel), object.ring) <= 1,
      );
      expect(on, `${object.className} at ${JSON.stringify(object.ring[0])}`).toHaveLength(1);
    }
    expect(projected).toMatchObject({ detections: 6, matched: 6, objects: 6 });
    expect(projected.worstPx).toBeLessThan(0.01);
    expect(clean.log).toContainEqual(
      expect.stringMatching(
        /^✓ check the LV95 detections against the drawn objects — 6 of 6 objects found, 6 detections /,
      ),
    );
  });

  it("finds the folder and the trained detector, and writes the LV95 detections as a GeoPackage and a preview", async () => {
    const { gis, projected } = clean.summary;
    expect(gis.found.folderName).toBe("picterra-ts demo");
    expect(gis.found.runnableDetectors).toBe(1);
    expect(gis.layer).toMatchObject({ count: projected.detections, crs: "EPSG:2056" });
    const gpkg = await readFile(gis.layer.file);
    expect(gpkg.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
    // The CRS's WKT is in the GeoPackage's SRS table.
    expect(gpkg.includes('PROJCS["CH1903+ / LV95"')).toBe(true);
    const png = await readFile(gis.preview);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(clean.log).toContainEqual(
      expect.stringMatching(/^✓ write the LV95 detections as a GeoPackage in EPSG:2056 — 6 objects → /),
    );
  });

  it("writes the results, their pixel version and the pictures", async () => {
    const { files } = clean.summary;
    const results = JSON.parse(clean.outputs["results"]!.toString("utf8"));
    expect(results.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { class_name: "building" },
      { class_name: "tree" },
    ]);
    expect(JSON.parse(clean.outputs["pixels"]!.toString("utf8"))).toEqual(clean.summary.pixels);
    const svg = await readFile(files.svg, "utf8");
    expect(svg.match(/<path class="building"/g)).toHaveLength(3);
    expect(svg.match(/<path class="tree"/g)).toHaveLength(3);
    expect(svg).toContain('<image href="data:image/png;base64,iVBORw0KGgo');
    // The first building is drawn where it was painted: from (24, 20) to (84, 60).
    expect(svg).toMatch(/<path class="building" d="M24 20 L84 20 L84 60 L24 60 L24 20 Z"/);
    expect((await stat(files.picture)).size).toBeGreaterThan(1000);
  });
});

describe("the demo's workflow with faults", () => {
  it("ends with the same outputs when 20% of the API calls fail, thanks to @picterra/retry", async () => {
    const faulty = await run({ rate: 0.2, seed: 7 });
    expect(faulty.failingFaults).toBeGreaterThan(5);
    expect(faulty.faults).toBeGreaterThanOrEqual(faulty.failingFaults);
    // Every failing fault was retried, and nothing else was.
    expect(faulty.retried).toBe(faulty.failingFaults);
    for (const [name, bytes] of Object.entries(clean.outputs)) {
      expect(faulty.outputs[name]!.equals(bytes), name).toBe(true);
    }
    const { summary } = faulty;
    expect(summary.classes).toEqual(clean.summary.classes);
    expect(summary.score).toBe(clean.summary.score);
    expect(summary.checks).toEqual(clean.summary.checks);
    expect(summary.projected.pixels).toEqual(clean.summary.projected.pixels);
    expect(summary.eudr.plots).toEqual(clean.summary.eudr.plots);
    expect(summary.eudr.precheck).toEqual(clean.summary.eudr.precheck);
    expect(summary.cleanedUp).toBe(6);
    expect(faulty.leftovers).toEqual({ rasters: 0, detectors: 0, vectorLayers: 0 });
    // Tracer's calls got faults too, and its client rode them out with the same middleware.
    expect(faulty.tracerFaults).toBeGreaterThan(0);
  });

  it("fails with a clear error when the same faults meet a client without retries", async () => {
    const error = await run({ rate: 0.2, seed: 7 }, false).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepError);
    const { cause, message, step } = error as StepError;
    expect(step).not.toBe("");
    if (cause instanceof APIError) {
      expect([429, 502, 503, 504]).toContain(cause.status);
      expect(message).toMatch(
        new RegExp(
          `^${escapeRegExp(step)}: (GET|PUT|DELETE) http://127\\.0\\.0\\.1:\\d+/\\S+ failed with status ${cause.status}`,
        ),
      );
    } else {
      expect(cause).toBeInstanceOf(TypeError);
      expect(message).toMatch(new RegExp(`^${escapeRegExp(step)}: fetch failed: \\S`));
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
