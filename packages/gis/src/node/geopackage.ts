import sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import { WGS84, WKT_FORMATS, wktFor } from "../crs/epsg";
import { GisInputError, shown } from "../errors";
import type { FormatSink, LayerSpec, PreparedFeature } from "../layer";
import type { FieldType } from "../types";
import { geoPackageGeometry } from "./wkb";

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;

let sqlite: Promise<Sqlite3> | undefined;

/** The official SQLite WASM build (R-tree included), started once per process; prints nothing. */
export function loadSqlite(): Promise<Sqlite3> {
  sqlite ??= sqlite3InitModule({ print: () => {}, printErr: () => {} } as Parameters<
    typeof sqlite3InitModule
  >[0]);
  return sqlite;
}

/** "GPKG" as a big-endian 32-bit integer: the SQLite application id of every GeoPackage. */
const APPLICATION_ID = 0x47504b47;
/** GeoPackage 1.3.0. */
const USER_VERSION = 10300;
const SQL_TYPES: Record<FieldType, string> = {
  text: "TEXT",
  real: "REAL",
  integer: "INTEGER",
  boolean: "BOOLEAN",
};

/** The SRS rows every GeoPackage has (OGC 12-128r18, table 2.1.2.1.1). */
const REQUIRED_SRS = [
  [
    WGS84.name,
    4326,
    "EPSG",
    4326,
    wktFor(WGS84, WKT_FORMATS.gpkg!),
    "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
  ],
  ["Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"],
  ["Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"],
] as const;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The R-tree triggers of the gpkg_rtree_index extension (GeoPackage 1.3, F.3), for edits made after us. */
function rtreeTriggers(t: string, c: string, i: string): string[] {
  const T = quote(t);
  const R = quote(`rtree_${t}_${c}`);
  const C = quote(c);
  const I = quote(i);
  const insert = (id: string) =>
    `INSERT OR REPLACE INTO ${R} VALUES (${id}.${I}, ST_MinX(${id}.${C}), ST_MaxX(${id}.${C}), ST_MinY(${id}.${C}), ST_MaxY(${id}.${C}));`;
  const name = (suffix: string) => quote(`rtree_${t}_${c}_${suffix}`);
  return [
    `CREATE TRIGGER ${name("insert")} AFTER INSERT ON ${T} WHEN (new.${C} NOT NULL AND NOT ST_IsEmpty(NEW.${C})) BEGIN ${insert("NEW")} END`,
    `CREATE TRIGGER ${name("update1")} AFTER UPDATE OF ${C} ON ${T} WHEN OLD.${I} = NEW.${I} AND (NEW.${C} NOTNULL AND NOT ST_IsEmpty(NEW.${C})) BEGIN ${insert("NEW")} END`,
    `CREATE TRIGGER ${name("update2")} AFTER UPDATE OF ${C} ON ${T} WHEN OLD.${I} = NEW.${I} AND (NEW.${C} ISNULL OR ST_IsEmpty(NEW.${C})) BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; END`,
    `CREATE TRIGGER ${name("update3")} AFTER UPDATE ON ${T} WHEN OLD.${I} != NEW.${I} AND (NEW.${C} NOTNULL AND NOT ST_IsEmpty(NEW.${C})) BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; ${insert("NEW")} END`,
    `CREATE TRIGGER ${name("update4")} AFTER UPDATE ON ${T} WHEN OLD.${I} != NEW.${I} AND (NEW.${C} ISNULL OR ST_IsEmpty(NEW.${C})) BEGIN DELETE FROM ${R} WHERE id IN (OLD.${I}, NEW.${I}); END`,
    `CREATE TRIGGER ${name("delete")} AFTER DELETE ON ${T} WHEN old.${C} NOT NULL BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; END`,
  ];
}

const FID = "fid";
const GEOM = "geom";

/**
 * A GeoPackage 1.3 (a SQLite database, in memory until `finish` gives its bytes): the SRS, contents and
 * geometry-columns tables, one feature table of GeoPackage geometries, and its R-tree spatial index (the
 * gpkg_rtree_index extension, filled as the features go in, its triggers added at the end). Pixels use the
 * undefined cartesian SRS (srs_id -1).
 */
export function geoPackageSink(
  sqlite3: Sqlite3,
  spec: LayerSpec,
): FormatSink<Uint8Array> & { abort(): void } {
  for (const f of spec.fields) {
    if ([FID, GEOM].includes(f.name.toLowerCase())) {
      throw new GisInputError(
        `field ${shown(f.name)} would clash with the GeoPackage's own ${f.name.toLowerCase()} column`,
      );
    }
  }
  const srsId = spec.crs ? spec.crs.code : -1;
  // Checked before the database is made: a CRS without WKT cannot be declared in gpkg_spatial_ref_sys.
  const wkt = spec.crs ? wktFor(spec.crs, WKT_FORMATS.gpkg!) : "";
  const table = spec.name;
  const db = new sqlite3.oo1.DB(":memory:", "c");
  let open = true;
  const close = () => {
    if (open) db.close();
    open = false;
  };
  try {
    db.exec(
      [
        `PRAGMA application_id = ${APPLICATION_ID}`,
        `PRAGMA user_version = ${USER_VERSION}`,
        "PRAGMA journal_mode = OFF",
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)",
        "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
        "CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
        `CREATE TABLE ${quote(table)} (${[
          `${FID} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL`,
          `${GEOM} ${spec.geometryType.toUpperCase()}`,
          ...spec.fields.map((f) => `${quote(f.name)} ${SQL_TYPES[f.type]}`),
        ].join(", ")})`,
        `CREATE VIRTUAL TABLE ${quote(`rtree_${table}_${GEOM}`)} USING rtree(id, minx, maxx, miny, maxy)`,
        "BEGIN",
      ].join(";\n"),
    );
    const srs = db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)");
    const rows: (readonly (string | number)[])[] = [...REQUIRED_SRS];
    if (spec.crs && spec.crs.code !== 4326) {
      rows.push([spec.crs.name, spec.crs.code, "EPSG", spec.crs.code, wkt, spec.crs.name]);
    }
    for (const row of rows) srs.bind([...row]).stepReset();
    srs.finalize();
  } catch (error) {
    close();
    throw error;
  }
  const insert = db.prepare(
    `INSERT INTO ${quote(table)} (${[GEOM, ...spec.fields.map((f) => quote(f.name))].join(", ")}) VALUES (${["?", ...spec.fields.map(() => "?")].join(", ")})`,
  );
  const index = db.prepare(`INSERT INTO ${quote(`rtree_${table}_${GEOM}`)} VALUES (?, ?, ?, ?, ?)`);
  let fid = 0;
  return {
    add(feature: PreparedFeature) {
      fid++;
      const b = feature.bbox;
      insert
        .bind([
          geoPackageGeometry(feature.polygons, spec.geometryType, srsId, b),
          ...feature.values.map((v) => (typeof v === "boolean" ? Number(v) : v)),
        ])
        .stepReset();
      index.bind([fid, b[0], b[2], b[1], b[3]]).stepReset();
    },
    finish(extent) {
      try {
        insert.finalize();
        index.finalize();
        const e = extent ?? [null, null, null, null];
        db.exec({
          sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?)",
          bind: [table, table, e[0], e[1], e[2], e[3], srsId],
        });
        db.exec({
          sql: "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
          bind: [table, GEOM, spec.geometryType.toUpperCase(), srsId],
        });
        db.exec({
          sql: "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
          bind: [table, GEOM],
        });
        for (const trigger of rtreeTriggers(table, GEOM, FID)) db.exec(trigger);
        db.exec("COMMIT");
        return sqlite3.capi.sqlite3_js_db_export(db);
      } finally {
        close();
      }
    },
    abort() {
      try {
        insert.finalize();
        index.finalize();
      } catch {
        // already finalized by finish
      }
      close();
    },
  };
}
