/**
 * The GeoJSON shapes this client reads and writes (RFC 7946), kept local so core has no type dependency, and
 * shaped like the `geojson` package's types (which turf uses), so that objects pass between them both ways
 * without a cast.
 */
export type Position = number[];
/** A bounding box: [west, south, east, north], or with min/max elevation. */
export type BBox = [number, number, number, number] | [number, number, number, number, number, number];
export interface Point {
  type: "Point";
  coordinates: Position;
  bbox?: BBox | undefined;
}
export interface MultiPoint {
  type: "MultiPoint";
  coordinates: Position[];
  bbox?: BBox | undefined;
}
export interface LineString {
  type: "LineString";
  coordinates: Position[];
  bbox?: BBox | undefined;
}
export interface MultiLineString {
  type: "MultiLineString";
  coordinates: Position[][];
  bbox?: BBox | undefined;
}
export interface Polygon {
  type: "Polygon";
  coordinates: Position[][];
  bbox?: BBox | undefined;
}
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Position[][][];
  bbox?: BBox | undefined;
}
/** The geometries the client passes through without reading them. */
export type OtherGeometry = MultiPoint | LineString | MultiLineString;
export interface GeometryCollection {
  type: "GeometryCollection";
  geometries: Geometry[];
  bbox?: BBox | undefined;
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
  id?: string | number | undefined;
  bbox?: BBox | undefined;
}
export interface FeatureCollection<
  G extends Geometry | null = Geometry,
  P extends GeoJsonProperties = GeoJsonProperties,
> {
  type: "FeatureCollection";
  features: Feature<G, P>[];
  bbox?: BBox | undefined;
}
/** A detection result for one class: a Feature holding the class's polygons as one MultiPolygon, with `class_name`. */
export type ClassResultFeature = Feature<MultiPolygon, { class_name: string }>;
