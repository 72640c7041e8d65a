/**
 * Where a geometry sits in the input: the index of its feature in a FeatureCollection, or the root
 * Feature, or the root geometry. Kept as a number/tag and turned into a path string only for an
 * error, because building paths for every feature measurably slowed large conversions.
 */
export type GeometryLocation = number | "feature" | "root";

/** The path of a geometry in the input, for messages ("features[3].geometry"). */
export function geometryPath(location: GeometryLocation): string {
  if (location === "root") return "";
  return location === "feature" ? "geometry" : `features[${location}].geometry`;
}

/** The path of a geometry's coordinates plus the indices below them ("coordinates[0][2]"); negative indices are skipped. */
export function coordinatesPath(location: GeometryLocation, ...indices: number[]): string {
  const geometry = geometryPath(location);
  const base = geometry ? `${geometry}.coordinates` : "coordinates";
  return (
    base +
    indices
      .filter((index) => index >= 0)
      .map((index) => `[${index}]`)
      .join("")
  );
}
