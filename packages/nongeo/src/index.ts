// Browser-safe entry: no Node built-ins and no `process` here or in anything it imports.
export { NongeoInputError } from "./errors";
export { nongeoResultToPixel } from "./result";
export { nongeoResultToPixelFeatureCollection } from "./feature-collection";
export { NONGEO_GEOTRANSFORM, nongeoPointToPixel, pixelToNongeoPoint } from "./geotransform";
export type {
  LngLat,
  NongeoInput,
  PixelFeature,
  PixelFeatureCollection,
  PixelMultiPolygonGeometry,
  PixelPolygon,
  PixelPolygonGeometry,
  PixelPosition,
  PixelRing,
} from "./types";
