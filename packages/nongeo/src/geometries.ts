import { checkCrs } from "@picterra/core/machinery";
import type { featureEach } from "@turf/meta";
import { invalidInput } from "./errors";
import { geometryPath } from "./location";

/** A Polygon or MultiPolygon whose coordinates are not yet checked. */
export interface PolygonalGeometry {
  type: "Polygon" | "MultiPolygon";
  coordinates: unknown;
}

/** A Feature whose geometry has been checked to be polygonal. */
export interface PolygonalFeature {
  id?: unknown;
  properties?: unknown;
  geometry: PolygonalGeometry;
}

/** The one geometry of an input that is a bare Polygon/MultiPolygon or a single Feature. */
export interface SingleGeometry {
  geometry: PolygonalGeometry;
  location: "root" | "feature";
  feature: PolygonalFeature | undefined;
}

const ROOT_EXPECTED = "a Polygon, MultiPolygon, Feature or FeatureCollection";
const GEOMETRY_EXPECTED = "Polygon or MultiPolygon";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPolygonal(value: unknown): value is PolygonalGeometry {
  return isRecord(value) && (value.type === "Polygon" || value.type === "MultiPolygon");
}

/** Checks that a feature is a Feature with a Polygon/MultiPolygon geometry, and returns the geometry. */
export function checkedGeometry(feature: unknown, location: number | "feature"): PolygonalGeometry {
  if (!isRecord(feature) || feature.type !== "Feature") {
    throw invalidInput(location === "feature" ? "" : `features[${location}]`, feature, "a Feature");
  }
  // A feature or geometry may carry its own (GeoJSON 2008) crs, overriding the input's: it is checked too
  // (its path built only then: see location.ts).
  if (feature.crs !== undefined) {
    checkCrs(location === "feature" ? "input" : `input.features[${location}]`, feature.crs);
  }
  const geometry = feature.geometry;
  if (!isPolygonal(geometry)) throw invalidInput(geometryPath(location), geometry, GEOMETRY_EXPECTED);
  const { crs } = geometry as { crs?: unknown };
  if (crs !== undefined) checkCrs(`input.${geometryPath(location)}`, crs);
  return geometry;
}

/**
 * Checks the root of the input. Returns its one geometry for a Polygon, MultiPolygon or Feature, and
 * `undefined` for a FeatureCollection (after checking it has a `features` array), whose features the
 * caller then walks with featureEach and `checkedGeometry`.
 */
export function singleGeometry(input: unknown): SingleGeometry | undefined {
  if (!isRecord(input)) throw invalidInput("", input, ROOT_EXPECTED);
  // Picterra's pseudo-degrees are WGS 84 longitude/latitude; a file in another CRS would be converted wrongly.
  checkCrs("input", input.crs);
  switch (input.type) {
    case "Polygon":
    case "MultiPolygon":
      return { geometry: input as unknown as PolygonalGeometry, location: "root", feature: undefined };
    case "Feature":
      return {
        geometry: checkedGeometry(input, "feature"),
        location: "feature",
        feature: input as unknown as PolygonalFeature,
      };
    case "FeatureCollection":
      if (!Array.isArray(input.features))
        throw invalidInput("features", input.features, "an array of Features");
      return undefined;
    default:
      throw invalidInput("", input, ROOT_EXPECTED);
  }
}

/** The input as featureEach's parameter type, once `singleGeometry` has found a FeatureCollection. */
export type FeatureCollectionInput = Parameters<typeof featureEach>[0];
