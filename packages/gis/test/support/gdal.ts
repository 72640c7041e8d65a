import { spawnSync } from "node:child_process";

/** What `ogrinfo -al -so` says of a file's first layer. */
export interface LayerInfo {
  name: string;
  geometry: string;
  count: number;
  /** The SRS as GDAL prints it (WKT 2), or "" when the layer has none. */
  srs: string;
  /** Field name → GDAL type ("String", "Real", "Integer64", ...). */
  fields: Map<string, string>;
  extent: number[];
}

/** Runs a GDAL tool; fails on a non-zero exit or on any warning or error GDAL prints. */
export function gdal(tool: "ogrinfo" | "ogr2ogr", args: string[]): { out: string } {
  const run = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0 || /warning|error/i.test(run.stderr)) {
    throw new Error(`${tool} ${args.join(" ")} (exit ${run.status}):\n${run.stderr}`);
  }
  return { out: run.stdout };
}

/** `ogrinfo -al -so` parsed (GDAL 3.6 has no `-json`). */
export function layerInfo(path: string, ...open: string[]): LayerInfo {
  const { out } = gdal("ogrinfo", ["-al", "-so", ...open, path]);
  const line = (label: string) => new RegExp(`^${label}: (.*)$`, "m").exec(out)?.[1] ?? "";
  const srs =
    /^Layer SRS WKT:\n([\s\S]*?)\n(?:Data axis|FID Column|Geometry Column|\w+: )/m.exec(out)?.[1] ?? "";
  const fields = new Map<string, string>();
  // The field lines come last: "name: Type (width.precision)".
  const after = out.split(/^Data axis to CRS axis mapping.*$|^Layer SRS WKT:\n\(unknown\)$/m).pop() ?? "";
  for (const m of after.matchAll(/^(\w+): (\w+) \(\d+\.\d+\)$/gm)) fields.set(m[1]!, m[2]!);
  const extent =
    /^Extent: \(([-\d.e]+), ([-\d.e]+)\) - \(([-\d.e]+), ([-\d.e]+)\)$/m.exec(out)?.slice(1).map(Number) ??
    [];
  return {
    name: line("Layer name"),
    geometry: line("Geometry"),
    count: Number(line("Feature Count")),
    srs: srs.trim() === "(unknown)" ? "" : srs,
    fields,
    extent,
  };
}

/** The features GDAL reads from a file, as GeoJSON (ogr2ogr to /vsistdout/), optionally inside a box. */
export function readFeatures(
  path: string,
  options: { spat?: number[]; open?: string[] } = {},
): { type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] {
  const args = ["-f", "GeoJSON", "/vsistdout/", path, ...(options.open ?? [])];
  if (options.spat) args.push("-spat", ...options.spat.map(String));
  return JSON.parse(gdal("ogr2ogr", args).out).features;
}

/** An SQL answer of ogrinfo: the first value of the first row. */
export function sqlValue(path: string, sql: string): string {
  const { out } = gdal("ogrinfo", [path, "-sql", sql]);
  return /= (.*)$/m.exec(out)?.[1] ?? "";
}

/**
 * A layer's attributes as GDAL reads them with no open options, as a user opens the file: a CSV's types come
 * from its .csvt, and GDAL keeps the `wkt` column it reads the geometry from as an attribute too (left out here).
 */
export function attributes(file: string, info: { fields: Map<string, string> }): Record<string, string> {
  return Object.fromEntries([...info.fields].filter(([name]) => !(file.endsWith(".csv") && name === "wkt")));
}

/** The attributes of an object layer as GDAL reads them, by name and type. */
export const GEO_FIELDS = {
  class: "String",
  raster_id: "String",
  raster_name: "String",
  operation_id: "String",
  input: "String",
  area_m2: "Real",
  perimeter_m: "Real",
  centroid_lon: "Real",
  centroid_lat: "Real",
};

/** The same in a Shapefile: dBase holds 10 characters a name (the Shapefile names of @picterra/gis). */
export const SHP_FIELDS = {
  class: "String",
  raster_id: "String",
  raster_nm: "String",
  op_id: "String",
  input: "String",
  area_m2: "Real",
  perim_m: "Real",
  cent_lon: "Real",
  cent_lat: "Real",
};

/** The attributes of a pixel layer (no CRS, measures in pixels). */
export const PIXEL_FIELDS = {
  class: "String",
  raster_id: "String",
  raster_name: "String",
  operation_id: "String",
  input: "String",
  area_px: "Real",
  perimeter_px: "Real",
  centroid_x: "Real",
  centroid_y: "Real",
};
