import { toMercator, toWgs84 } from "@turf/projection";
import { invalidInput } from "./errors";
import type { LngLat, PixelPosition } from "./types";

/**
 * Where Picterra places a PNG/JPEG uploaded without georeference: EPSG:3857 (earth radius 6378137 m)
 * with this GDAL geotransform, `[x origin, pixel width, 0, y origin, 0, pixel height]`.
 */
export const NONGEO_GEOTRANSFORM: readonly [0, 0.1, 0, 0, 0, -0.1] = Object.freeze([
  0, 0.1, 0, 0, 0, -0.1,
] as const);

const [X_ORIGIN, PIXEL_WIDTH, , Y_ORIGIN, , PIXEL_HEIGHT] = NONGEO_GEOTRANSFORM;

const LNG_LAT_EXPECTED = "a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90";
const PIXEL_EXPECTED = "an [x, y] position of finite numbers";

/** True for an array whose first two items are an in-range longitude and latitude. */
export function isLngLat(value: unknown): value is readonly number[] {
  if (!Array.isArray(value)) return false;
  const lng: unknown = value[0];
  const lat: unknown = value[1];
  // Range comparisons also reject NaN, so no separate finiteness check is needed.
  return (
    typeof lng === "number" && typeof lat === "number" && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90
  );
}

/** The unchecked hot path: callers validate with `isLngLat` first. */
export function lngLatToPixel(lngLat: readonly number[]): PixelPosition {
  // turf's point projection returns a fresh [x, y]; scaling it in place makes it our output
  // without a second allocation per vertex.
  const xy = toMercator(lngLat as number[]);
  xy[0] = (xy[0]! - X_ORIGIN) / PIXEL_WIDTH;
  xy[1] = (xy[1]! - Y_ORIGIN) / PIXEL_HEIGHT;
  return xy as PixelPosition;
}

/**
 * Converts one WGS84 `[lng, lat]` of a result on a non-georeferenced image to image pixels `[x, y]`.
 *
 * This is a beta function, subject to change.
 */
export function nongeoPointToPixel(lngLat: readonly number[]): PixelPosition {
  if (!isLngLat(lngLat)) throw invalidInput("lngLat", lngLat, LNG_LAT_EXPECTED);
  return lngLatToPixel(lngLat);
}

/**
 * Converts image pixels `[x, y]` of a non-georeferenced image to the WGS84 `[lng, lat]` Picterra uses
 * for them, e.g. to build annotations or detection areas from pixel coordinates.
 *
 * This is a beta function, subject to change.
 */
export function pixelToNongeoPoint(pixel: readonly number[]): LngLat {
  const x: unknown = Array.isArray(pixel) ? pixel[0] : undefined;
  const y: unknown = Array.isArray(pixel) ? pixel[1] : undefined;
  if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw invalidInput("pixel", pixel, PIXEL_EXPECTED);
  }
  return toWgs84([X_ORIGIN + x * PIXEL_WIDTH, Y_ORIGIN + y * PIXEL_HEIGHT]) as LngLat;
}

export { LNG_LAT_EXPECTED };
