import { ValidationError } from "./errors";
import type { FeatureCollection } from "./geojson";

// Picterra ids are UUIDs; anything with a slash, space or query character would change the URL we call.
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A non-empty id that is safe to put in a URL path. */
export function checkId(what: string, value: unknown): string {
  if (typeof value !== "string" || !ID.test(value)) {
    throw new ValidationError(
      `${what} must be a non-empty id (letters, digits, '-', '_', '.'), got ${show(value)}`,
    );
  }
  return value;
}

export function checkString(what: string, value: unknown): string {
  if (typeof value !== "string") throw new ValidationError(`${what} must be a string, got ${show(value)}`);
  return value;
}

export function checkEnum<T extends string>(what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(
      `${what} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}, got ${show(value)}`,
    );
  }
  return value as T;
}

export function checkInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${what} must be an integer between ${min} and ${max}, got ${show(value)}`);
  }
  return value;
}

export function checkNumber(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(`${what} must be a number between ${min} and ${max}, got ${show(value)}`);
  }
  return value;
}

export function checkBoolean(what: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ValidationError(`${what} must be a boolean, got ${show(value)}`);
  return value;
}

// ISO-8601 as the API documents it: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export function checkDateTime(what: string, value: unknown): string {
  if (typeof value !== "string" || !ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError(
      `${what} must be an ISO-8601 date-time like 2020-01-01T12:34:56.789Z, got ${show(value)}`,
    );
  }
  return value;
}

/** A string matching `pattern` (a document's `pattern`), described as `like` in the message. */
export function checkPattern(what: string, value: unknown, pattern: RegExp, like: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new ValidationError(`${what} must be ${like}, got ${show(value)}`);
  }
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date as the API takes it, "YYYY-MM-DD", from a `Date` (its UTC date) or such a string; an
 * impossible date (2025-02-30) is refused.
 */
export function checkDate(what: string, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(`${what} is an invalid Date`);
    return value.toISOString().slice(0, 10);
  }
  const match = typeof value === "string" ? ISO_DATE.exec(value) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return value as string;
    }
    throw new ValidationError(`${what} is not a real date: ${show(value)}`);
  }
  throw new ValidationError(`${what} must be a Date or a "YYYY-MM-DD" string, got ${show(value)}`);
}

/** Two dates, the first not after the second. */
export function checkDateRange(
  fromWhat: string,
  from: unknown,
  toWhat: string,
  to: unknown,
): [from: string, to: string] {
  const start = checkDate(fromWhat, from);
  const end = checkDate(toWhat, to);
  if (start > end) throw new ValidationError(`${fromWhat} (${start}) is after ${toWhat} (${end})`);
  return [start, end];
}

/** A non-empty array of non-empty strings, e.g. plot ids. */
export function checkStringList(what: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(`${what} must be a non-empty array of strings, got ${show(value)}`);
  }
  value.forEach((item, i) => {
    if (typeof item !== "string" || item === "") {
      throw new ValidationError(`${what}[${i}] must be a non-empty string, got ${show(item)}`);
    }
  });
  return value as string[];
}

/** Validates `value` with `check` when it is given (not undefined or null); else undefined. */
export function checkIfGiven<T, R>(value: T | undefined | null, check: (v: T) => R): R | undefined {
  return value === undefined || value === null ? undefined : check(value);
}

/** Drops undefined entries, so that only what was given is sent. */
export function compact<T extends Record<string, unknown>>(
  obj: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const key in obj) if (obj[key] !== undefined) out[key] = obj[key];
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

export function checkFiniteNumber(what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValidationError(`${what} must be a finite number, got ${show(value)}`);
  }
  return value;
}

export function checkPlainObject(what: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(`${what} must be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

const POLYGONAL = ["Polygon", "MultiPolygon"] as const;

/**
 * A GeoJSON FeatureCollection whose features all have geometries of the given types
 * (any geometry when `geometryTypes` is omitted).
 */
export function checkFeatureCollection(
  what: string,
  value: unknown,
  geometryTypes?: readonly string[],
): FeatureCollection {
  const fc = checkPlainObject(what, value);
  if (fc.type !== "FeatureCollection") {
    throw new ValidationError(`${what} must be a GeoJSON FeatureCollection, got type ${show(fc.type)}`);
  }
  if (!Array.isArray(fc.features)) throw new ValidationError(`${what}.features must be an array`);
  fc.features.forEach((feature: unknown, i: number) => {
    const where = `${what}.features[${i}]`;
    const f = checkPlainObject(where, feature);
    if (f.type !== "Feature")
      throw new ValidationError(`${where} must be a GeoJSON Feature, got type ${show(f.type)}`);
    if (f.geometry === null) {
      if (geometryTypes)
        throw new ValidationError(`${where}.geometry is null; expected ${geometryTypes.join(" or ")}`);
      return;
    }
    const g = checkPlainObject(`${where}.geometry`, f.geometry);
    if (geometryTypes && !geometryTypes.includes(g.type as string)) {
      throw new ValidationError(
        `${where}.geometry is a ${show(g.type)}; expected ${geometryTypes.join(" or ")}`,
      );
    }
    if (g.type !== "GeometryCollection" && !Array.isArray(g.coordinates)) {
      throw new ValidationError(`${where}.geometry.coordinates must be an array`);
    }
  });
  return fc as unknown as FeatureCollection;
}

/** A FeatureCollection of Polygon/MultiPolygon, as detection areas and AOIs must be. */
export function checkPolygonCollection(what: string, value: unknown): FeatureCollection {
  return checkFeatureCollection(what, value, POLYGONAL);
}

/**
 * A FeatureCollection of Polygon/MultiPolygon whose every feature holds a non-empty string `properties[key]`,
 * e.g. Tracer's plots (`plot_id`).
 */
export function checkKeyedPolygonCollection(what: string, value: unknown, key: string): FeatureCollection {
  const collection = checkPolygonCollection(what, value);
  collection.features.forEach((feature, i) => {
    const id = (feature.properties as Record<string, unknown> | null)?.[key];
    if (typeof id !== "string" || id === "") {
      throw new ValidationError(
        `${what}.features[${i}].properties.${key} must be a non-empty string, got ${show(id)}`,
      );
    }
  });
  return collection;
}

/** A value as a message shows it: quoted and cut when long. */
export function show(value: unknown): string {
  if (typeof value === "string") return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === undefined) return "undefined";
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return String(value);
  }
}
