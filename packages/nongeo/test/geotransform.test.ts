import { describe, expect, it } from "vitest";
import {
  NONGEO_GEOTRANSFORM,
  nongeoPointToPixel,
  nongeoResultToPixel,
  pixelToNongeoPoint,
} from "../src/index";
import { lngLatOf, random } from "./support/geojson";

// PROTOCOL.md, "Non-georeferenced images": a 1520 × 1086 image, (lat, lng) → (x, y) rounded.
const CHECK_VALUES: Array<{ lat: number; lng: number; x: number; y: number }> = [
  { lat: -0.00097539, lng: 0.0013653, x: 1520, y: 1086 },
  { lat: -0.00097547, lng: 0.000000096, x: 0, y: 1086 },
  { lat: -0.000000034, lng: 0.000000034, x: 0, y: 0 },
  { lat: 0.000000129, lng: 0.00136532, x: 1520, y: 0 },
];

describe("the non-georeferenced placement", () => {
  it("is the documented geotransform, and cannot be changed by a caller", () => {
    expect(NONGEO_GEOTRANSFORM).toEqual([0, 0.1, 0, 0, 0, -0.1]);
    expect(Object.isFrozen(NONGEO_GEOTRANSFORM)).toBe(true);
  });

  it.each(CHECK_VALUES)("maps (lat $lat, lng $lng) to ($x, $y)", ({ lat, lng, x, y }) => {
    const [px, py] = nongeoPointToPixel([lng, lat]);
    // `+ 0` turns a rounded -0 into 0, which toEqual would otherwise tell apart.
    expect([Math.round(px) + 0, Math.round(py) + 0]).toEqual([x, y]);
  });

  it("gives the same check values through nongeoResultToPixel", () => {
    const ring = CHECK_VALUES.map(({ lat, lng }) => [lng, lat]);
    const [polygon] = nongeoResultToPixel({ type: "Polygon", coordinates: [[...ring, ring[0]!]] });
    const rounded = polygon![0]!.map(([x, y]) => [Math.round(x) + 0, Math.round(y) + 0]);
    expect(rounded).toEqual([...CHECK_VALUES.map(({ x, y }) => [x, y]), [1520, 1086]]);
  });

  it("maps the rounded corners back to within half a pixel of the check values", () => {
    // Half a 0.1 m pixel in degrees at the equator: the check values are themselves rounded to pixels.
    const halfPixelDegrees = 0.05 / ((6378137 * Math.PI) / 180);
    for (const { lat, lng, x, y } of CHECK_VALUES) {
      const [backLng, backLat] = pixelToNongeoPoint([x, y]);
      expect(Math.abs(backLng - lng)).toBeLessThan(halfPixelDegrees);
      expect(Math.abs(backLat - lat)).toBeLessThan(halfPixelDegrees);
    }
  });

  it("inverts exactly enough: lon/lat → pixel → lon/lat within 1e-12 degrees", () => {
    for (const { lat, lng } of CHECK_VALUES) {
      const [backLng, backLat] = pixelToNongeoPoint(nongeoPointToPixel([lng, lat]));
      expect(Math.abs(backLng - lng)).toBeLessThan(1e-12);
      expect(Math.abs(backLat - lat)).toBeLessThan(1e-12);
    }
  });

  it("returns plain [x, y] pairs and ignores a third (altitude) value", () => {
    const pixel = nongeoPointToPixel([0.001, -0.0005, 312]);
    expect(pixel).toHaveLength(2);
    expect(pixel.every(Number.isFinite)).toBe(true);
  });

  it("agrees with a hand-written inverse over many points", () => {
    const next = random(1);
    for (let i = 0; i < 1000; i++) {
      const pixel = [next() * 50_000, next() * 50_000];
      const [x, y] = nongeoPointToPixel(lngLatOf(pixel));
      expect(Math.abs(x - pixel[0]!)).toBeLessThan(1e-6);
      expect(Math.abs(y - pixel[1]!)).toBeLessThan(1e-6);
    }
  });

  it("round-trips pixel → lon/lat → pixel within 1e-6 px over many points", () => {
    const next = random(42);
    let worst = 0;
    // Includes points beyond the image in every direction: the transform is defined there too.
    for (let i = 0; i < 100_000; i++) {
      const x = (next() - 0.25) * 200_000;
      const y = (next() - 0.25) * 200_000;
      const [bx, by] = nongeoPointToPixel(pixelToNongeoPoint([x, y]));
      worst = Math.max(worst, Math.abs(bx - x), Math.abs(by - y));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});
