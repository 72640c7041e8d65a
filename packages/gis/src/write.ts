import { type Layer, type LayerOptions, openSink } from "./layer";
import { csvSink } from "./formats/csv";
import { flatGeobufSink } from "./formats/flatgeobuf";
import { geoJsonSink } from "./formats/geojson";
import type { LayerFeature } from "./types";

/** The formats the browser-safe entry writes (bytes or text out). */
export type BrowserFormat = "geojson" | "csv" | "fgb";

/** What each browser format gives: text for GeoJSON and CSV, bytes for FlatGeobuf. */
export interface BrowserOutput {
  /** A GeoJSON FeatureCollection, as text. */
  geojson: string;
  /** A CSV table with the geometry as WKT, as text. */
  csv: string;
  /** A FlatGeobuf file, as bytes. */
  fgb: Uint8Array;
}

const SINKS = { geojson: geoJsonSink, csv: csvSink, fgb: flatGeobufSink };

/**
 * A layer to fill in steps (`add` as many batches as needed, e.g. one per run), then `finish` for its content:
 * for writing one combined layer from many inputs. Each feature is checked and reprojected as it is added.
 */
export function createLayer<F extends BrowserFormat>(
  format: F,
  options: LayerOptions = {},
): Promise<Layer<BrowserOutput[F]>> {
  return openSink(options, SINKS[format] as never);
}

async function all<F extends BrowserFormat>(
  format: F,
  features: Iterable<LayerFeature>,
  options: LayerOptions,
): Promise<BrowserOutput[F]> {
  const layer = await createLayer(format, options);
  layer.add(features);
  return layer.finish();
}

/** GeoJSON text of the features: WGS 84 unless `crs` asks for another (then named in a `crs` member). */
export function toGeoJson(features: Iterable<LayerFeature>, options: LayerOptions = {}): Promise<string> {
  return all("geojson", features, options);
}

/** CSV text: a `wkt` column (the geometry in `crs`, default WGS 84), then the attributes. */
export function toCsv(features: Iterable<LayerFeature>, options: LayerOptions = {}): Promise<string> {
  return all("csv", features, options);
}

/** A FlatGeobuf file with its spatial index and its CRS in the header. */
export function toFlatGeobuf(
  features: Iterable<LayerFeature>,
  options: LayerOptions = {},
): Promise<Uint8Array> {
  return all("fgb", features, options);
}
