import { eachPolygonalGeometry } from "./geometries";
import { multiPolygonToPixel, polygonToPixel } from "./polygons";
import type { NongeoInput, PixelFeature, PixelFeatureCollection } from "./types";

/**
 * Converts a result on a non-georeferenced image to a FeatureCollection in pixel space that keeps each
 * feature's `properties` (e.g. `class_name`), `id` and geometry type, to draw over the image directly.
 *
 * This is a beta function, subject to change.
 */
export function nongeoResultToPixelFeatureCollection(geojson: NongeoInput): PixelFeatureCollection {
  const features: PixelFeature[] = [];
  eachPolygonalGeometry(geojson, (geometry, location, feature) => {
    const out: PixelFeature = {
      type: "Feature",
      // A bare geometry has no properties; `{}` rather than null because many drawing tools expect an object.
      properties: feature ? copyProperties(feature.properties) : {},
      geometry:
        geometry.type === "Polygon"
          ? { type: "Polygon", coordinates: polygonToPixel(geometry.coordinates, location) }
          : { type: "MultiPolygon", coordinates: multiPolygonToPixel(geometry.coordinates, location) },
    };
    // Only ids GeoJSON allows are kept; a feature `bbox` is dropped because it is in degrees.
    const id = feature?.id;
    if (typeof id === "string" || typeof id === "number") out.id = id;
    features.push(out);
  });
  return { type: "FeatureCollection", features };
}

function copyProperties(properties: unknown): Record<string, unknown> | null {
  // Shallow copy, so that adding drawing styles to the output does not change the caller's result.
  return typeof properties === "object" && properties !== null ? { ...properties } : null;
}
