import type { FeatureCollection, Polygon } from "@picterra/core";
import { type PixelPolygon, type PixelPosition, pixelToNongeoPoint } from "@picterra/nongeo";
import type { Rect } from "./scene";

/** A pixel bounding box: `[[minX, minY], [maxX, maxY]]`. */
export type PixelBox = [PixelPosition, PixelPosition];

/**
 * A rectangle as a lon/lat Polygon where Picterra places a non-georeferenced image. The ring runs
 * down-right-up-left in pixels (y down), which is counterclockwise in lon/lat, as RFC 7946 asks.
 */
export function rectToNongeoPolygon({ x, y, width, height }: Rect): Polygon {
  const corners: PixelPosition[] = [
    [x, y],
    [x, y + height],
    [x + width, y + height],
    [x + width, y],
    [x, y],
  ];
  return { type: "Polygon", coordinates: [corners.map((corner) => pixelToNongeoPoint(corner))] };
}

/** Rectangles as a FeatureCollection of lon/lat Polygons, ready for `setAnnotations`. */
export function rectsToFeatureCollection(rects: readonly Rect[]): FeatureCollection<Polygon, null> {
  return {
    type: "FeatureCollection",
    features: rects.map((rect) => ({
      type: "Feature",
      properties: null,
      geometry: rectToNongeoPolygon(rect),
    })),
  };
}

/** The bounding box of a polygon's outer ring, rounded to 1/1000 px so the summary stays readable. */
export function outerRingBox(polygon: PixelPolygon): PixelBox {
  const ring = polygon[0] ?? [];
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [px, py] of ring) {
    minX = Math.min(minX, px);
    minY = Math.min(minY, py);
    maxX = Math.max(maxX, px);
    maxY = Math.max(maxY, py);
  }
  return [
    [round(minX), round(minY)],
    [round(maxX), round(maxY)],
  ];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
