import { bbox as turfBbox } from "@turf/bbox";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { centerOfMass } from "@turf/center-of-mass";
import type { Projection } from "./projection";

export type Position = [number, number];
export type Ring = Position[];
/** A polygon: its exterior ring, then its holes. */
export type PolygonCoords = Ring[];

/** Where a raster lies: its bounds in its own CRS (pixels are linear there) and in lon/lat. */
export interface Footprint {
  /** The raster's CRS, and the way to and from lon/lat. */
  projection: Projection;
  /** [minX, minY, maxX, maxY] in the raster's CRS. */
  bounds: [number, number, number, number];
  /** [west, south, east, north] in degrees: the box around the raster's outline in lon/lat. */
  lonLat: [number, number, number, number];
  width: number;
  height: number;
  /** False for an image placed by PROTOCOL.md's non-georeferenced rule. */
  georeferenced: boolean;
}

/** Points per edge where the outline is taken to lon/lat: a projected edge is a curve there. */
const EDGE_SAMPLES = 16;

/** A footprint from bounds in its CRS, or null when some of it has no lon/lat (outside the CRS's domain). */
export function footprint(
  projection: Projection,
  bounds: [number, number, number, number],
  width: number,
  height: number,
  georeferenced: boolean,
): Footprint | null {
  const fp: Footprint = { projection, bounds, lonLat: [0, 0, 0, 0], width, height, georeferenced };
  const outline: Position[] = [];
  for (let i = 0; i <= EDGE_SAMPLES; i++) {
    const t = i / EDGE_SAMPLES;
    for (const uv of [
      [t, 0],
      [t, 1],
      [0, t],
      [1, t],
    ] as Position[]) {
      const lonLat = fromRelative(fp, uv);
      if (!lonLat.every(Number.isFinite)) return null;
      outline.push(lonLat);
    }
  }
  fp.lonLat = turfBbox({ type: "MultiPoint", coordinates: outline }) as Footprint["lonLat"];
  return fp;
}

/**
 * PROTOCOL.md's placement of an image without georeference: EPSG:3857 with the geotransform
 * [0, 0.1, 0, 0, 0, -0.1], so pixel (x, y) is at (0.1 x, −0.1 y) metres.
 */
export function nonGeoreferenced(webMercator: Projection, width: number, height: number): Footprint {
  return footprint(webMercator, [0, -0.1 * height, 0.1 * width, 0], width, height, false)!;
}

/** A lon/lat position → its relative place (u right, v up, 0..1 inside) in a footprint's own CRS. */
export function toRelative(fp: Footprint, lonLat: Position): Position {
  const [x, y] = fp.projection.forward(lonLat);
  const [minX, minY, maxX, maxY] = fp.bounds;
  return [(x - minX) / (maxX - minX), (y - minY) / (maxY - minY)];
}

/** A relative place in a footprint (clamped into it) → lon/lat. */
export function fromRelative(fp: Footprint, [u, v]: Position): Position {
  const [minX, minY, maxX, maxY] = fp.bounds;
  const x = minX + clamp01(u) * (maxX - minX);
  const y = minY + clamp01(v) * (maxY - minY);
  return fp.projection.inverse([x, y]);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * A footprint's outline in lon/lat: its four edges, each taken at EDGE_SAMPLES points (a projected edge is a
 * curve there), counter-clockwise from the south-west corner as RFC 7946 wants exterior rings, closed.
 */
export function outline(fp: Footprint): Ring {
  const edges: ((t: number) => Position)[] = [
    (t) => [t, 0],
    (t) => [1, t],
    (t) => [1 - t, 1],
    (t) => [0, 1 - t],
  ];
  const ring: Ring = [];
  for (const edge of edges) {
    for (let i = 0; i < EDGE_SAMPLES; i++) ring.push(fromRelative(fp, edge(i / EDGE_SAMPLES)));
  }
  ring.push(ring[0]!);
  return ring;
}

/** A ring of a rectangle in lon/lat, counter-clockwise as RFC 7946 wants exterior rings. */
export function rectangle(w: number, s: number, e: number, n: number): Ring {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

/** The bounding box [minX, minY, maxX, maxY] of polygons (their holes lie inside their exterior rings). */
export function bbox(polygons: readonly PolygonCoords[]): [number, number, number, number] {
  return turfBbox({ type: "MultiPolygon", coordinates: [...polygons] }) as [number, number, number, number];
}

/** The area centroid of a polygon's exterior ring (@turf/center-of-mass; the vertex mean when it has no area). */
export function centroid(polygon: PolygonCoords): Position {
  return centerOfMass({ type: "Polygon", coordinates: polygon.slice(0, 1) }).geometry.coordinates as Position;
}

/** Whether a point lies inside a polygon (inside its exterior ring, outside its holes; an edge counts as inside). */
export function inPolygon(point: Position, polygon: PolygonCoords): boolean {
  return booleanPointInPolygon(point, { type: "Polygon", coordinates: polygon });
}

type GeoJsonObject = { type?: unknown; [key: string]: unknown };

/** A GeoJSON geometry's polygons, or null when it is not a valid Polygon/MultiPolygon. */
export function polygonsOf(geometry: unknown): PolygonCoords[] | null {
  const g = geometry as GeoJsonObject | null;
  if (g?.type === "Polygon" && isPolygon(g.coordinates)) return [g.coordinates];
  if (
    g?.type === "MultiPolygon" &&
    Array.isArray(g.coordinates) &&
    g.coordinates.every((p) => isPolygon(p))
  ) {
    return g.coordinates as PolygonCoords[];
  }
  return null;
}

/** Whether a value is a polygon's coordinates: rings of at least `minRingLength` finite [lon, lat] positions. */
export function isPolygon(value: unknown, minRingLength = 4): value is PolygonCoords {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (ring) =>
        Array.isArray(ring) &&
        ring.length >= minRingLength &&
        ring.every(
          (p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]),
        ),
    )
  );
}

/** A GeoJSON Feature as the emulator keeps it. */
export interface Feature {
  type: "Feature";
  geometry: unknown;
  properties: Record<string, unknown> | null;
}

/** The features of a GeoJSON FeatureCollection, or an error message saying why it is not one. */
export function featuresOf(value: unknown): Feature[] | string {
  const fc = value as GeoJsonObject | null;
  if (
    fc === null ||
    typeof fc !== "object" ||
    fc.type !== "FeatureCollection" ||
    !Array.isArray(fc.features)
  ) {
    return "the file is not a GeoJSON FeatureCollection";
  }
  for (const [i, f] of (fc.features as GeoJsonObject[]).entries()) {
    if (f === null || typeof f !== "object" || f.type !== "Feature" || !("geometry" in f)) {
      return `features[${i}] is not a GeoJSON Feature`;
    }
  }
  return fc.features as Feature[];
}
