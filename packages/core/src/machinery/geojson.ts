/** The GeoJSON shapes this client reads and writes (RFC 7946), kept local so core has no type dependency. */
export type Position = number[];
/** A bounding box: [west, south, east, north], or with min/max elevation. */
export type BBox = [number, number, number, number] | [number, number, number, number, number, number];
export interface Point {
  type: "Point";
  coordinates: Position;
}
export interface Polygon {
  type: "Polygon";
  coordinates: Position[][];
}
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Position[][][];
}
export interface OtherGeometry {
  type: "MultiPoint" | "LineString" | "MultiLineString";
  coordinates: unknown[];
}
export interface GeometryCollection {
  type: "GeometryCollection";
  geometries: Geometry[];
}
export type Geometry = Point | Polygon | MultiPolygon | OtherGeometry | GeometryCollection;
export type GeoJsonProperties = Record<string, unknown> | null;
export interface Feature<
  G extends Geometry | null = Geometry,
  P extends GeoJsonProperties = GeoJsonProperties,
> {
  type: "Feature";
  geometry: G;
  properties: P;
  id?: string | number;
  bbox?: BBox;
}
export interface FeatureCollection<
  G extends Geometry | null = Geometry,
  P extends GeoJsonProperties = GeoJsonProperties,
> {
  type: "FeatureCollection";
  features: Feature<G, P>[];
  bbox?: BBox;
}
/** A detection result for one class: a Feature holding the class's polygons as one MultiPolygon, with `class_name`. */
export type ClassResultFeature = Feature<MultiPolygon, { class_name: string }>;
