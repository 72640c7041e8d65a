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
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i <= EDGE_SAMPLES; i++) {
    const t = i / EDGE_SAMPLES;
    for (const uv of [
      [t, 0],
      [t, 1],
      [0, t],
      [1, t],
    ] as Position[]) {
      const [lon, lat] = fromRelative(fp, uv);
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      w = Math.min(w, lon);
      e = Math.max(e, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    }
  }
  fp.lonLat = [w, s, e, n];
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

/** The bounding box [minX, minY, maxX, maxY] of a polygon's exterior ring. */
export function bbox(polygon: PolygonCoords): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of polygon[0] ?? []) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** The area centroid of a polygon's exterior ring (the vertex mean when the ring has no area). */
export function centroid(polygon: PolygonCoords): Position {
  const ring = polygon[0] ?? [];
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(area) < 1e-30) {
    const n = Math.max(ring.length, 1);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * area), cy / (3 * area)];
}

function inRing([x, y]: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside a polygon (inside its exterior ring, outside its holes). */
export function inPolygon(point: Position, polygon: PolygonCoords): boolean {
  const [outer, ...holes] = polygon;
  return outer !== undefined && inRing(point, outer) && !holes.some((hole) => inRing(point, hole));
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
