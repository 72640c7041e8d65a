import turfArea from "@turf/area";
import turfLength from "@turf/length";
import type { Polygon, Position } from "@picterra/core";

/** A polygon's geodesic measures: area (m²) and perimeter (m) with turf, and its centroid in lon/lat. */
export function geodesicMeasures(polygon: Polygon): {
  /** Geodesic area, in square metres. */
  area: number;
  /** Geodesic length of all rings, holes included, in metres. */
  perimeter: number;
  /** The area-weighted centroid, [longitude, latitude] in WGS 84 degrees. */
  centroid: [number, number];
} {
  return {
    area: turfArea(polygon),
    // turf's length walks every ring of a polygon, holes included: the outline a mower or a fence follows.
    perimeter: turfLength({ type: "Feature", geometry: polygon, properties: {} }, { units: "meters" }),
    centroid: planarCentroid(polygon.coordinates),
  };
}

/** A polygon's planar measures, in the units of its coordinates (pixels for a non-georeferenced image). */
export function planarMeasures(polygon: Polygon): {
  /** Planar area, in square units of the coordinates (square pixels). */
  area: number;
  /** Length of all rings, holes included, in units of the coordinates. */
  perimeter: number;
  /** The area-weighted centroid, [x, y] in units of the coordinates. */
  centroid: [number, number];
} {
  let area = 0;
  let perimeter = 0;
  polygon.coordinates.forEach((ring, i) => {
    const a = Math.abs(ringArea(ring));
    area += i === 0 ? a : -a;
    for (let k = 0; k + 1 < ring.length; k++) {
      perimeter += Math.hypot(ring[k + 1]![0]! - ring[k]![0]!, ring[k + 1]![1]! - ring[k]![1]!);
    }
  });
  return { area, perimeter, centroid: planarCentroid(polygon.coordinates) };
}

/** Twice the signed area of a closed ring (shoelace), positive counter-clockwise with y up. */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    sum += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  }
  return sum / 2;
}

/**
 * The area-weighted centroid of a polygon with holes, in its own coordinates (what GIS tools call the
 * centroid; turf's `centroid` is the mean of the vertices). Coordinates are taken relative to the first vertex
 * so that large projected numbers keep their precision. A polygon of no area gives its vertices' mean.
 */
export function planarCentroid(rings: readonly (readonly Position[])[]): [number, number] {
  const outer = rings[0] ?? [];
  const [ox, oy] = [outer[0]?.[0] ?? 0, outer[0]?.[1] ?? 0];
  let area = 0;
  let cx = 0;
  let cy = 0;
  rings.forEach((ring, i) => {
    let a = 0;
    let x = 0;
    let y = 0;
    for (let k = 0; k + 1 < ring.length; k++) {
      const x0 = ring[k]![0]! - ox;
      const y0 = ring[k]![1]! - oy;
      const x1 = ring[k + 1]![0]! - ox;
      const y1 = ring[k + 1]![1]! - oy;
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      x += (x0 + x1) * cross;
      y += (y0 + y1) * cross;
    }
    // Outer ring adds, holes subtract, whatever way each ring winds.
    const sign = (i === 0 ? 1 : -1) * Math.sign(a);
    area += sign * a;
    cx += sign * x;
    cy += sign * y;
  });
  if (area === 0) {
    const n = Math.max(1, outer.length - 1);
    let sx = 0;
    let sy = 0;
    for (let k = 0; k < n && k < outer.length; k++) {
      sx += outer[k]![0]!;
      sy += outer[k]![1]!;
    }
    return [sx / n, sy / n];
  }
  return [ox + cx / (3 * area), oy + cy / (3 * area)];
}
