import { featureEach } from "@turf/meta";
import {
  checkedGeometry,
  type FeatureCollectionInput,
  type PolygonalFeature,
  type PolygonalGeometry,
  singleGeometry,
} from "./geometries";
import type { GeometryLocation } from "./location";
import { multiPolygonToPixel, polygonToPixel } from "./polygons";
import type { NongeoInput, PixelFeature, PixelFeatureCollection } from "./types";

function pixelFeature(
  geometry: PolygonalGeometry,
  location: GeometryLocation,
  feature: PolygonalFeature | undefined,
): PixelFeature {
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
  return out;
}

function copyProperties(properties: unknown): Record<string, unknown> | null {
  // Shallow copy, so that adding drawing styles to the output does not change the caller's result.
  return typeof properties === "object" && properties !== null ? { ...properties } : null;
}

/**
 * Converts a result on a non-georeferenced image to a FeatureCollection in pixel space that keeps each
 * feature's `properties` (e.g. `class_name`), `id` and geometry type, to draw over the image directly.
 *
 * This is a beta function, subject to change.
 */
export function nongeoResultToPixelFeatureCollection(geojson: NongeoInput): PixelFeatureCollection {
  const single = singleGeometry(geojson);
  if (single) {
    return {
      type: "FeatureCollection",
      features: [pixelFeature(single.geometry, single.location, single.feature)],
    };
  }
  // Same two steps as nongeoResultToPixel (check every feature, then convert) for the same measured reason.
  const geometries: PolygonalGeometry[] = [];
  const sources: PolygonalFeature[] = [];
  featureEach(geojson as FeatureCollectionInput, (feature, index) => {
    geometries.push(checkedGeometry(feature, index));
    sources.push(feature as unknown as PolygonalFeature);
  });
  const features: PixelFeature[] = new Array(geometries.length);
  for (let i = 0; i < geometries.length; i++) features[i] = pixelFeature(geometries[i]!, i, sources[i]);
  return { type: "FeatureCollection", features };
}
