import { ValidationError } from "@picterra/core/machinery";

// GeoJSON type names read better bare ("a LineString") than quoted.
const GEOJSON_TYPES = new Set([
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "Polygon",
  "MultiPolygon",
  "GeometryCollection",
  "Feature",
  "FeatureCollection",
]);

const PREVIEW_LENGTH = 40;

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Circular or BigInt-holding values cannot be stringified; the message must still be built.
    text = String(value);
  }
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}

/** Names what a value is, for error messages ("a LineString", "null", "[200,0]"). */
export function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return preview(value);
  if (typeof value === "object") {
    const type = (value as { type?: unknown }).type;
    if (typeof type === "string") {
      return GEOJSON_TYPES.has(type) ? `a ${type}` : `an object with type ${preview(type)}`;
    }
    return "an object without a GeoJSON type";
  }
  return `the ${typeof value} ${preview(value)}`;
}

/**
 * Input a converter cannot use: says where, what, and what was expected. A `ValidationError` of
 * `@picterra/core`, so a `PicterraError` like every error of the Picterra packages.
 */
export class NongeoInputError extends ValidationError {
  /** "NongeoInputError". */
  override name = "NongeoInputError";
}

/** The error every converter throws for input it cannot use. */
export function invalidInput(where: string, found: unknown, expected: string): NongeoInputError {
  return new NongeoInputError(`${where || "input"} is ${describe(found)}; expected ${expected}`);
}
