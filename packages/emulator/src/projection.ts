import { GisInputError, crsDefinition } from "@picterra/gis";
import type { Position } from "./geo";

/** A coordinate reference system a raster lies in, and the way between it and WGS84 lon/lat. */
export interface Projection {
  /** The EPSG code. */
  readonly code: number;
  /** Whether coordinates are degrees (a geographic CRS) rather than projected metres or feet. */
  readonly geographic: boolean;
  /** WGS84 lon/lat → this CRS. */
  forward(lonLat: Position): Position;
  /** This CRS → WGS84 lon/lat. */
  inverse(xy: Position): Position;
}

/** WGS84 lon/lat itself: needs no library, so seeded and imported rasters never load one. */
export const LON_LAT: Projection = {
  code: 4326,
  geographic: true,
  forward: ([lon, lat]) => [lon, lat],
  inverse: ([x, y]) => [x, y],
};

/** EPSG codes that mean Web Mercator (3857 and its historic aliases): proj4 knows it without the table. */
export const WEB_MERCATOR = new Set([3857, 3785, 900913, 102100, 102113]);

type Proj4 = typeof import("proj4");
let proj4: Promise<Proj4> | undefined;
const cache = new Map<number, Promise<Projection | string>>();

/** proj4 is loaded when the first raster in a CRS other than lon/lat arrives, so that the emulator starts fast. */
function loadProj4(): Promise<Proj4> {
  proj4 ??= import("proj4").then((m) => m.default);
  return proj4;
}

/** The projection of an EPSG code, or why the emulator cannot use it. Loaded once per code. */
export function projectionFor(code: number): Promise<Projection | string> {
  if (code === 4326) return Promise.resolve(LON_LAT);
  let found = cache.get(code);
  if (!found) {
    found = makeProjection(code);
    cache.set(code, found);
  }
  return found;
}

async function makeProjection(code: number): Promise<Projection | string> {
  const lib = await loadProj4();
  let definition: string;
  let geographic: boolean;
  if (WEB_MERCATOR.has(code)) {
    definition = "EPSG:3857";
    geographic = false;
  } else {
    const found = await epsgDefinition(code);
    if (typeof found === "string") return found;
    definition = found.proj4;
    geographic = found.geographic;
  }
  const converter = lib(definition, "EPSG:4326");
  return {
    code,
    geographic,
    forward: (p) => converter.inverse([p[0], p[1]]) as Position,
    inverse: (p) => converter.forward([p[0], p[1]]) as Position,
  };
}

/**
 * The EPSG definition of a code, from @picterra/gis's EPSG table (every 2D geographic and projected CRS of
 * epsg-index that has a proj4 definition, datum shifts included, unlike GeoTIFF-key converters that drop them),
 * or why the emulator cannot use it.
 */
async function epsgDefinition(code: number): Promise<{ proj4: string; geographic: boolean } | string> {
  try {
    return await crsDefinition(code);
  } catch (error) {
    if (!(error instanceof GisInputError)) throw error;
    return `EPSG:${code} is not a coordinate reference system the EPSG index knows (the emulator takes the 2D geographic and projected CRSs of @picterra/gis's EPSG table)`;
  }
}
