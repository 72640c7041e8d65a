import { invalidInput } from "./errors";
import { isLngLat, LNG_LAT_EXPECTED, lngLatToPixel } from "./geotransform";
import type { PixelPolygon, PixelPosition } from "./types";

/** Converts a Polygon's `coordinates` (found at `path`) to pixels, validating as it goes. */
export function polygonToPixel(polygon: unknown, path: string): PixelPolygon {
  if (!Array.isArray(polygon)) throw invalidInput(path, polygon, "an array of linear rings");
  const rings: PixelPolygon = new Array(polygon.length);
  for (let r = 0; r < polygon.length; r++) {
    const ring: unknown = polygon[r];
    if (!Array.isArray(ring)) throw invalidInput(`${path}[${r}]`, ring, "an array of positions");
    // Validation and projection share one pass so each vertex is read once; the path string is only
    // built when something is wrong.
    const pixels: PixelPosition[] = new Array(ring.length);
    for (let i = 0; i < ring.length; i++) {
      const position: unknown = ring[i];
      if (!isLngLat(position)) throw invalidInput(`${path}[${r}][${i}]`, position, LNG_LAT_EXPECTED);
      pixels[i] = lngLatToPixel(position);
    }
    rings[r] = pixels;
  }
  return rings;
}

/** Converts a MultiPolygon's `coordinates` (found at `path`) to pixels, validating as it goes. */
export function multiPolygonToPixel(multiPolygon: unknown, path: string): PixelPolygon[] {
  if (!Array.isArray(multiPolygon)) throw invalidInput(path, multiPolygon, "an array of polygons");
  const polygons: PixelPolygon[] = new Array(multiPolygon.length);
  for (let p = 0; p < multiPolygon.length; p++) {
    polygons[p] = polygonToPixel(multiPolygon[p], `${path}[${p}]`);
  }
  return polygons;
}
