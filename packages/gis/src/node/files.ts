import { rm, stat } from "node:fs/promises";
import { extname } from "node:path";
import { writeFileAtomically } from "@picterra/node-fs";
import { GisInputError, shown } from "../errors";
import { csvSidecars, csvSink } from "../formats/csv";
import { flatGeobufSink } from "../formats/flatgeobuf";
import { geoJsonSink } from "../formats/geojson";
import { type ShapefileParts, shapefileSink } from "../formats/shapefile";
import { type Layer, type LayerOptions, type LayerSpec, openSink } from "../layer";
import type { LayerFeature } from "../types";
import { geoPackageSink, loadSqlite } from "./geopackage";

/** Every format a layer file can be. */
export type Format = "gpkg" | "fgb" | "shp" | "csv" | "geojson";

/** How a layer file is written. */
export interface WriteOptions extends LayerOptions {
  /** Default: from the file's extension (.gpkg, .fgb, .shp, .csv, .geojson or .json). */
  format?: Format;
  /** Shapefile names for fields over 10 characters that SHAPEFILE_NAMES does not cover. */
  shapefileNames?: Readonly<Record<string, string>>;
}

/** What a write did. */
export interface WrittenLayer {
  /** The format written, from the path's extension or the `format` option. */
  format: Format;
  /**
   * Every file written, the named one first (a Shapefile's .shx, .dbf, .prj and .cpg follow; a CSV's .csvt and
   * .prj).
   */
  files: string[];
  /** Features written. */
  count: number;
  /** `EPSG:NNNN`, or null for pixels (no CRS). */
  crs: string | null;
}

const EXTENSIONS: Record<string, Format> = {
  ".gpkg": "gpkg",
  ".fgb": "fgb",
  ".shp": "shp",
  ".csv": "csv",
  ".geojson": "geojson",
  ".json": "geojson",
};

/** The format of `path`: `format` if given (it must agree with a known extension), else its extension. */
export function formatOf(path: string, format?: Format): Format {
  const fromName = EXTENSIONS[extname(path).toLowerCase()];
  if (format !== undefined && !Object.values(EXTENSIONS).includes(format)) {
    throw new GisInputError(`format ${shown(format)} is not one of gpkg, fgb, shp, csv, geojson`);
  }
  if (format && fromName && format !== fromName) {
    throw new GisInputError(`${path} is named as ${fromName}, but the format asked for is ${format}`);
  }
  if (format === "shp" && fromName !== "shp") {
    throw new GisInputError(`a Shapefile is named by its .shp file; ${path} is not`);
  }
  const found = format ?? fromName;
  if (!found) {
    throw new GisInputError(
      `cannot tell the format of ${path}: name it .gpkg, .fgb, .shp, .csv or .geojson, or pass format`,
    );
  }
  return found;
}

type Content = string | Uint8Array | ShapefileParts;

/** A layer file being filled: `add` features (checked and reprojected at once), then `close` writes it. */
export interface LayerFile {
  /** The path `close` writes to. */
  readonly path: string;
  /** The format it writes, from the path's extension or the `format` option. */
  readonly format: Format;
  /** Features added so far. */
  readonly count: number;
  /** Adds features, each checked and reprojected as it comes (a `GisInputError` for one that cannot go in). */
  add(features: Iterable<LayerFeature>): void;
  /** Writes the file atomically (a temporary file renamed into place); nothing is written before. */
  close(): Promise<WrittenLayer>;
  /** Drops the layer: nothing is written. */
  abort(): void;
}

/**
 * Opens a layer file to fill from many inputs (e.g. every run of a journal): features go in with `add`, the
 * file is written whole by `close`. Nothing touches the disk before `close`, and a failed close leaves what
 * was there before (a Shapefile's parts are each replaced atomically; on a failure those it created are removed).
 */
export async function openLayer(path: string, options: WriteOptions = {}): Promise<LayerFile> {
  const format = formatOf(path, options.format);
  let layer: Layer<Content>;
  if (format === "gpkg") {
    const sqlite3 = await loadSqlite();
    layer = await openSink(options, (spec: LayerSpec) => geoPackageSink(sqlite3, spec));
  } else if (format === "shp") {
    layer = await openSink(options, (spec: LayerSpec) => shapefileSink(spec, options.shapefileNames));
  } else {
    layer = await openSink(
      options,
      { fgb: flatGeobufSink, csv: csvSink, geojson: geoJsonSink }[format] as never,
    );
  }
  return {
    path,
    format,
    get count() {
      return layer.count;
    },
    add: (features) => layer.add(features),
    abort: () => layer.abort(),
    async close() {
      const content = layer.finish();
      const crs = layer.spec?.crs ? `EPSG:${layer.spec.crs.code}` : null;
      let files: string[];
      if (format === "shp") files = await writeShapefile(path, content as ShapefileParts);
      else if (format === "csv" && layer.spec) files = await writeCsv(path, content as string, layer.spec);
      else files = [await writeOne(path, content as string | Uint8Array)];
      return { format, files, count: layer.count, crs };
    },
  };
}

/** Writes features to `path` in the format its extension (or `format`) names, in `crs`, atomically. */
export async function writeLayer(
  path: string,
  features: Iterable<LayerFeature>,
  options: WriteOptions = {},
): Promise<WrittenLayer> {
  const file = await openLayer(path, options);
  try {
    file.add(features);
  } catch (error) {
    file.abort();
    throw error;
  }
  return file.close();
}

async function writeOne(path: string, data: string | Uint8Array): Promise<string> {
  await writeFileAtomically(path, data);
  return path;
}

/** Sidecars of an older Shapefile at the same name that would now be wrong: a CRS for pixels, stale indexes. */
const STALE = [".qix", ".sbn", ".sbx"];

/** A file's sidecars keep the case of its extension, as GDAL looks for them (`X.SHP`, `X.PRJ`). */
function sidecarOf(path: string): (suffix: string) => string {
  const ext = extname(path);
  const base = path.slice(0, -ext.length);
  return (suffix) => base + (ext === ext.toUpperCase() ? suffix.toUpperCase() : suffix);
}

function writeShapefile(path: string, parts: ShapefileParts): Promise<string[]> {
  const sidecar = sidecarOf(path);
  return writeParts(
    [
      [path, parts.shp],
      [sidecar(".shx"), parts.shx],
      [sidecar(".dbf"), parts.dbf],
      [sidecar(".cpg"), parts.cpg],
      ...(parts.prj === null ? [] : ([[sidecar(".prj"), parts.prj]] as const)),
    ],
    [...STALE, ...(parts.prj === null ? [".prj"] : [])].map(sidecar),
  );
}

/** A CSV with the sidecars that give GDAL its columns' types and its CRS (a stale .prj goes for pixels). */
function writeCsv(path: string, csv: string, spec: LayerSpec): Promise<string[]> {
  const sidecar = sidecarOf(path);
  const { csvt, prj } = csvSidecars(spec);
  return writeParts(
    [[path, csv], [sidecar(".csvt"), csvt], ...(prj === null ? [] : ([[sidecar(".prj"), prj]] as const))],
    prj === null ? [sidecar(".prj")] : [],
  );
}

/**
 * Writes a layer's files, each whole and atomically, then removes `stale` sidecars; on a failure, the files
 * this call created are removed (those it replaced are already whole new ones).
 */
async function writeParts(
  files: readonly (readonly [string, string | Uint8Array])[],
  stale: readonly string[],
): Promise<string[]> {
  const existed = await Promise.all(
    files.map(([f]) =>
      stat(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  const written: string[] = [];
  try {
    for (const [file, data] of files) written.push(await writeOne(file, data));
  } catch (error) {
    await Promise.all(written.filter((_, i) => !existed[i]).map((f) => rm(f, { force: true })));
    throw error;
  }
  await Promise.all(stale.map((f) => rm(f, { force: true })));
  return written;
}
