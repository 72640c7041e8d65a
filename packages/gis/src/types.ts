import type { MultiPolygon, Polygon, Position } from "@picterra/core";

/** The geometries a layer holds: a detected object is a Polygon; a class or a plot may be a MultiPolygon. */
export type LayerGeometry = Polygon | MultiPolygon;

/** An attribute's value. `null` is an empty cell. */
export type FieldValue = string | number | boolean | null;

/** An attribute's type, as every format can store it. */
export type FieldType = "text" | "real" | "integer" | "boolean";

/** One attribute of a layer. */
export interface Field {
  /** The attribute's name, as the layer's column. */
  name: string;
  /** What kind of values it holds. */
  type: FieldType;
}

/** A feature a layer writer takes: a polygon or multipolygon with flat attributes. */
export interface LayerFeature<P extends Record<string, FieldValue> = Record<string, FieldValue>> {
  /** Always `"Feature"`. */
  type: "Feature";
  /** The feature's polygon or multipolygon, in the space the layer says (lon/lat or pixels). */
  geometry: LayerGeometry;
  /** The feature's attributes, by field name. */
  properties: P;
}

/** Where coordinates live: WGS 84 lon/lat (what Picterra returns), or pixels of a non-georeferenced image. */
export type CoordinateSpace = "lonlat" | "pixels";

/** What a result came from: every object carries it, so that a layer of many runs still says whose it is. */
export interface ObjectMeta {
  /** The raster the detector ran on. */
  rasterId?: string | null;
  /** The raster's name, as Picterra shows it. */
  rasterName?: string | null;
  /** The detection operation that produced the result. */
  operationId?: string | null;
  /** What the user gave for it: a file path or a raster id. */
  input?: string | null;
}

/** The attributes of a detected object on a georeferenced raster (lon/lat). */
export interface ObjectProperties {
  [key: string]: FieldValue;
  /** The name of the detector's class the object belongs to. */
  class: string;
  /** The raster the detector ran on (`ObjectMeta.rasterId`), or null. */
  raster_id: string | null;
  /** The raster's name (`ObjectMeta.rasterName`), or null. */
  raster_name: string | null;
  /** The detection operation that produced the object (`ObjectMeta.operationId`), or null. */
  operation_id: string | null;
  /** What the user gave for the run: a file path or a raster id (`ObjectMeta.input`), or null. */
  input: string | null;
  /** Geodesic area in square metres (turf, on the WGS 84 sphere). */
  area_m2: number;
  /** Geodesic length of all its rings, holes included, in metres. */
  perimeter_m: number;
  /** The area-weighted centroid, in WGS 84 degrees, whatever CRS the layer is written in. */
  centroid_lon: number;
  /** The centroid's latitude, in WGS 84 degrees. */
  centroid_lat: number;
}

/** The attributes of a detected object on a non-georeferenced image: measures in pixels, never metres. */
export interface PixelObjectProperties {
  [key: string]: FieldValue;
  /** The name of the detector's class the object belongs to. */
  class: string;
  /** The raster the detector ran on (`ObjectMeta.rasterId`), or null. */
  raster_id: string | null;
  /** The raster's name (`ObjectMeta.rasterName`), or null. */
  raster_name: string | null;
  /** The detection operation that produced the object (`ObjectMeta.operationId`), or null. */
  operation_id: string | null;
  /** What the user gave for the run: a file path or a raster id (`ObjectMeta.input`), or null. */
  input: string | null;
  /** Planar area, in square pixels. */
  area_px: number;
  /** Length of all its rings, holes included, in pixels. */
  perimeter_px: number;
  /** The area-weighted centroid's column, in pixels from the image's left edge. */
  centroid_x: number;
  /** The area-weighted centroid's row, in pixels down from the image's top edge. */
  centroid_y: number;
}

/** One detected object: one polygon, with its measures. */
export type ObjectFeature = LayerFeature<ObjectProperties> & {
  /** The object's polygon, in WGS 84 lon/lat. */
  geometry: Polygon;
};
/** One detected object on a non-georeferenced image, in pixels. */
export type PixelObjectFeature = LayerFeature<PixelObjectProperties> & {
  /** The object's polygon, in pixels. */
  geometry: Polygon;
};

export type { Position };
