import { fromArrayBuffer } from "geotiff";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { boxes, call, client, emulator, finished, geoTiff, jpegGeoTiff, rasterState } from "./helpers";

// Reference values that do not come from proj4.
//
// WGS84's ellipsoid (a, 1/f) and UTM's definition: zone 32's central meridian is 9°E, its false easting
// 500 000 m, its scale 0.9996; on the central meridian the northing is 0.9996 × the meridian arc from the equator.
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const DEG = Math.PI / 180;

/** The WGS84 meridian arc from the equator to `lat` (m), by Simpson's rule on its defining integral. */
function meridianArc(lat: number): number {
  const rho = (phi: number) => (A * (1 - E2)) / (1 - E2 * Math.sin(phi) ** 2) ** 1.5;
  const n = 1000;
  const h = (lat * DEG) / n;
  let sum = rho(0) + rho(lat * DEG);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * rho(i * h);
  return (sum * h) / 3;
}

/** Metres per degree of latitude and of longitude at `lat` on WGS84 (the ellipsoid's radii of curvature). */
function metresPerDegree(lat: number): { lat: number; lon: number } {
  const w = 1 - E2 * Math.sin(lat * DEG) ** 2;
  return { lat: ((A * (1 - E2)) / w ** 1.5) * DEG, lon: (A / Math.sqrt(w)) * Math.cos(lat * DEG) * DEG };
}

// swisstopo's worked example ("Approximate formulas for the transformation between Swiss projection
// coordinates and WGS84"): 46°02'38.87"N 8°43'49.79"E is E 2 700 000, N 1 100 000 in LV95 (600 000/200 000 more
// than LV03's 700 000/100 000), to within the formulas' metre.
const LV95_REFERENCE = {
  e: 2_700_000,
  n: 1_100_000,
  lon: 8 + 43 / 60 + 49.79 / 3600,
  lat: 46 + 2 / 60 + 38.87 / 3600,
};
/** 2e-5° is about 1.5 m here: the reference holds to a metre. */
const METRE_ISH = 2e-5;

type Polygon = [number, number][][];

/** The detections of a run, per class name, over raw HTTP (the per-class MultiPolygon at `result.url`). */
async function detected(
  emu: Emulator,
  detectorId: string,
  rasterId: string,
): Promise<Record<string, Polygon[]>> {
  const ref = (await call(emu, "POST", `detectors/${detectorId}/run/`, { json: { raster_id: rasterId } }))
    .body;
  const op = (await finished(emu, ref)) as {
    status: string;
    results: { by_class: { class: { name: string }; result: { url: string } }[] };
  };
  expect(op.status).toBe("success");
  const out: Record<string, Polygon[]> = {};
  for (const c of op.results.by_class) {
    out[c.class.name] = (
      (await (await fetch(c.result.url)).json()) as { coordinates: Polygon[] }
    ).coordinates;
  }
  return out;
}

/** A detector trained on a lon/lat raster whose one outline sits in the raster's south-west corner. */
async function cornerDetector(emu: Emulator): Promise<string> {
  const picterra = client(emu);
  const training = await picterra.uploadRaster(
    geoTiff(100, 100, { epsg: 4326, origin: [8, 47.01], pixel: 0.0001 }),
    "training",
  );
  const detectorId = await picterra.createDetector();
  await picterra.addRasterToDetector(training, detectorId);
  await picterra.setAnnotations(detectorId, training, "outline", boxes([[8, 47, 8.001, 47.001]]));
  return detectorId;
}

describe("GeoTIFFs in projected CRSs", () => {
  it("places a UTM 32N raster (EPSG:32632) where UTM's definition puts it, and detects on it", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const north45 = 0.9996 * meridianArc(45);
    const rasterId = await client(emu).uploadRaster(
      geoTiff(100, 100, { epsg: 32632, origin: [500_000, north45 + 1000], pixel: 10 }),
      "utm.tif",
    );
    const state = rasterState(emu, rasterId);
    expect([state.status, state.crs, state.georeferenced]).toEqual(["ready", 32632, true]);
    const [w, s, e, n] = state.bounds!;
    // The west edge is the central meridian; the south-west corner is 45°N on it; 1 km east and north.
    expect(w).toBeCloseTo(9, 9);
    const scale = metresPerDegree(45);
    expect(Math.abs(s - 45)).toBeLessThan(1e-6);
    expect(Math.abs(e - (9 + 1000 / 0.9996 / scale.lon))).toBeLessThan(1e-5);
    expect(Math.abs(n - (45 + 1000 / 0.9996 / scale.lat))).toBeLessThan(1e-5);

    const detectorId = await cornerDetector(emu);
    const corner = (await detected(emu, detectorId, rasterId)).class_1![0]![0]!;
    // The outline's south-west vertex lands on the raster's south-west corner: (9°E, 45°N).
    expect(corner[0]![0]).toBeCloseTo(9, 8);
    expect(Math.abs(corner[0]![1] - 45)).toBeLessThan(1e-7);
    // Its north-east vertex, a tenth of the way in: 100 m east and north (in UTM metres).
    expect(Math.abs(corner[2]![0] - (9 + 100 / 0.9996 / scale.lon))).toBeLessThan(1e-6);
    expect(Math.abs(corner[2]![1] - (45 + 100 / 0.9996 / scale.lat))).toBeLessThan(1e-6);
  });

  it("places a Swiss LV95 raster (EPSG:2056) on swisstopo's reference point, datum shift included", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const { e: east, n: north, lon, lat } = LV95_REFERENCE;
    const rasterId = await client(emu).uploadRaster(
      geoTiff(100, 100, { epsg: 2056, origin: [east, north + 1000], pixel: 10 }),
      "lv95.tif",
    );
    const state = rasterState(emu, rasterId);
    expect([state.status, state.crs]).toEqual(["ready", 2056]);
    const [w, s, e, n] = state.bounds!;
    // LV95's grid is turned against the meridians here, so the box's west and south are its corner's or below.
    expect(w).toBeLessThanOrEqual(lon + METRE_ISH);
    expect(s).toBeLessThanOrEqual(lat + METRE_ISH);
    const scale = metresPerDegree(lat);
    expect(Math.abs(e - w - 1000 / scale.lon)).toBeLessThan(0.03 * (e - w));
    expect(Math.abs(n - s - 1000 / scale.lat)).toBeLessThan(0.03 * (n - s));

    const detectorId = await cornerDetector(emu);
    const found = (await detected(emu, detectorId, rasterId)).class_1!;
    const [cornerLon, cornerLat] = found[0]![0]![0]!;
    expect(Math.abs(cornerLon - lon)).toBeLessThan(METRE_ISH);
    expect(Math.abs(cornerLat - lat)).toBeLessThan(METRE_ISH);
    for (const [x, y] of found[0]![0]!) {
      expect(x >= w && x <= e && y >= s && y <= n).toBe(true);
    }
  });

  it("reads a JPEG-compressed GeoTIFF", async () => {
    // The helper's file is a real JPEG-in-TIFF: geotiff decodes its pixels back.
    const file = jpegGeoTiff(64, 32, { epsg: 32632, origin: [500_000, 320], pixel: 10 });
    const image = await (await fromArrayBuffer(new Uint8Array(file).buffer)).getImage();
    expect(image.getFileDirectory().getValue("Compression")).toBe(7);
    const [first] = (await image.readRasters({ window: [0, 0, 8, 8] })) as unknown as Uint8Array[];
    expect(Math.abs(first![0]! - 200)).toBeLessThanOrEqual(3);

    const emu = await emulator({ pollsUntilDone: 0 });
    const rasterId = await client(emu).uploadRaster(file, "jpeg.tif");
    const state = rasterState(emu, rasterId);
    expect([state.status, state.width, state.height, state.crs]).toEqual(["ready", 64, 32, 32632]);
    // Its south-west corner is where UTM 32N's central meridian crosses the equator.
    const [w, s, e, n] = state.bounds!;
    expect(w).toBeCloseTo(9, 9);
    expect(s).toBeCloseTo(0, 9);
    const scale = metresPerDegree(0);
    expect(Math.abs(e - (9 + 640 / 0.9996 / scale.lon))).toBeLessThan(1e-6);
    expect(Math.abs(n - 320 / 0.9996 / scale.lat)).toBeLessThan(1e-6);
  });

  it("takes a geographic CRS other than WGS84 (ETRS89, EPSG:4258)", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const rasterId = await client(emu).uploadRaster(
      jpegGeoTiff(20, 10, { epsg: 4258, geographic: true, origin: [10, 50], pixel: 0.001 }),
      "etrs89.tif",
    );
    const state = rasterState(emu, rasterId);
    expect(state.crs).toBe(4258);
    // ETRS89 and WGS84 agree to within a metre.
    for (const [i, v] of [10, 49.99, 10.02, 50].entries())
      expect(Math.abs(state.bounds![i]! - v)).toBeLessThan(1e-5);
  });

  it("takes a CRS the EPSG table has only a proj4 definition of (Bern 1898 (Bern), EPSG:4801)", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    // Longitudes from Bern's meridian (7°26'22.5"E of Greenwich, as EPSG:8907 defines it).
    const bern = 7 + 26 / 60 + 22.5 / 3600;
    const rasterId = await client(emu).uploadRaster(
      jpegGeoTiff(20, 10, { epsg: 4801, geographic: true, origin: [0, 46.95], pixel: 0.001 }),
      "bern-1898.tif",
    );
    const state = rasterState(emu, rasterId);
    expect([state.status, state.crs]).toEqual(["ready", 4801]);
    // Bessel's datum lies within a few hundred metres of WGS84 here (no shift is defined for it).
    expect(Math.abs(state.bounds![0]! - bern)).toBeLessThan(0.01);
    expect(Math.abs(state.bounds![3]! - 46.95)).toBeLessThan(0.01);
  });

  it("fails the upload of a GeoTIFF in a CRS that is not an EPSG one, saying why", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    for (const [epsg, reason] of [
      [9_999, "EPSG:9999 is not a coordinate reference system the EPSG index knows"],
      [32_767, "user-defined"],
    ] as const) {
      const created = (await call(emu, "POST", "rasters/upload/file/", { json: { name: "odd" } })).body as {
        upload_url: string;
        raster_id: string;
      };
      const tif = geoTiff(4, 4, { epsg, origin: [0, 0], pixel: 1 });
      expect((await fetch(created.upload_url, { method: "PUT", body: new Uint8Array(tif) })).status).toBe(
        200,
      );
      const op = await finished(emu, (await call(emu, "POST", `rasters/${created.raster_id}/commit/`)).body);
      expect(op).toMatchObject({ status: "failed", errors: [{ code: "invalid_file" }] });
      expect(JSON.stringify(op.errors)).toContain(reason);
    }
  });
});
