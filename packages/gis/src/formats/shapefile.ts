import type { Position } from "@picterra/core";
import { WKT_FORMATS, wktFor } from "../crs/epsg";
import { GisInputError, shown } from "../errors";
import type { FormatSink, LayerSpec, PreparedFeature } from "../layer";
import { ringArea } from "../measures";
import type { FieldValue } from "../types";
import { DBF_LIMITS, dbfFile } from "./dbf";

/**
 * The Shapefile names of the attributes `resultObjects` and `pixelResultObjects` write, for those over dBase's
 * 10 characters. Other names longer than 10 need `shapefileNames`; nothing is ever cut silently.
 */
export const SHAPEFILE_NAMES: Readonly<Record<string, string>> = {
  raster_name: "raster_nm",
  operation_id: "op_id",
  perimeter_m: "perim_m",
  centroid_lon: "cent_lon",
  centroid_lat: "cent_lat",
  perimeter_px: "perim_px",
  centroid_x: "cent_x",
  centroid_y: "cent_y",
};

/** The files of a Shapefile: geometry, its index, attributes, CRS (none for pixels) and the text encoding. */
export interface ShapefileParts {
  /** The .shp file: the geometries. */
  shp: Uint8Array;
  /** The .shx file: the index of the geometries. */
  shx: Uint8Array;
  /** The .dbf file: the attributes. */
  dbf: Uint8Array;
  /** The CRS as WKT; null for pixels (no CRS). */
  prj: string | null;
  /** "UTF-8": how the .dbf's text is encoded. */
  cpg: string;
}

const POLYGON = 5;
const MAX_BYTES = 0x7fffffff;

/** Each field's Shapefile name: `names` first, then SHAPEFILE_NAMES, then the name itself; checked. */
export function shapefileFieldNames(
  fields: readonly { name: string }[],
  names: Readonly<Record<string, string>> = {},
): string[] {
  const seen = new Set<string>();
  return fields.map(({ name }) => {
    const short = names[name] ?? SHAPEFILE_NAMES[name] ?? name;
    if (!/^[\x21-\x7e]+$/.test(short) || short.length > DBF_LIMITS.name) {
      throw new GisInputError(
        `field ${shown(name)} has no Shapefile name: dBase names are at most ${DBF_LIMITS.name} ASCII characters; give one in shapefileNames (e.g. { ${JSON.stringify(name)}: ${JSON.stringify(name.replace(/[^\x21-\x7e]/g, "_").slice(0, 10))} })`,
      );
    }
    const key = short.toLowerCase();
    if (seen.has(key))
      throw new GisInputError(`two fields would both be named ${shown(short)} in the Shapefile`);
    seen.add(key);
    return short;
  });
}

/** Rings as a Shapefile wants them: outer rings clockwise, holes counter-clockwise. */
function orientedRings(polygons: Position[][][]): Position[][] {
  return polygons.flatMap((rings) =>
    rings.map((ring, i) => {
      const clockwise = ringArea(ring) < 0;
      return clockwise === (i === 0) ? ring : [...ring].reverse();
    }),
  );
}

/** A Shapefile (polygon type; a MultiPolygon is one record of many parts) with .shx, .dbf, .prj and .cpg. */
export function shapefileSink(
  spec: LayerSpec,
  names?: Readonly<Record<string, string>>,
): FormatSink<ShapefileParts> {
  const fieldNames = shapefileFieldNames(spec.fields, names);
  const prj = spec.crs ? wktFor(spec.crs, WKT_FORMATS.shp!) : null;
  const records: Uint8Array[] = [];
  const rows: FieldValue[][] = [];
  let shpLength = 100;
  return {
    add(feature: PreparedFeature) {
      const rings = orientedRings(feature.polygons);
      const points = rings.reduce((n, r) => n + r.length, 0);
      const content = 44 + 4 * rings.length + 16 * points;
      const record = new Uint8Array(8 + content);
      const view = new DataView(record.buffer);
      view.setInt32(0, records.length + 1);
      view.setInt32(4, content / 2);
      view.setInt32(8, POLYGON, true);
      for (const [i, v] of feature.bbox.entries()) view.setFloat64(12 + 8 * i, v, true);
      view.setInt32(44, rings.length, true);
      view.setInt32(48, points, true);
      let at = 52;
      let start = 0;
      for (const ring of rings) {
        view.setInt32(at, start, true);
        at += 4;
        start += ring.length;
      }
      for (const ring of rings) {
        for (const p of ring) {
          view.setFloat64(at, p[0]!, true);
          view.setFloat64(at + 8, p[1]!, true);
          at += 16;
        }
      }
      shpLength += record.length;
      if (shpLength > MAX_BYTES) {
        throw new GisInputError(
          `the .shp would pass 2 GB at feature ${records.length}: a Shapefile part holds at most 2 GB; write a GeoPackage or FlatGeobuf`,
        );
      }
      records.push(record);
      rows.push(feature.values);
    },
    finish(extent) {
      const box = extent ?? [0, 0, 0, 0];
      const shp = new Uint8Array(shpLength);
      const shx = new Uint8Array(100 + 8 * records.length);
      header(shp, shpLength, box);
      header(shx, shx.length, box);
      const shxView = new DataView(shx.buffer);
      let at = 100;
      records.forEach((record, i) => {
        shp.set(record, at);
        shxView.setInt32(100 + 8 * i, at / 2);
        shxView.setInt32(104 + 8 * i, (record.length - 8) / 2);
        at += record.length;
      });
      return {
        shp,
        shx,
        dbf: dbfFile(spec.fields, fieldNames, rows),
        prj,
        cpg: "UTF-8",
      };
    },
  };
}

function header(bytes: Uint8Array, length: number, box: readonly number[]): void {
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 9994);
  view.setInt32(24, length / 2);
  view.setInt32(28, 1000, true);
  view.setInt32(32, POLYGON, true);
  for (const [i, v] of box.entries()) view.setFloat64(36 + 8 * i, v, true);
}
