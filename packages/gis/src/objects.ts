import type { Polygon, Position } from "@picterra/core";
import { GisInputError, shown } from "./errors";
import { geodesicMeasures, planarMeasures } from "./measures";
import type { Field, ObjectFeature, ObjectMeta, PixelObjectFeature } from "./types";

/**
 * A result as `downloadResultFeatureCollection` of @picterra/core returns it (one MultiPolygon Feature per
 * class, `properties.class_name`), or the pixel FeatureCollection of @picterra/nongeo. Polygons are taken too.
 */
export interface ClassResult {
  /** Always `"FeatureCollection"`. */
  type: "FeatureCollection";
  /** One feature per class (a MultiPolygon), or one per polygon. */
  features: readonly {
    /** Always `"Feature"`. */
    type: "Feature";
    /** A Polygon or MultiPolygon; anything else (null included) is a `GisInputError`. */
    geometry: {
      /** The geometry's type: `"Polygon"` or `"MultiPolygon"`. */
      type: string;
      /** Its coordinates, checked as the type says. */
      coordinates: unknown;
    } | null;
    /** The feature's properties; `class_name` is required. */
    properties: {
      /** The name of the detector's class the geometry holds. */
      class_name?: unknown;
      [key: string]: unknown;
    } | null;
  }[];
}

/** The attributes of `resultObjects`' features, in order: what a layer of them has even when it is empty. */
export const OBJECT_FIELDS: readonly Field[] = Object.freeze([
  { name: "class", type: "text" },
  { name: "raster_id", type: "text" },
  { name: "raster_name", type: "text" },
  { name: "operation_id", type: "text" },
  { name: "input", type: "text" },
  { name: "area_m2", type: "real" },
  { name: "perimeter_m", type: "real" },
  { name: "centroid_lon", type: "real" },
  { name: "centroid_lat", type: "real" },
]);

/** The attributes of `pixelResultObjects`' features, in order. */
export const PIXEL_OBJECT_FIELDS: readonly Field[] = Object.freeze([
  ...OBJECT_FIELDS.slice(0, 5),
  { name: "area_px", type: "real" },
  { name: "perimeter_px", type: "real" },
  { name: "centroid_x", type: "real" },
  { name: "centroid_y", type: "real" },
]);

/** The rounding of the measures: a micrometre (or a millionth of a pixel), far below any detector's precision. */
const MEASURE_DIGITS = 6;
const round = (v: number) => Number(v.toFixed(MEASURE_DIGITS));
/** Degrees keep 9 decimals: about 0.1 mm on the ground. */
const roundDegrees = (v: number) => Number(v.toFixed(9));

/**
 * Turns a result into one feature per detected object, each with its class, where it came from (`meta`), its
 * geodesic area (`area_m2`) and perimeter (`perimeter_m`), and its centroid (`centroid_lon`, `centroid_lat`).
 * A count detector's objects are its polygons; a segmentation result's polygons are its parts.
 */
export function resultObjects(result: ClassResult, meta: ObjectMeta = {}): ObjectFeature[] {
  return eachPolygon(result, "lonlat", (className, polygon) => {
    const m = geodesicMeasures(polygon);
    return {
      type: "Feature",
      geometry: polygon,
      properties: {
        class: className,
        ...origin(meta),
        area_m2: round(m.area),
        perimeter_m: round(m.perimeter),
        centroid_lon: roundDegrees(m.centroid[0]),
        centroid_lat: roundDegrees(m.centroid[1]),
      },
    };
  });
}

/**
 * The same for a result in pixels of a non-georeferenced image (`nongeoResultToPixelFeatureCollection` of
 * @picterra/nongeo): measures in pixels (`area_px`, `perimeter_px`, `centroid_x`, `centroid_y`), never metres.
 * Writers put such features in a layer with no CRS (a GeoPackage's undefined cartesian SRS, srs_id -1).
 */
export function pixelResultObjects(result: ClassResult, meta: ObjectMeta = {}): PixelObjectFeature[] {
  return eachPolygon(result, "pixels", (className, polygon) => {
    const m = planarMeasures(polygon);
    return {
      type: "Feature",
      geometry: polygon,
      properties: {
        class: className,
        ...origin(meta),
        area_px: round(m.area),
        perimeter_px: round(m.perimeter),
        centroid_x: round(m.centroid[0]),
        centroid_y: round(m.centroid[1]),
      },
    };
  });
}

function origin(meta: ObjectMeta) {
  return {
    raster_id: meta.rasterId ?? null,
    raster_name: meta.rasterName ?? null,
    operation_id: meta.operationId ?? null,
    input: meta.input ?? null,
  };
}

function eachPolygon<F>(
  result: ClassResult,
  space: "lonlat" | "pixels",
  make: (className: string, polygon: Polygon) => F,
): F[] {
  if (result?.type !== "FeatureCollection" || !Array.isArray(result.features)) {
    throw new GisInputError(`a result must be a GeoJSON FeatureCollection; got ${shown(result)}`);
  }
  const objects: F[] = [];
  result.features.forEach((feature, i) => {
    const where = `features[${i}]`;
    const className = feature?.properties?.class_name;
    if (typeof className !== "string") {
      throw new GisInputError(
        `${where}.properties.class_name is ${shown(className)}; expected the class name`,
      );
    }
    const geometry = feature.geometry;
    let polygons: unknown[];
    if (geometry?.type === "Polygon") polygons = [geometry.coordinates];
    else if (geometry?.type === "MultiPolygon" && Array.isArray(geometry.coordinates)) {
      polygons = geometry.coordinates;
    } else {
      throw new GisInputError(
        `${where}.geometry is ${shown(geometry?.type ?? geometry)}; expected a Polygon or MultiPolygon`,
      );
    }
    polygons.forEach((coordinates, k) => {
      objects.push(
        make(className, {
          type: "Polygon",
          coordinates: checkRings(coordinates, space, `${where}, polygon ${k}`),
        }),
      );
    });
  });
  return objects;
}

/** The rings of a polygon, checked: closed, at least 4 positions, finite numbers (lon/lat in range). */
export function checkRings(value: unknown, space: "lonlat" | "pixels", where: string): Position[][] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GisInputError(`${where} has no rings: ${shown(value)}`);
  }
  for (const [r, ring] of value.entries()) {
    if (!Array.isArray(ring) || ring.length < 4) {
      throw new GisInputError(`${where}, ring ${r} has fewer than 4 positions: ${shown(ring)}`);
    }
    for (const p of ring) {
      const ok =
        Array.isArray(p) &&
        Number.isFinite(p[0]) &&
        Number.isFinite(p[1]) &&
        (space === "pixels" || (Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90));
      if (!ok) {
        const expected = space === "pixels" ? "[x, y] in pixels" : "[lon, lat] in degrees";
        throw new GisInputError(`${where}, ring ${r} has the position ${shown(p)}; expected ${expected}`);
      }
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new GisInputError(
        `${where}, ring ${r} is not closed: it starts at ${shown(first)} and ends at ${shown(last)}`,
      );
    }
  }
  return value as Position[][];
}
