import { schemaValues } from "../generated/picterra-v2.values";
import { ValidationError } from "../machinery/errors";
import type { FeatureCollection } from "../machinery/geojson";
import { type UploadBody, isUploadBody, jsonBody } from "../machinery/uploads";
import { checkFeatureCollection, checkPolygonCollection } from "../machinery/geojson-checks";
import { checkPattern } from "../machinery/validate";

/** Allowed values and defaults of the v2 document (generated), so the checks cannot drift from it. */
export const values = schemaValues;

const HEX_COLOR = new RegExp(values.HexColor.pattern);

/** An HTML hex color like '#aabbcc', as the document's HexColor pattern says. */
export function checkColor(what: string, value: unknown): string {
  return checkPattern(what, value, HEX_COLOR, "an HTML hex color like '#aabbcc'");
}

/**
 * A GeoJSON document to upload: a FeatureCollection is checked (Polygon/MultiPolygon only when `polygonsOnly`)
 * and sent as JSON; bytes or an Uploader go as they are (a file's content is checked by node-fs).
 */
export function geojsonBody(
  what: string,
  value: FeatureCollection | UploadBody,
  polygonsOnly: boolean,
): UploadBody {
  if (typeof value === "string") {
    throw new ValidationError(
      `${what} is a string, not a GeoJSON object: pass the FeatureCollection itself, or a file's path to the matching function of @picterra/node-fs`,
    );
  }
  if (isUploadBody(value)) return value;
  const fc = polygonsOnly ? checkPolygonCollection(what, value) : checkFeatureCollection(what, value);
  return jsonBody(fc);
}
