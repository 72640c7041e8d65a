// The Node entry: everything of the browser-safe entry under the same names, plus files (written atomically),
// GeoPackage, Shapefile and the PNG preview.
export * from "./index";
export {
  formatOf,
  openLayer,
  writeLayer,
  type Format,
  type LayerFile,
  type WriteOptions,
  type WrittenLayer,
} from "./node/files";
export { toGeoPackage, toShapefile } from "./node/bytes";
export type { ShapefileParts } from "./formats/shapefile";
export { renderPng, renderPreview } from "./node/png";
