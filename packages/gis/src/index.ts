// The browser-safe entry: per-object features and their measures, GeoJSON, CSV and FlatGeobuf as text or bytes,
// CRS definitions and the preview's SVG. No Node built-in, no `process`. Files, GeoPackage, Shapefile and the
// PNG preview are in "@picterra/gis/node".
export {
  OBJECT_FIELDS,
  PIXEL_OBJECT_FIELDS,
  resultObjects,
  pixelResultObjects,
  type ClassResult,
} from "./objects";
export { geodesicMeasures, planarMeasures } from "./measures";
export { createLayer, toCsv, toFlatGeobuf, toGeoJson, type BrowserFormat, type BrowserOutput } from "./write";
export type { Layer, LayerOptions, LayerSpec } from "./layer";
export { checkFormatCrs, crsDefinition, epsgCode, WGS84, type CrsDefinition } from "./crs/epsg";
export { AREA_OF_USE_MARGIN } from "./crs/reproject";
export { SHAPEFILE_NAMES } from "./formats/shapefile";
export { GisInputError } from "./errors";
export type {
  CoordinateSpace,
  Field,
  FieldType,
  FieldValue,
  LayerFeature,
  LayerGeometry,
  ObjectFeature,
  ObjectMeta,
  ObjectProperties,
  PixelObjectFeature,
  PixelObjectProperties,
} from "./types";
export { previewSvg, type PreviewInput } from "./preview/preview";
export { imageDetectionsSvg, type PixelShapes } from "./preview/image";
export {
  OUTCOME_STYLES,
  outcomeStyle,
  plotsLayout,
  plotsSvg,
  type Outcome,
  type PlotShape,
} from "./preview/plots";
export { fitLonLat, scaleBar, type MapBox, type MapLayout } from "./preview/layout";
