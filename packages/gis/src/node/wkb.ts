import type { Position } from "@picterra/core";

const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;
/** The GeoPackage header: "GP", version 0, flags 0b011 (little-endian, an [minx, maxx, miny, maxy] envelope). */
const GP_FLAGS = 0b0000_0011;

function polygonBytes(rings: Position[][]): number {
  return 9 + rings.reduce((n, r) => n + 4 + 16 * r.length, 0);
}

function writePolygon(view: DataView, at: number, rings: Position[][]): number {
  view.setUint8(at, 1);
  view.setUint32(at + 1, WKB_POLYGON, true);
  view.setUint32(at + 5, rings.length, true);
  let o = at + 9;
  for (const ring of rings) {
    view.setUint32(o, ring.length, true);
    o += 4;
    for (const p of ring) {
      view.setFloat64(o, p[0]!, true);
      view.setFloat64(o + 8, p[1]!, true);
      o += 16;
    }
  }
  return o;
}

/**
 * A GeoPackage geometry blob (OGC 12-128r18, 2.1.3): the "GP" header with the SRS id and the envelope, then
 * the geometry as little-endian WKB.
 */
export function geoPackageGeometry(
  polygons: Position[][][],
  type: "Polygon" | "MultiPolygon",
  srsId: number,
  bbox: readonly number[],
): Uint8Array {
  const wkbLength =
    type === "Polygon"
      ? polygonBytes(polygons[0]!)
      : 9 + polygons.reduce((n, rings) => n + polygonBytes(rings), 0);
  const bytes = new Uint8Array(40 + wkbLength);
  const view = new DataView(bytes.buffer);
  bytes.set([0x47, 0x50, 0, GP_FLAGS], 0);
  view.setInt32(4, srsId, true);
  view.setFloat64(8, bbox[0]!, true);
  view.setFloat64(16, bbox[2]!, true);
  view.setFloat64(24, bbox[1]!, true);
  view.setFloat64(32, bbox[3]!, true);
  if (type === "Polygon") writePolygon(view, 40, polygons[0]!);
  else {
    view.setUint8(40, 1);
    view.setUint32(41, WKB_MULTIPOLYGON, true);
    view.setUint32(45, polygons.length, true);
    let at = 49;
    for (const rings of polygons) at = writePolygon(view, at, rings);
  }
  return bytes;
}
