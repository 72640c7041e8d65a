import { eachPolygonalGeometry } from "./geometries";
import { multiPolygonToPixel, polygonToPixel } from "./polygons";
import type { NongeoInput, PixelPolygon } from "./types";

/**
 * Converts a result on a non-georeferenced image (PNG/JPEG) to pixels: a list of polygons, each a list
 * of rings (outer ring, then holes), each a list of `[x, y]`. Wrong for georeferenced images.
 *
 * This is a beta function, subject to change.
 */
export function nongeoResultToPixel(geojson: NongeoInput): PixelPolygon[] {
  const polygons: PixelPolygon[] = [];
  eachPolygonalGeometry(geojson, (geometry, location) => {
    if (geometry.type === "Polygon") {
      polygons.push(polygonToPixel(geometry.coordinates, location));
    } else {
      // A loop, not push(...spread), so a MultiPolygon with very many parts cannot overflow the stack.
      for (const polygon of multiPolygonToPixel(geometry.coordinates, location)) polygons.push(polygon);
    }
  });
  return polygons;
}
