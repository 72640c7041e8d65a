import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { crsDefinition } from "@picterra/gis";
import { describe, expect, it } from "vitest";
import {
  LV95,
  LV95_ORIGIN,
  checkPlacement,
  lonLatToLv95,
  lonLatToLv95Pixel,
  lv95PixelToLonLat,
  placementProblem,
} from "../src/projected";

const square = {
  className: "building",
  ring: [
    [10, 10],
    [20, 10],
    [20, 20],
    [10, 20],
    [10, 10],
  ],
};
const tree = {
  className: "tree",
  ring: [
    [50, 40],
    [60, 50],
    [50, 60],
    [40, 50],
    [50, 40],
  ],
};

/** A detection (lon/lat) of a pixel ring, shifted by (dx, dy) pixels. */
const detected = (ring: number[][], dx = 0, dy = 0) => [
  ring.map(([x, y]) => lv95PixelToLonLat([x! + dx, y! + dy])),
];

describe("Swiss LV95", () => {
  it("is EPSG's definition, as epsg-index 2.0.0 and @picterra/gis's table (which the emulator reads) give it", async () => {
    const require = createRequire(import.meta.url);
    const entry = JSON.parse(await readFile(require.resolve("epsg-index/s/2056.json"), "utf8"));
    expect(entry).toMatchObject({ code: "2056", name: LV95.name, kind: "CRS-PROJCRS", proj4: LV95.proj4 });
    expect(await crsDefinition(`EPSG:${LV95.code}`)).toMatchObject({ name: LV95.name, proj4: LV95.proj4 });
  });

  it("puts Bern's old observatory, LV95's origin, at 2600000 / 1200000", () => {
    // The fundamental point: 7° 26' 22.50" E, 46° 57' 08.66" N on Bessel/CH1903+, which the datum shift
    // moves about a hundred metres on WGS84; the false origin lies within that of it.
    const [east, north] = lonLatToLv95([7.4395833, 46.9524056]);
    expect(Math.abs(east - 2600000)).toBeLessThan(150);
    expect(Math.abs(north - 1200000)).toBeLessThan(150);
  });

  it("takes pixels to lon/lat and back, the image's top-left corner at its origin", () => {
    for (const pixel of [
      [0, 0],
      [255.5, 191.25],
      [128, 3],
    ]) {
      const back = lonLatToLv95Pixel(lv95PixelToLonLat(pixel));
      // proj4's datum shift back to Bessel is iterative: the round trip is good to about a millimetre.
      expect(back[0]).toBeCloseTo(pixel[0]!, 2);
      expect(back[1]).toBeCloseTo(pixel[1]!, 2);
    }
    const [east, north] = lonLatToLv95(lv95PixelToLonLat([0, 0]));
    expect(east).toBeCloseTo(LV95_ORIGIN[0], 2);
    expect(north).toBeCloseTo(LV95_ORIGIN[1], 2);
  });
});

describe("checkPlacement", () => {
  it("matches each drawn object with the one detection of its class on it", () => {
    const check = checkPlacement(
      [
        { className: "building", polygons: [detected(square.ring, 0.5, -0.5)] },
        { className: "tree", polygons: [detected(tree.ring)] },
      ],
      [square, tree],
      lonLatToLv95Pixel,
    );
    expect(check).toMatchObject({ detections: 2, matched: 2, objects: 2 });
    expect(placementProblem(check)).toBeNull();
    expect(check.worstPx).toBeCloseTo(Math.SQRT1_2, 2);
    expect(check.pixels[0]!.ring[0]![0]).toBeCloseTo(10.5, 2);
  });

  it("does not match a detection too far off, of another class, or one of two on the same object", () => {
    const far = checkPlacement(
      [{ className: "building", polygons: [detected(square.ring, 3, 0)] }],
      [square],
      lonLatToLv95Pixel,
    );
    expect(far.matched).toBe(0);
    const wrongClass = checkPlacement(
      [{ className: "tree", polygons: [detected(square.ring)] }],
      [square],
      lonLatToLv95Pixel,
    );
    expect(wrongClass.matched).toBe(0);
    const twice = checkPlacement(
      [{ className: "building", polygons: [detected(square.ring), detected(square.ring, 1, 0)] }],
      [square],
      lonLatToLv95Pixel,
    );
    expect(twice).toMatchObject({ detections: 2, matched: 0 });
    expect(placementProblem(twice)).toBe("0 of 1 drawn objects have a detection on them, among 2 detections");
    expect(placementProblem({ ...twice, matched: 1 })).not.toBeNull();
  });
});
