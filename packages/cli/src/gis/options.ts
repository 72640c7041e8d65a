import { join } from "node:path";
import { GisInputError, checkFormatCrs, crsDefinition, epsgCode } from "@picterra/gis";
import type { Format } from "@picterra/gis/node";
import { InvalidArgumentError } from "commander";
import { UsageError } from "../errors";

/** The layer formats `--format` takes, in the order their files are written. */
export const LAYER_FORMATS: readonly Format[] = Object.freeze(["gpkg", "fgb", "shp", "csv", "geojson"]);

/** What a bulk run writes for GIS users: layer formats (maybe none), their CRS, and whether a preview. */
export interface GisSettings {
  formats: readonly Format[];
  /** `EPSG:NNNN` for the lon/lat layers; undefined: WGS 84. Pixel layers have no CRS whatever this says. */
  crs: string | undefined;
  preview: boolean;
}

/** Whether a run writes anything for GIS users (and so reads each raster's name and footprint). */
export function gisWanted(gis: GisSettings): boolean {
  return gis.formats.length > 0 || gis.preview;
}

/** A commander parser of `--format gpkg,fgb,…`: known formats only, each once, in the order given. */
export function layerFormats(value: string): Format[] {
  const given = value.split(",").map((f) => f.trim().toLowerCase());
  const unknown = given.filter((f) => !LAYER_FORMATS.includes(f as Format));
  if (unknown.length > 0 || given.length === 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${LAYER_FORMATS.join(", ")}.`);
  }
  return [...new Set(given as Format[])];
}

/** A commander parser of `--crs EPSG:NNNN`: its form only (the EPSG table is read by `checkCrs`). */
export function crsOption(value: string): string {
  try {
    return `EPSG:${epsgCode(value)}`;
  } catch {
    throw new InvalidArgumentError("expected an EPSG code, e.g. EPSG:2056.");
  }
}

/**
 * Checks `--crs` before any request: a code the EPSG table does not hold, or a CRS one of `formats` cannot
 * declare (a GeoPackage or a Shapefile needs its WKT), is bad usage (exit 2) naming it. Whether the CRS can
 * hold the data is known only when the data is there: that is checked as each layer is written.
 */
export async function checkCrs(crs: string | undefined, formats: readonly Format[]): Promise<void> {
  if (crs === undefined) return;
  try {
    const definition = await crsDefinition(crs);
    for (const format of formats) checkFormatCrs(format, definition);
  } catch (error) {
    if (error instanceof GisInputError) throw new UsageError(`--crs: ${error.message}`);
    throw error;
  }
}

/** The files of a layer in formats of many files: the parts written, and the sidecars a rewrite removes. */
const FORMAT_PARTS: Partial<Record<Format, readonly string[]>> = {
  shp: [".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"],
  csv: [".csv", ".csvt", ".prj"],
};

/** What an item's lon/lat layer adds to its name: `.objects.geojson`, since `.geojson` is its per-class file. */
function mapSuffix(format: Format): string {
  return format === "geojson" ? ".objects.geojson" : `.${format}`;
}

/** What an item's pixel layer adds to its name (pixels go to no GeoJSON: see `.pixels.geojson`). */
function pixelSuffix(format: Format): string {
  return `.pixels.${format}`;
}

/**
 * Every suffix an item's layer files may take, whatever the formats of this run: names are given (and kept in
 * the journal) free of all of them, so that a re-run with other formats finds its names free too.
 */
export const LAYER_SUFFIXES: readonly string[] = Object.freeze(
  LAYER_FORMATS.flatMap((format) => {
    const parts = FORMAT_PARTS[format] ?? [`.${format}`];
    const map = FORMAT_PARTS[format] ?? [mapSuffix(format)];
    const pixels = format === "geojson" ? [] : parts.map((p) => `.pixels${p}`);
    return [...map, ...pixels];
  }),
);

/** The file of an item's lon/lat layer in `format`. */
export function mapLayerFile(dir: string, name: string, format: Format): string {
  return join(dir, `${name}${mapSuffix(format)}`);
}

/** The file of an item's pixel layer in `format`, or undefined for GeoJSON (which holds no pixels). */
export function pixelLayerFile(dir: string, name: string, format: Format): string | undefined {
  return format === "geojson" ? undefined : join(dir, `${name}${pixelSuffix(format)}`);
}

/** The run's combined layers: `detections.<ext>` (lon/lat) and `detections.pixels.<ext>` (RESERVED_NAMES). */
export const RUN_LAYER_NAME = "detections";

/** The run's preview picture (RESERVED_NAMES). */
export const PREVIEW_FILE = "preview.png";
