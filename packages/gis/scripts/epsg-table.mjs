// The EPSG table of @picterra/gis, made by `pnpm generate` (scripts/generate.mjs) from epsg-index, a
// devDependency: every 2D geographic and projected CRS that has a proj4 definition (its WKT when epsg-index has
// one, else null: 112 codes have none), as columns (code, name, geographic, proj4, wkt, unit, area of use),
// gzipped and base64-encoded into
// src/generated/epsg.ts. epsg-index installs 40 MB (one file per code); the table is a few hundred kB and is
// loaded only when a CRS other than WGS 84 is asked for.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

const pkg = join(import.meta.dirname, "..");
const require = createRequire(join(pkg, "package.json"));
const KINDS = { "CRS-GEOGCRS": 1, "CRS-PROJCRS": 0 };

/** The generated file's path, relative to the repository root. */
export const OUT = "packages/gis/src/generated/epsg.ts";

/** The table's columns, from epsg-index's all.json. */
export function epsgColumns() {
  const version = JSON.parse(readFileSync(require.resolve("epsg-index/package.json"), "utf8")).version;
  const all = JSON.parse(readFileSync(require.resolve("epsg-index/all.json"), "utf8"));
  const rows = Object.values(all)
    .filter((e) => e.kind in KINDS && e.proj4)
    .sort((a, b) => Number(a.code) - Number(b.code));
  return {
    source: `epsg-index ${version}`,
    code: rows.map((e) => Number(e.code)),
    name: rows.map((e) => e.name),
    geographic: rows.map((e) => KINDS[e.kind]),
    proj4: rows.map((e) => e.proj4),
    wkt: rows.map((e) => e.wkt || null),
    unit: rows.map((e) => e.unit ?? null),
    // epsg-index writes [north, west, south, east]; the table keeps GeoJSON's [west, south, east, north].
    area: rows.map((e) => (e.bbox ? [e.bbox[1], e.bbox[2], e.bbox[3], e.bbox[0]] : null)),
  };
}

function fileText(columns, encoded) {
  return `/**
 * Generated from ${columns.source} by \`pnpm generate\` (packages/gis/scripts/epsg-table.mjs). Do not edit.
 * ${columns.code.length} geographic and projected CRSs: base64 of the gzipped JSON of their columns.
 */

export const EPSG_SOURCE = ${JSON.stringify(columns.source)};
export const EPSG_COUNT = ${columns.code.length};
export const EPSG_TABLE =
  "${encoded}";
`;
}

/** The file `pnpm generate` writes. */
export function generate() {
  const columns = epsgColumns();
  return fileText(columns, gzipSync(JSON.stringify(columns), { level: 9 }).toString("base64"));
}

/**
 * Whether the committed file holds the same table as a fresh generation. Compared after decompression: zlib's
 * bytes may differ between Node versions for the same input, the table itself may not.
 */
export function isFresh(committed) {
  const columns = epsgColumns();
  const encoded = /EPSG_TABLE =\s*"([A-Za-z0-9+/=]*)";/.exec(committed)?.[1];
  if (encoded === undefined) return false;
  let json;
  try {
    json = gunzipSync(Buffer.from(encoded, "base64")).toString("utf8");
  } catch {
    return false;
  }
  return json === JSON.stringify(columns) && committed === fileText(columns, encoded);
}
