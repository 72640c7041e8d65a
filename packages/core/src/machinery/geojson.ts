/**
 * The GeoJSON shapes this client reads and writes (RFC 7946), kept local so core has no type dependency, and
 * shaped like the `geojson` package's types (which turf uses), so that objects pass between them both ways
 * without a cast.
 */
export type Position = number[];
/** A bounding box: [west, south, east, north], or with min/max elevation. */
export type BBox = [number, number, number, number] | [number, number, number, number, number, number];
/** A GeoJSON Point: one position. */
export interface Point {
  /** Always `"Point"`. */
  type: "Point";
  /** The point's position: [longitude, latitude] in WGS84, optionally with an elevation. */
  coordinates: Position;
  /** The geometry's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A GeoJSON MultiPoint: several positions. */
export interface MultiPoint {
  /** Always `"MultiPoint"`. */
  type: "MultiPoint";
  /** The positions, each [longitude, latitude]. */
  coordinates: Position[];
  /** The geometry's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A GeoJSON LineString: a line through two or more positions. */
export interface LineString {
  /** Always `"LineString"`. */
  type: "LineString";
  /** The line's positions in order, each [longitude, latitude]. */
  coordinates: Position[];
  /** The geometry's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A GeoJSON MultiLineString: several lines. */
export interface MultiLineString {
  /** Always `"MultiLineString"`. */
  type: "MultiLineString";
  /** The lines, each a list of positions. */
  coordinates: Position[][];
  /** The geometry's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A GeoJSON Polygon: an exterior ring and its holes. */
export interface Polygon {
  /** Always `"Polygon"`. */
  type: "Polygon";
  /** The exterior ring, then the holes; each ring is closed (its first position repeated last). */
  coordinates: Position[][];
  /** The geometry's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A GeoJSON MultiPolygon: several polygons (a detector's result for one class is one). */
export interface MultiPolygon {
  /** Always `"MultiPolygon"`. */
  type: "MultiPolygon";
  /** The polygons, each its exterior ring then its holes. */
  coordinates: Position[][][];
  /** The geometry's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** The geometries the client passes through without reading them. */
export type OtherGeometry = MultiPoint | LineString | MultiLineString;
/** A GeoJSON GeometryCollection: geometries of any kind together. */
export interface GeometryCollection {
  /** Always `"GeometryCollection"`. */
  type: "GeometryCollection";
  /** The geometries of the collection. */
  geometries: Geometry[];
  /** The collection's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** Any GeoJSON geometry. */
export type Geometry = Point | Polygon | MultiPolygon | OtherGeometry | GeometryCollection;
/** A feature's properties: an object of any values, or null. */
export type GeoJsonProperties = Record<string, unknown> | null;
/** A GeoJSON Feature: a geometry (or null) with its properties. */
export interface Feature<
  G extends Geometry | null = Geometry,
  P extends GeoJsonProperties = GeoJsonProperties,
> {
  /** Always `"Feature"`. */
  type: "Feature";
  /** The feature's geometry, or null for a feature without one. */
  geometry: G;
  /** The feature's properties, or null. */
  properties: P;
  /** The feature's identifier, when the data gives one. */
  id?: string | number | undefined;
  /** The feature's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A GeoJSON FeatureCollection: a list of features. */
export interface FeatureCollection<
  G extends Geometry | null = Geometry,
  P extends GeoJsonProperties = GeoJsonProperties,
> {
  /** Always `"FeatureCollection"`. */
  type: "FeatureCollection";
  /** The features, in the order the data gives them. */
  features: Feature<G, P>[];
  /** The collection's bounding box, when the data gives one. */
  bbox?: BBox | undefined;
}
/** A detection result for one class: a Feature holding the class's polygons as one MultiPolygon, with `class_name`. */
export type ClassResultFeature = Feature<
  MultiPolygon,
  {
    /** The name of the detector's class these polygons belong to. */
    class_name: string;
  }
>;
