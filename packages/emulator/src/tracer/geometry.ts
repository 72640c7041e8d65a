import { area } from "@turf/area";
import { booleanValid } from "@turf/boolean-valid";
import { centroid } from "@turf/centroid";
import { kinks } from "@turf/kinks";
import { isPolygon } from "../geo";

/** A ring of [lon, lat] positions. */
type Ring = number[][];

/** A plot's geometry as uploaded: structurally a Polygon or MultiPolygon, not necessarily a valid one. */
export type PlotGeometry =
  | { type: "Polygon"; coordinates: Ring[] }
  | { type: "MultiPolygon"; coordinates: Ring[][] };

/** What is wrong with a plot's polygon, as a precheck says it. */
export interface GeometryProblem {
  code: "self_intersection" | "invalid_geometry";
  message: string;
}

/** The geometry when it is shaped like a Polygon or MultiPolygon (rings of [lon, lat] numbers), else why not. */
export function plotGeometry(value: unknown): PlotGeometry | string {
  const g = value as { type?: unknown; coordinates?: unknown } | null;
  if (g === null || typeof g !== "object") return "has no geometry";
  if (g.type === "Polygon") {
    return isPlotPolygon(g.coordinates)
      ? (g as PlotGeometry)
      : "is a Polygon whose coordinates are not rings of [lon, lat]";
  }
  if (g.type === "MultiPolygon") {
    return Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPlotPolygon)
      ? (g as PlotGeometry)
      : "is a MultiPolygon whose coordinates are not polygons of rings of [lon, lat]";
  }
  return `is a ${typeof g.type === "string" ? g.type : "geometry of no type"}, not a Polygon or MultiPolygon`;
}

/** Rings of [lon, lat] of any length: a ring too short to close is the precheck's `invalid_geometry`. */
function isPlotPolygon(value: unknown): boolean {
  return isPolygon(value, 1);
}

function polygonsOf(geometry: PlotGeometry): Ring[][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

function feature(geometry: PlotGeometry) {
  return { type: "Feature" as const, properties: {}, geometry };
}

/**
 * Why a polygon is not valid, or null: a self-intersection (where, by @turf/kinks), a ring that is not closed
 * or has fewer than 4 positions, or anything else @turf/boolean-valid refuses (e.g. overlapping parts).
 */
export function geometryProblem(geometry: PlotGeometry): GeometryProblem | null {
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      if (ring.length < 4) {
        return { code: "invalid_geometry", message: `a ring has ${ring.length} positions, fewer than 4` };
      }
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return {
          code: "invalid_geometry",
          message: "a ring is not closed (its last position is not its first)",
        };
      }
    }
  }
  const crossings = kinks(feature(geometry)).features;
  if (crossings.length > 0) {
    const [lon, lat] = crossings[0]!.geometry.coordinates as [number, number];
    return {
      code: "self_intersection",
      message: `the polygon intersects itself at [${round6(lon)}, ${round6(lat)}]`,
    };
  }
  if (!booleanValid(feature(geometry))) {
    return { code: "invalid_geometry", message: "the polygon is not valid (e.g. overlapping parts)" };
  }
  return null;
}

/** Geodesic area in hectares (@turf/area), rounded to 4 decimals (1 m²). */
export function areaHectares(geometry: PlotGeometry): number {
  return Math.round(area(feature(geometry))) / 10_000;
}

/** @turf/centroid: the mean of the vertices, each ring's closing position left out. */
export function plotCentroid(geometry: PlotGeometry): [number, number] {
  const [lon, lat] = centroid(feature(geometry)).geometry.coordinates as [number, number];
  return [lon, lat];
}

/** Coordinates rounded to 6 decimals (~0.1 m), the precision the EU's TRACES NT asks for. */
export function roundedGeometry(geometry: PlotGeometry): PlotGeometry {
  const ring = (r: Ring) => r.map((p) => p.map(round6));
  return geometry.type === "Polygon"
    ? { type: "Polygon", coordinates: geometry.coordinates.map(ring) }
    : { type: "MultiPolygon", coordinates: geometry.coordinates.map((poly) => poly.map(ring)) };
}

/** The geometry as Well-Known Text, for a spreadsheet cell. */
export function toWkt(geometry: PlotGeometry): string {
  const ring = (r: Ring) => `(${r.map((p) => `${p[0]} ${p[1]}`).join(", ")})`;
  const polygon = (rings: Ring[]) => `(${rings.map(ring).join(", ")})`;
  return geometry.type === "Polygon"
    ? `POLYGON ${polygon(geometry.coordinates)}`
    : `MULTIPOLYGON (${geometry.coordinates.map(polygon).join(", ")})`;
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
