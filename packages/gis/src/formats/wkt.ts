import type { Position } from "@picterra/core";

const ring = (r: Position[]) => `(${r.map((p) => `${p[0]} ${p[1]}`).join(", ")})`;
const polygon = (rings: Position[][]) => `(${rings.map(ring).join(", ")})`;

/** The WKT of a polygon (the first of `polygons`) or of a multipolygon. */
export function wkt(polygons: Position[][][], type: "Polygon" | "MultiPolygon"): string {
  return type === "Polygon"
    ? `POLYGON ${polygon(polygons[0]!)}`
    : `MULTIPOLYGON (${polygons.map(polygon).join(", ")})`;
}
