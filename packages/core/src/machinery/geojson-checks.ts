import { ValidationError } from "./errors";
import type { FeatureCollection } from "./geojson";
import { checkPlainObject, show } from "./validate";

const POLYGONAL = ["Polygon", "MultiPolygon"] as const;
const REPROJECT = "GeoJSON takes WGS 84 degrees (RFC 7946): reproject it to EPSG:4326 first";

/** How deep each geometry's `coordinates` nest above its positions. */
const DEPTH: ReadonlyMap<unknown, number> = new Map([
  ["Point", 0],
  ["MultiPoint", 1],
  ["LineString", 1],
  ["MultiLineString", 2],
  ["Polygon", 2],
  ["MultiPolygon", 3],
]);

/**
 * The names of WGS 84 longitude/latitude a (2008 GeoJSON) `crs` member may give, in any case: what GeoJSON is
 * (RFC 7946). `urn:ogc:def:crs:OGC:1.3:CRS84`, `urn:ogc:def:crs:OGC::CRS84`, `urn:ogc:def:crs:EPSG::4326`,
 * `EPSG:4326` and their `http(s)://www.opengis.net/def/crs/…` forms. Any other `crs` is refused.
 */
export const WGS84_CRS: RegExp =
  /^(urn:ogc:def:crs:(ogc:1\.3:|ogc::)crs84|(urn:ogc:def:crs:epsg::|epsg:)4326|https?:\/\/www\.opengis\.net\/def\/crs\/(ogc\/1\.3\/crs84|epsg\/0\/4326))$/i;

/**
 * A GeoJSON FeatureCollection whose features all have geometries of the given types (any geometry when
 * `geometryTypes` is omitted), every position a [longitude, latitude] of finite numbers within [-180, 180] and
 * [-90, 90], and no `crs` member other than WGS 84's. A ValidationError names the feature, the position and
 * what it found.
 */
export function checkFeatureCollection(
  what: string,
  value: unknown,
  geometryTypes?: readonly string[],
): FeatureCollection {
  return checkCollection(what, value, geometryTypes);
}

/** A FeatureCollection of Polygon/MultiPolygon, as detection areas and AOIs must be (see checkFeatureCollection). */
export function checkPolygonCollection(what: string, value: unknown): FeatureCollection {
  return checkCollection(what, value, POLYGONAL);
}

/**
 * A FeatureCollection of Polygon/MultiPolygon whose every feature holds a non-empty string `properties[key]`,
 * e.g. Tracer's plots (`plot_id`), which messages name the feature by.
 */
export function checkKeyedPolygonCollection(what: string, value: unknown, key: string): FeatureCollection {
  return checkCollection(what, value, POLYGONAL, key);
}

function checkCollection(
  what: string,
  value: unknown,
  geometryTypes: readonly string[] | undefined,
  key?: string,
): FeatureCollection {
  const fc = checkPlainObject(what, value);
  if (fc.type !== "FeatureCollection") {
    throw new ValidationError(`${what} must be a GeoJSON FeatureCollection, got type ${show(fc.type)}`);
  }
  checkCrs(what, fc.crs);
  if (!Array.isArray(fc.features)) throw new ValidationError(`${what}.features must be an array`);
  const features: unknown[] = fc.features;
  for (let i = 0; i < features.length; i++) {
    const f = checkPlainObject(`${what}.features[${i}]`, features[i]);
    const properties = f.properties as Record<string, unknown> | null | undefined;
    const name = key === undefined ? f.id : properties?.[key];
    const where = `${what}.features[${i}]${typeof name === "string" || typeof name === "number" ? ` (${key ?? "id"} ${show(name)})` : ""}`;
    if (f.type !== "Feature")
      throw new ValidationError(`${where} must be a GeoJSON Feature, got type ${show(f.type)}`);
    if (key !== undefined && (typeof name !== "string" || name === "")) {
      throw new ValidationError(`${where}.properties.${key} must be a non-empty string, got ${show(name)}`);
    }
    checkCrs(where, f.crs);
    if (f.geometry === null && !geometryTypes) continue;
    if (f.geometry === null) {
      throw new ValidationError(`${where}.geometry is null; expected ${geometryTypes!.join(" or ")}`);
    }
    const g = checkPlainObject(`${where}.geometry`, f.geometry);
    if (geometryTypes && !geometryTypes.includes(g.type as string)) {
      throw new ValidationError(
        `${where}.geometry is a ${show(g.type)}; expected ${geometryTypes.join(" or ")}`,
      );
    }
    checkGeometry(`${where}.geometry`, g);
  }
  return fc as unknown as FeatureCollection;
}

/**
 * A `crs` member (GeoJSON 2008) is read only to refuse anything but WGS 84 longitude/latitude: a
 * ValidationError naming the CRS it saw. Absent or null passes. The collection's, each feature's and each
 * geometry's are checked: GeoJSON 2008 says a child should not override its parent's, but a file that does
 * holds that child's coordinates in the other CRS.
 */
export function checkCrs(what: string, crs: unknown): void {
  if (crs === undefined || crs === null) return;
  const properties = (crs as { properties?: { name?: unknown; href?: unknown; code?: unknown } }).properties;
  const name =
    typeof properties?.name === "string"
      ? properties.name
      : properties?.code !== undefined
        ? `EPSG:${String(properties.code)}`
        : properties?.href;
  if (typeof name === "string" && WGS84_CRS.test(name.trim())) return;
  throw new ValidationError(
    `${what} has a crs member naming ${show(name ?? crs)}, not WGS 84 longitude/latitude: ${REPROJECT}`,
  );
}

/**
 * Every position of a geometry; a GeometryCollection's geometries, however nested, from a queue (no recursion
 * an input could make deep). Coordinates nest at most three arrays deep, as the geometry's type says.
 */
function checkGeometry(where: string, geometry: Record<string, unknown>): void {
  const queue: [string, Record<string, unknown>][] = [[where, geometry]];
  for (let next = queue.pop(); next; next = queue.pop()) {
    const [at, g] = next;
    checkCrs(at, g.crs);
    if (g.type === "GeometryCollection") {
      if (!Array.isArray(g.geometries)) throw new ValidationError(`${at}.geometries must be an array`);
      g.geometries.forEach((child: unknown, i: number) => {
        queue.push([`${at}.geometries[${i}]`, checkPlainObject(`${at}.geometries[${i}]`, child)]);
      });
      continue;
    }
    const depth = DEPTH.get(g.type);
    if (depth === undefined) throw new ValidationError(`${at} has an unknown geometry type ${show(g.type)}`);
    if (!Array.isArray(g.coordinates)) throw new ValidationError(`${at}.coordinates must be an array`);
    positions(`${at}.coordinates`, g.coordinates, depth, []);
  }
}

function positions(where: string, value: unknown, depth: number, path: number[]): void {
  if (depth === 0) {
    position(where, value, path);
    return;
  }
  if (!Array.isArray(value)) {
    throw new ValidationError(`${where}${indices(path)} must be an array, got ${show(value)}`);
  }
  for (let i = 0; i < value.length; i++) {
    path.push(i);
    positions(where, value[i], depth - 1, path);
    path.pop();
  }
}

function position(where: string, value: unknown, path: number[]): void {
  if (
    !Array.isArray(value) ||
    value.length < 2 ||
    !value.every((n) => typeof n === "number" && Number.isFinite(n))
  ) {
    throw new ValidationError(
      `${where}${indices(path)} must be a [longitude, latitude] position of finite numbers, got ${show(value)}`,
    );
  }
  const [lng, lat] = value as number[];
  if (lng! < -180 || lng! > 180 || lat! < -90 || lat! > 90) {
    throw new ValidationError(
      `${where}${indices(path)} is ${show(value)}, outside longitude [-180, 180] / latitude [-90, 90]: ${REPROJECT}`,
    );
  }
}

function indices(path: number[]): string {
  return path.map((i) => `[${i}]`).join("");
}
