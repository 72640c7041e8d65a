import { Builder } from "flatbuffers";
import { magicbytes } from "flatgeobuf/lib/mjs/constants.js";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { Column } from "flatgeobuf/lib/mjs/flat-geobuf/column.js";
import { Crs } from "flatgeobuf/lib/mjs/flat-geobuf/crs.js";
import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { Header } from "flatgeobuf/lib/mjs/flat-geobuf/header.js";
import { buildFeature } from "flatgeobuf/lib/mjs/generic/feature.js";
import { parseGeometry } from "flatgeobuf/lib/mjs/geojson/geometry.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import type { FormatSink, LayerSpec, PreparedFeature } from "../layer";
import type { FieldType, FieldValue } from "../types";
import { NODE_SIZE, hilbertOrder, packedRTree } from "./packed-rtree";

const COLUMN_TYPES: Record<FieldType, ColumnType> = {
  text: ColumnType.String,
  real: ColumnType.Double,
  integer: ColumnType.Long,
  boolean: ColumnType.Bool,
};

/**
 * A FlatGeobuf file with its spatial index (a packed Hilbert R-tree, node size 16, features stored in the
 * tree's order), the CRS in the header (EPSG code, name and WKT; none for pixels), built with the flatgeobuf
 * package's feature and header encoders.
 */
export function flatGeobufSink(spec: LayerSpec): FormatSink<Uint8Array> {
  const columns = spec.fields.map((f) => ({
    name: f.name,
    type: COLUMN_TYPES[f.type],
    title: null,
    description: null,
    width: -1,
    precision: -1,
    scale: -1,
    nullable: true,
    unique: false,
    primary_key: false,
  }));
  const meta = { columns } as unknown as HeaderMeta;
  const encoded: Uint8Array[] = [];
  const boxes: [number, number, number, number][] = [];
  return {
    add(feature: PreparedFeature) {
      const geometry =
        spec.geometryType === "Polygon"
          ? { type: "Polygon" as const, coordinates: feature.polygons[0]! }
          : { type: "MultiPolygon" as const, coordinates: feature.polygons };
      const properties: Record<string, FieldValue> = {};
      spec.fields.forEach((f, i) => {
        properties[f.name] = feature.values[i] ?? null;
      });
      // A copy: the builder's buffer behind the view is at least 1 kB, several times a small feature.
      encoded.push(buildFeature(parseGeometry(geometry), properties, meta).slice());
      boxes.push(feature.bbox);
    },
    finish(extent, count) {
      const order = extent ? hilbertOrder(boxes, extent) : [];
      const offsets: number[] = [];
      let size = 0;
      for (const i of order) {
        offsets.push(size);
        size += encoded[i]!.length;
      }
      const header = buildHeader(spec, columns, extent, count);
      const index =
        count > 0
          ? packedRTree(
              order.map((i) => boxes[i]!),
              offsets,
            )
          : new Uint8Array(0);
      const out = new Uint8Array(magicbytes.length + header.length + index.length + size);
      out.set(magicbytes, 0);
      out.set(header, magicbytes.length);
      out.set(index, magicbytes.length + header.length);
      let at = magicbytes.length + header.length + index.length;
      for (const i of order) {
        out.set(encoded[i]!, at);
        at += encoded[i]!.length;
      }
      return out;
    },
  };
}

function buildHeader(
  spec: LayerSpec,
  columns: { name: string; type: ColumnType }[],
  extent: [number, number, number, number] | null,
  count: number,
): Uint8Array {
  const builder = new Builder(1024);
  const columnOffsets = columns.map((c) => {
    const name = builder.createString(c.name);
    Column.startColumn(builder);
    Column.addName(builder, name);
    Column.addType(builder, c.type);
    Column.addNullable(builder, true);
    return Column.endColumn(builder);
  });
  const columnsVector = Header.createColumnsVector(builder, columnOffsets);
  const name = builder.createString(spec.name);
  let crs = 0;
  if (spec.crs) {
    const org = builder.createString("EPSG");
    const crsName = builder.createString(spec.crs.name);
    // Without a WKT the header still names the CRS by its EPSG code, which is how GDAL reads it.
    const wkt = spec.crs.wkt === null ? 0 : builder.createString(spec.crs.wkt);
    Crs.startCrs(builder);
    Crs.addOrg(builder, org);
    Crs.addCode(builder, spec.crs.code);
    Crs.addName(builder, crsName);
    if (wkt) Crs.addWkt(builder, wkt);
    crs = Crs.endCrs(builder);
  }
  const envelope = extent ? Header.createEnvelopeVector(builder, extent) : 0;
  Header.startHeader(builder);
  Header.addName(builder, name);
  if (envelope) Header.addEnvelope(builder, envelope);
  Header.addGeometryType(
    builder,
    spec.geometryType === "Polygon" ? GeometryType.Polygon : GeometryType.MultiPolygon,
  );
  Header.addColumns(builder, columnsVector);
  Header.addFeaturesCount(builder, BigInt(count));
  Header.addIndexNodeSize(builder, count > 0 ? NODE_SIZE : 0);
  if (crs) Header.addCrs(builder, crs);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}
