import type { Position } from "@picterra/core";
import { GisInputError, shown } from "../errors";
import type { CoordinateSpace } from "../types";
import { type CrsDefinition, WGS84, crsDefinition } from "./epsg";

/**
 * How far (degrees) data may lie outside a CRS's area of use and still be written in it: a projection stays
 * usable a little beyond its nominal area (a field across a UTM zone's edge), not on another continent.
 */
export const AREA_OF_USE_MARGIN = 5;

/** The CRS a layer is written in and the way from WGS 84 lon/lat to it. */
export interface Target {
  /** null: no CRS (pixels of a non-georeferenced image). */
  crs: CrsDefinition | null;
  /** lon/lat → the CRS, checked; absent when the coordinates stay as they are. */
  forward?: (lonLat: Position, where: string) => Position;
}

type Proj4 = typeof import("proj4");
let proj4: Promise<Proj4> | undefined;
/** proj4 is loaded only when a layer is reprojected. */
function loadProj4(): Promise<Proj4> {
  proj4 ??= import("proj4").then((m) => m.default);
  return proj4;
}

/** The target of a layer in `space`, asked for as `crs` (default: WGS 84 for lon/lat, none for pixels). */
export async function targetFor(crs: string | number | undefined, space: CoordinateSpace): Promise<Target> {
  if (space === "pixels") {
    if (crs !== undefined) {
      throw new GisInputError(
        `crs ${shown(crs)} cannot be applied to pixel coordinates of a non-georeferenced image: they have no CRS to reproject from`,
      );
    }
    return { crs: null };
  }
  if (crs === undefined) return { crs: WGS84 };
  const definition = await crsDefinition(crs);
  if (definition.code === 4326) return { crs: WGS84 };
  const converter = (await loadProj4())(WGS84.proj4, definition.proj4);
  const [west, south, east, north] = definition.area ?? [-180, -90, 180, 90];
  const m = AREA_OF_USE_MARGIN;
  const label = `EPSG:${definition.code} (${definition.name})`;
  return {
    crs: definition,
    forward(p, where) {
      const [lon, lat] = [p[0]!, p[1]!];
      // An area of use may cross the antimeridian (west > east).
      const inLon = west <= east ? lon >= west - m && lon <= east + m : lon >= west - m || lon <= east + m;
      if (!inLon || lat < south - m || lat > north + m) {
        throw new GisInputError(
          `${label} cannot hold ${where}: it lies at ${lon}, ${lat}, far from the CRS's area of use ` +
            `(${west}..${east}°E, ${south}..${north}°N)`,
        );
      }
      const out = converter.forward([lon, lat]) as number[];
      if (!Number.isFinite(out[0]) || !Number.isFinite(out[1])) {
        throw new GisInputError(`${label} cannot hold ${where}: ${lon}, ${lat} projects to ${shown(out)}`);
      }
      return [out[0]!, out[1]!];
    },
  };
}
