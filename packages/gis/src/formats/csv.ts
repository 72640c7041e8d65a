import type { FormatSink, LayerSpec, PreparedFeature } from "../layer";
import type { FieldValue } from "../types";
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
 * cannot say which CRS its WKT is in: the caller keeps that (a GeoPackage or a Shapefile can).
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
