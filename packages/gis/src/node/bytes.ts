import { type LayerOptions, openSink } from "../layer";
import { type ShapefileParts, shapefileSink } from "../formats/shapefile";
import type { LayerFeature } from "../types";
import { geoPackageSink, loadSqlite } from "./geopackage";

/** A GeoPackage's bytes: one feature table with its R-tree index, in `crs` (default WGS 84; srs_id -1 for pixels). */
export async function toGeoPackage(
  features: Iterable<LayerFeature>,
  options: LayerOptions = {},
): Promise<Uint8Array> {
  const sqlite3 = await loadSqlite();
  const layer = await openSink(options, (spec) => geoPackageSink(sqlite3, spec));
  try {
    layer.add(features);
  } catch (error) {
    layer.abort();
    throw error;
  }
  return layer.finish();
}

/** A Shapefile's parts (.shp, .shx, .dbf, .prj, .cpg) as bytes and text. */
export async function toShapefile(
  features: Iterable<LayerFeature>,
  options: LayerOptions & { shapefileNames?: Readonly<Record<string, string>> } = {},
): Promise<ShapefileParts> {
  const layer = await openSink(options, (spec) => shapefileSink(spec, options.shapefileNames));
  layer.add(features);
  return layer.finish();
}
