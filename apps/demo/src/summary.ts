import type { FeatureCollection } from "@picterra/core";
import type { PixelFeatureCollection, PixelPolygon } from "@picterra/nongeo";
import { area } from "@turf/turf";
import { ringArea } from "./sample-data";

/** One class of a detection result: how many objects, and their area on the ground and in the image. */
export interface ClassSummary {
  className: string;
  /** Number of polygons detected. */
  count: number;
  /** Their area in m², from the lon/lat result (@turf/turf `area`, geodesic). */
  areaM2: number;
  /** Their area in image pixels², from the pixel result (planar). */
  areaPx2: number;
}

/**
 * Summarises a detection result per `properties.class_name`, sorted by class name: the count and the area of the
 * polygons, from the lon/lat result and from its pixel conversion (the two must describe the same polygons).
 */
export function summarize(result: FeatureCollection, pixels: PixelFeatureCollection): ClassSummary[] {
  const byName = new Map<string, ClassSummary>();
  const entry = (properties: Record<string, unknown> | null): ClassSummary => {
    const className = String(properties?.["class_name"] ?? "object");
    let summary = byName.get(className);
    if (!summary) {
      summary = { className, count: 0, areaM2: 0, areaPx2: 0 };
      byName.set(className, summary);
    }
    return summary;
  };
  for (const feature of result.features) {
    entry(feature.properties).areaM2 += area(feature);
  }
  for (const feature of pixels.features) {
    const polygons: PixelPolygon[] =
      feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    const summary = entry(feature.properties);
    summary.count += polygons.length;
    for (const [outer, ...holes] of polygons) {
      summary.areaPx2 += ringArea(outer ?? []) - holes.reduce((sum, hole) => sum + ringArea(hole), 0);
    }
  }
  return [...byName.values()].sort((a, b) =>
    a.className < b.className ? -1 : a.className > b.className ? 1 : 0,
  );
}
