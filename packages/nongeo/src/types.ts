import type { AllGeoJSON } from "@turf/helpers";

/**
 * What the converters accept: any GeoJSON object. Only Polygon, MultiPolygon, a Feature of one of
 * those, or a FeatureCollection of such Features is valid; anything else is rejected at run time
 * with a `NongeoInputError` (a PicterraError) that says what was found and where.
 */
export type NongeoInput = AllGeoJSON;

/** A `[lng, lat]` position in WGS84 degrees. */
export type LngLat = [lng: number, lat: number];

/** An `[x, y]` position in image pixels (x to the right, y down, origin at the top-left corner). */
export type PixelPosition = [x: number, y: number];

/** A linear ring in pixels. */
export type PixelRing = PixelPosition[];

/** A polygon in pixels: the outer ring first, then its holes. */
export type PixelPolygon = PixelRing[];

/** A Polygon geometry in pixel space. */
export interface PixelPolygonGeometry {
  /** Always "Polygon". */
  type: "Polygon";
  /** The outer ring, then the holes, in pixels. */
  coordinates: PixelPolygon;
}

/** A MultiPolygon geometry in pixel space. */
export interface PixelMultiPolygonGeometry {
  /** Always "MultiPolygon". */
  type: "MultiPolygon";
  /** The polygons, in pixels. */
  coordinates: PixelPolygon[];
}

/** A Feature in pixel space; `properties` and `id` come from the input feature. */
export interface PixelFeature {
  /** Always "Feature". */
  type: "Feature";
  /** The input feature's id, if it had one. */
  id?: string | number;
  /** The input feature's properties (e.g. `class_name`), as they were. */
  properties: Record<string, unknown> | null;
  /** The geometry, in pixels: the input's type (Polygon or MultiPolygon). */
  geometry: PixelPolygonGeometry | PixelMultiPolygonGeometry;
}

/** A FeatureCollection in pixel space, ready to draw over the image. */
export interface PixelFeatureCollection {
  /** Always "FeatureCollection". */
  type: "FeatureCollection";
  /** One feature per input feature, in order. */
  features: PixelFeature[];
}
