import { featureEach } from "@turf/meta";
import { invalidInput } from "./errors";
import { type GeometryLocation, geometryPath } from "./location";

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

/** Receives each polygonal geometry, where it is, and its feature if it has one. */
export type PolygonalVisitor = (
  geometry: PolygonalGeometry,
  location: GeometryLocation,
  feature: PolygonalFeature | undefined,
) => void;

const ROOT_EXPECTED = "a Polygon, MultiPolygon, Feature or FeatureCollection";
const GEOMETRY_EXPECTED = "Polygon or MultiPolygon";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPolygonal(value: unknown): value is PolygonalGeometry {
  return isRecord(value) && (value.type === "Polygon" || value.type === "MultiPolygon");
}

function visitFeature(feature: unknown, location: number | "feature", visit: PolygonalVisitor): void {
  if (!isRecord(feature) || feature.type !== "Feature") {
    throw invalidInput(location === "feature" ? "" : `features[${location}]`, feature, "a Feature");
  }
  const geometry = feature.geometry;
  if (!isPolygonal(geometry)) throw invalidInput(geometryPath(location), geometry, GEOMETRY_EXPECTED);
  visit(geometry, location, feature as unknown as PolygonalFeature);
}

/**
 * Walks every Polygon/MultiPolygon of the input in document order. Structure is checked here and
 * coordinates by the converters, so one pass both validates and converts.
 */
export function eachPolygonalGeometry(input: unknown, visit: PolygonalVisitor): void {
  if (!isRecord(input)) throw invalidInput("", input, ROOT_EXPECTED);
  switch (input.type) {
    case "Polygon":
    case "MultiPolygon":
      visit(input as unknown as PolygonalGeometry, "root", undefined);
      return;
    case "Feature":
      visitFeature(input, "feature", visit);
      return;
    case "FeatureCollection":
      if (!Array.isArray(input.features)) throw invalidInput("features", input.features, "an array of Features");
      featureEach(input as unknown as Parameters<typeof featureEach>[0], (feature, index) => {
        visitFeature(feature, index, visit);
      });
      return;
    default:
      throw invalidInput("", input, ROOT_EXPECTED);
  }
}
