// Sample data made in code (the tests make their own data): lon/lat built from known pixels with
// an independent inverse of the PROTOCOL.md formula, so the expected pixels are known exactly.

const EARTH_RADIUS = 6378137;
const RAD_TO_DEG = 180 / Math.PI;

/** Pixel [x, y] → [lng, lat] on Picterra's non-georeferenced placement, written out by hand. */
export function lngLatOf([x, y]: readonly number[]): [number, number] {
  const mx = x! * 0.1;
  const my = y! * -0.1;
  return [
    (mx / EARTH_RADIUS) * RAD_TO_DEG,
    (2 * Math.atan(Math.exp(my / EARTH_RADIUS)) - Math.PI / 2) * RAD_TO_DEG,
  ];
}

/** A closed axis-aligned ring in pixels: [x0, y0] → [x1, y0] → [x1, y1] → [x0, y1] → [x0, y0]. */
export function pixelBox(x0: number, y0: number, x1: number, y1: number): number[][] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

/** The same ring in lon/lat. */
export function lngLatRing(pixelRing: number[][]): number[][] {
  return pixelRing.map(lngLatOf);
}

/** A polygon (outer ring + holes) given in pixels, returned in lon/lat. */
export function lngLatPolygon(...pixelRings: number[][][]): number[][][] {
  return pixelRings.map(lngLatRing);
}

/** Asserts two nested coordinate arrays have the same shape and agree within `tolerance` pixels. */
export function maxDifference(actual: unknown, expected: unknown, path = "$"): number {
  if (typeof expected === "number") {
    if (typeof actual !== "number")
      throw new Error(`${path}: expected a number, got ${JSON.stringify(actual)}`);
    return Math.abs(actual - expected);
  }
  if (!Array.isArray(expected) || !Array.isArray(actual) || actual.length !== expected.length) {
    throw new Error(`${path}: shapes differ (${JSON.stringify(actual)?.slice(0, 80)})`);
  }
  let max = 0;
  expected.forEach((item, i) => {
    max = Math.max(max, maxDifference(actual[i], item, `${path}[${i}]`));
  });
  return max;
}

/** A small deterministic PRNG (mulberry32), so "many points" are the same points on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
