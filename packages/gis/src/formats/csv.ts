import type { FormatSink, LayerSpec, PreparedFeature } from "../layer";
import type { FieldType, FieldValue } from "../types";
import { wkt } from "./wkt";

/** A CSV cell: quoted (RFC 4180) when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cell(value: FieldValue): string {
  if (value === null) return "";
  return typeof value === "string" ? csvCell(value) : String(value);
}

/**
 * CSV text (RFC 4180, CRLF): a `wkt` column with the geometry in the layer's CRS, then the attributes. CSV
 * cannot say which CRS its WKT is in nor its columns' types: a file's sidecars do (`csvSidecars`).
 */
export function csvSink(spec: LayerSpec): FormatSink<string> {
  const lines = [["wkt", ...spec.fields.map((f) => f.name)].map(csvCell).join(",")];
  return {
    add(feature: PreparedFeature) {
      lines.push([csvCell(wkt(feature.polygons, spec.geometryType)), ...feature.values.map(cell)].join(","));
    },
    finish() {
      return `${lines.join("\r\n")}\r\n`;
    },
  };
}

/** GDAL's names (a `.csvt` file) for the types of our columns. */
const CSVT_TYPES: Readonly<Record<FieldType, string>> = {
  text: "String",
  real: "Real",
  integer: "Integer64",
  boolean: "Integer(Boolean)",
};

/**
 * What a CSV file cannot say itself, in the sidecars GDAL (and so QGIS) reads beside it: `.csvt`, the type of
 * each column (the `wkt` column as the geometry), and `.prj`, the CRS as WKT (null for pixels, or a CRS the
 * EPSG table has no WKT for).
 */
export function csvSidecars(spec: LayerSpec): { csvt: string; prj: string | null } {
  const types = ["WKT", ...spec.fields.map((f) => CSVT_TYPES[f.type])];
  return { csvt: `${types.map((t) => `"${t}"`).join(",")}\r\n`, prj: spec.crs?.wkt ?? null };
}
