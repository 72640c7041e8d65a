import { GisInputError, shown } from "../errors";

/** A coordinate reference system from the EPSG table, with what writers and the reprojection need. */
export interface CrsDefinition {
  /** The EPSG code. */
  code: number;
  /** The CRS's name, as the EPSG registry gives it (e.g. "CH1903+ / LV95"). */
  name: string;
  /** Whether coordinates are degrees (a geographic CRS) rather than projected units. */
  geographic: boolean;
  /** The definition proj4 reprojects with. */
  proj4: string;
  /**
   * OGC WKT 1, what a GeoPackage's SRS table, a Shapefile's .prj and a FlatGeobuf header carry; null for the
   * few codes the EPSG table has no WKT for (a GeoPackage or a Shapefile in such a CRS is refused).
   */
  wkt: string | null;
  /** The unit of its coordinates, e.g. "metre" or "US survey foot". */
  unit: string | null;
  /** Where it is meant to be used, [west, south, east, north] in degrees. */
  area: [number, number, number, number] | null;
}

/** WGS 84 itself: in the code, so that writing lon/lat never loads the table. */
export const WGS84: CrsDefinition = {
  code: 4326,
  name: "WGS 84",
  geographic: true,
  proj4: "+proj=longlat +datum=WGS84 +no_defs +type=crs",
  wkt: 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
  unit: "degree",
  area: [-180, -90, 180, 90],
};

interface Columns {
  source: string;
  code: number[];
  name: string[];
  geographic: (0 | 1)[];
  proj4: string[];
  wkt: (string | null)[];
  unit: (string | null)[];
  area: ([number, number, number, number] | null)[];
}

interface Table {
  source: string;
  size: number;
  byCode: Map<number, CrsDefinition>;
}

let table: Promise<Table> | undefined;

/**
 * The EPSG table, loaded on first use: a separate module (so that a browser app carries it only when a CRS is
 * asked for), gzipped, inflated with the platform's DecompressionStream.
 */
export function epsgTable(): Promise<Table> {
  table ??= import("../generated/epsg").then(async ({ EPSG_TABLE }) => {
    const bytes = Uint8Array.from(atob(EPSG_TABLE), (c) => c.charCodeAt(0));
    const text = await new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
    ).text();
    const c = JSON.parse(text) as Columns;
    const byCode = new Map<number, CrsDefinition>();
    c.code.forEach((code, i) => {
      byCode.set(code, {
        code,
        name: c.name[i]!,
        geographic: c.geographic[i] === 1,
        proj4: c.proj4[i]!,
        wkt: c.wkt[i] ?? null,
        unit: c.unit[i] ?? null,
        area: c.area[i] ?? null,
      });
    });
    return { source: c.source, size: c.code.length, byCode };
  });
  return table;
}

const EPSG = /^\s*epsg:(\d{1,6})\s*$/i;

/** The EPSG code of `EPSG:NNNN` (any case) or of a bare integer; a GisInputError for anything else. */
export function epsgCode(crs: string | number): number {
  if (typeof crs === "number" && Number.isInteger(crs) && crs > 0) return crs;
  const match = typeof crs === "string" ? EPSG.exec(crs) : null;
  if (!match) throw new GisInputError(`crs ${shown(crs)} is not of the form EPSG:NNNN (e.g. EPSG:2056)`);
  return Number(match[1]);
}

/**
 * The definition of a CRS given as `EPSG:NNNN`: name, proj4, WKT, unit, area of use. A GisInputError when the
 * code is not a 2D geographic or projected CRS of the table.
 */
export async function crsDefinition(crs: string | number): Promise<CrsDefinition> {
  const code = epsgCode(crs);
  if (code === 4326) return WGS84;
  const { byCode, size, source } = await epsgTable();
  const found = byCode.get(code);
  if (!found) {
    throw new GisInputError(
      `EPSG:${code} is not a CRS this library knows: the table holds the ${size} 2D geographic and projected CRSs of ${source}`,
    );
  }
  return found;
}

/** The formats that can declare a CRS only as WKT, by the names `formatOf` gives them. */
export const WKT_FORMATS: Readonly<Record<string, string>> = { gpkg: "GeoPackage", shp: "Shapefile (.prj)" };

/**
 * Throws the GisInputError that writing `format` (gpkg, fgb, shp, csv, geojson) in `crs` would throw for the
 * CRS alone (a GeoPackage or a Shapefile needs its WKT): for a command to check its options before any work.
 */
export function checkFormatCrs(format: string, crs: CrsDefinition): void {
  const name = WKT_FORMATS[format];
  if (name !== undefined) wktFor(crs, name);
}

/**
 * The CRS's WKT, for a format that must declare it that way (a GeoPackage's SRS table, a Shapefile's .prj); a
 * GisInputError naming the CRS when the EPSG table has none for it, before anything is written.
 */
export function wktFor(crs: CrsDefinition, format: string): string {
  if (crs.wkt !== null) return crs.wkt;
  throw new GisInputError(
    `EPSG:${crs.code} (${crs.name}) has no WKT in the EPSG table, and a ${format} declares its CRS as WKT: write FlatGeobuf, GeoJSON or CSV, or choose another CRS`,
  );
}
