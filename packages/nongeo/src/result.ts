import { featureEach } from "@turf/meta";
import {
  checkedGeometry,
  type FeatureCollectionInput,
  type PolygonalGeometry,
  singleGeometry,
} from "./geometries";
import type { GeometryLocation } from "./location";
import { multiPolygonToPixel, polygonToPixel } from "./polygons";
import type { NongeoInput, PixelPolygon } from "./types";

function appendPolygons(out: PixelPolygon[], geometry: PolygonalGeometry, location: GeometryLocation): void {
  if (geometry.type === "Polygon") {
    out.push(polygonToPixel(geometry.coordinates, location));
    return;
  }
  // A loop, not push(...spread), so a MultiPolygon with very many parts cannot overflow the stack.
  const polygons = multiPolygonToPixel(geometry.coordinates, location);
  for (let p = 0; p < polygons.length; p++) out.push(polygons[p]!);
}

/**
 * Converts a result on a non-georeferenced image (PNG/JPEG) to pixels: a list of polygons, each a list
 * of rings (outer ring, then holes), each a list of `[x, y]`. Wrong for georeferenced images.
 *
 * This is a beta function, subject to change.
 */
export function nongeoResultToPixel(geojson: NongeoInput): PixelPolygon[] {
  const polygons: PixelPolygon[] = [];
  const single = singleGeometry(geojson);
  if (single) {
    appendPolygons(polygons, single.geometry, single.location);
    return polygons;
  }
  // Check every feature first, then convert in a plain loop: converting inside featureEach's callback,
  // or collecting in a helper, measured 5-8% slower on a 1M-vertex result (V8 inlining, not work done).
  const geometries: PolygonalGeometry[] = [];
  featureEach(geojson as FeatureCollectionInput, (feature, index) => {
    geometries.push(checkedGeometry(feature, index));
  });
  for (let i = 0; i < geometries.length; i++) appendPolygons(polygons, geometries[i]!, i);
  return polygons;
}
