import { invalidInput } from "./errors";
import { isLngLat, LNG_LAT_EXPECTED, lngLatToPixel } from "./geotransform";
import { coordinatesPath, type GeometryLocation } from "./location";
import type { PixelPolygon, PixelPosition } from "./types";

/**
 * Converts a Polygon's `coordinates` to pixels, validating as it goes. `partIndex` is the polygon's
 * index inside a MultiPolygon, or -1 for a Polygon; with `location` it only serves error messages.
 */
export function polygonToPixel(polygon: unknown, location: GeometryLocation, partIndex = -1): PixelPolygon {
  if (!Array.isArray(polygon)) {
    throw invalidInput(coordinatesPath(location, partIndex), polygon, "an array of linear rings");
  }
  const rings: PixelPolygon = new Array(polygon.length);
  for (let r = 0; r < polygon.length; r++) {
    const ring: unknown = polygon[r];
    if (!Array.isArray(ring)) {
      throw invalidInput(coordinatesPath(location, partIndex, r), ring, "an array of positions");
    }
    // Validation and projection share one pass so each vertex is read once.
    const pixels: PixelPosition[] = new Array(ring.length);
    for (let i = 0; i < ring.length; i++) {
      const position: unknown = ring[i];
      if (!isLngLat(position)) {
        throw invalidInput(coordinatesPath(location, partIndex, r, i), position, LNG_LAT_EXPECTED);
      }
      pixels[i] = lngLatToPixel(position);
    }
    rings[r] = pixels;
  }
  return rings;
}

/** Converts a MultiPolygon's `coordinates` to pixels, validating as it goes. */
export function multiPolygonToPixel(multiPolygon: unknown, location: GeometryLocation): PixelPolygon[] {
  if (!Array.isArray(multiPolygon)) {
    throw invalidInput(coordinatesPath(location), multiPolygon, "an array of polygons");
  }
  const polygons: PixelPolygon[] = new Array(multiPolygon.length);
  for (let p = 0; p < multiPolygon.length; p++) {
    polygons[p] = polygonToPixel(multiPolygon[p], location, p);
  }
  return polygons;
}
