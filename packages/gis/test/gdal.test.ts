// Every format, read back by GDAL (an independent reader): counts, attribute names and types, the CRS
// (WGS 84, EPSG:2056, none for pixels) and the spatial index.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as flatbuffers from "flatbuffers";
import { fromByteBuffer } from "flatgeobuf/lib/mjs/header-meta.js";
import { describe, expect, it } from "vitest";
import { type Format, pixelResultObjects, resultObjects, writeLayer } from "../src/node";
import { META, PIXELS, ZURICH } from "./support/fixtures";
import { GEO_FIELDS, SHP_FIELDS, attributes, layerInfo, readFeatures, sqlValue } from "./support/gdal";

const dir = mkdtempSync(join(tmpdir(), "gis-gdal-"));
const objects = resultObjects(ZURICH, META);
const pixels = pixelResultObjects(PIXELS, META);

const FORMATS: [Format, string][] = [
  ["gpkg", "gpkg"],
  ["fgb", "fgb"],
  ["shp", "shp"],
  ["geojson", "geojson"],
  ["csv", "csv"],
];

describe.each(FORMATS)("%s, read by GDAL", (format, ext) => {
  // Each file is opened as a user opens it, with no options: a CSV's types and CRS come from its .csvt and .prj.
  it("has one feature per object, with every attribute and its type", async () => {
    const path = join(dir, `wgs84.${ext}`);
    const written = await writeLayer(path, objects);
    expect(written).toMatchObject({ format, count: 5, crs: "EPSG:4326" });
    const info = layerInfo(path);
    expect(info.count).toBe(5);
    // A CSV column holds any geometry; GDAL cannot know the type before reading the rows.
    expect(info.geometry).toBe(format === "csv" ? "Unknown (any)" : "Polygon");
    expect(attributes(path, info)).toEqual(format === "shp" ? SHP_FIELDS : GEO_FIELDS);
    if (format === "csv") expect(info.fields.get("wkt")).toBe("String");
    expect(info.srs).toMatch(/^GEOGCRS\["WGS 84"/);
    const read = readFeatures(path);
    const byArea = (a: { properties: Record<string, unknown> }, b: { properties: Record<string, unknown> }) =>
      Number(a.properties["area_m2"]) - Number(b.properties["area_m2"]);
    const expected = objects.map((o) => o.properties).sort((a, b) => a.area_m2 - b.area_m2);
    const got = read.sort(byArea).map((f) => f.properties);
    got.forEach((p, i) => {
      expect(p["class"]).toBe(expected[i]!.class);
      expect(Number(p["area_m2"])).toBeCloseTo(expected[i]!.area_m2, 6);
      expect(p[format === "shp" ? "raster_nm" : "raster_name"]).toBe("zurich.tif");
      expect(p[format === "shp" ? "cent_lat" : "centroid_lat"]).toBeCloseTo(expected[i]!.centroid_lat, 9);
    });
    // The courtyard stays a hole.
    expect(read.filter((f) => (f.geometry.coordinates as unknown[]).length === 2)).toHaveLength(1);
  });

  it("writes EPSG:2056 (Swiss LV95) coordinates and declares the CRS", async () => {
    const path = join(dir, `lv95.${ext}`);
    await writeLayer(path, objects, { crs: "EPSG:2056" });
    const info = layerInfo(path);
    expect(info.count).toBe(5);
    // Zürich lies near E 2 683 000, N 1 247 000 in LV95.
    expect(info.extent[0]).toBeGreaterThan(2_682_000);
    expect(info.extent[3]).toBeLessThan(1_250_000);
    expect(info.srs).toMatch(/CH1903\+ \/ LV95/);
    if (format !== "shp" && format !== "csv") expect(info.srs).toMatch(/ID\["EPSG",2056\]\]$/);
  });
});

describe("a CRS without WKT in the EPSG table, read by GDAL", () => {
  it("FlatGeobuf and GeoJSON name it by its EPSG code, which GDAL resolves", async () => {
    for (const ext of ["fgb", "geojson"]) {
      const path = join(dir, `bern.${ext}`);
      const written = await writeLayer(path, objects, { crs: "EPSG:4801" });
      expect(written.crs).toBe("EPSG:4801");
      const info = layerInfo(path);
      expect(info.count, ext).toBe(5);
      expect(info.srs, ext).toMatch(/^GEOGCRS\["Bern 1898 \(Bern\)"/);
      expect(info.srs, ext).toMatch(/ID\["EPSG",4801\]\]$/);
      // Longitudes from Bern's meridian (7.44°E): Zürich lies about 1.1° east of it.
      expect(info.extent[0]).toBeGreaterThan(1);
      expect(info.extent[0]).toBeLessThan(1.2);
    }
  });
});

describe("pixel results, read by GDAL", () => {
  it("go to a GeoPackage with the undefined cartesian SRS (srs_id -1), measured in pixels", async () => {
    const path = join(dir, "pixels.gpkg");
    const written = await writeLayer(path, pixels);
    expect(written.crs).toBeNull();
    const info = layerInfo(path);
    expect(info.count).toBe(3);
    // GDAL's name for srs_id -1: no CRS, plain cartesian coordinates.
    expect(info.srs).toMatch(/^ENGCRS\["Undefined Cartesian SRS"/);
    expect(info.fields.get("area_px")).toBe("Real");
    expect(info.fields.has("area_m2")).toBe(false);
    expect(sqlValue(path, "SELECT srs_id FROM gpkg_geometry_columns")).toBe("-1");
    expect(sqlValue(path, "SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = -1")).toBe("undefined");
    const [first] = readFeatures(path).filter((f) => f.properties["class"] === "building");
    expect(first!.properties["area_px"]).toBe(3600);
  });

  it("go to FlatGeobuf and Shapefile with no CRS at all", async () => {
    for (const ext of ["fgb", "shp"]) {
      const path = join(dir, `pixels.${ext}`);
      await writeLayer(path, pixels);
      expect(layerInfo(path).srs, ext).toBe("");
    }
  });
});

describe("the spatial indexes", () => {
  const many = resultObjects({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { class_name: "tree" },
        geometry: {
          type: "MultiPolygon",
          coordinates: Array.from({ length: 400 }, (_, i) => [
            [
              [8 + (i % 20) * 0.01, 47 + Math.floor(i / 20) * 0.01],
              [8.005 + (i % 20) * 0.01, 47 + Math.floor(i / 20) * 0.01],
              [8.005 + (i % 20) * 0.01, 47.005 + Math.floor(i / 20) * 0.01],
              [8 + (i % 20) * 0.01, 47 + Math.floor(i / 20) * 0.01],
            ],
          ]),
        },
      },
    ],
  });
  // A box over 3 × 2 of the 20 × 20 triangles.
  const box = [8.031, 47.051, 8.059, 47.069];

  it("GeoPackage: the gpkg_rtree_index extension, registered, filled with every feature, used by GDAL", async () => {
    const path = join(dir, "index.gpkg");
    await writeLayer(path, many, { crs: "EPSG:2056" });
    expect(sqlValue(path, "SELECT HasSpatialIndex('objects', 'geom')")).toBe("1");
    expect(sqlValue(path, "SELECT extension_name FROM gpkg_extensions WHERE table_name = 'objects'")).toBe(
      "gpkg_rtree_index",
    );
    expect(sqlValue(path, "SELECT count(*) FROM rtree_objects_geom")).toBe("400");
    expect(sqlValue(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).toBe("6");
    const lv95 = await writeLayer(join(dir, "index-4326.gpkg"), many);
    expect(readFeatures(lv95.files[0]!, { spat: box })).toHaveLength(6);
  });

  it("FlatGeobuf: a packed Hilbert R-tree of node size 16 in the header, which GDAL's spatial filter uses", async () => {
    const path = join(dir, "index.fgb");
    await writeLayer(path, many);
    const bytes = readFileSync(path);
    const bb = new flatbuffers.ByteBuffer(new Uint8Array(bytes));
    bb.setPosition(8);
    const header = fromByteBuffer(bb);
    expect(header.indexNodeSize).toBe(16);
    expect(header.featuresCount).toBe(400);
    expect(header.crs?.code).toBe(4326);
    const found = readFeatures(path, { spat: box });
    expect(found).toHaveLength(6);
    // The same answer as a full scan: the index misses nothing.
    const all = readFeatures(path).filter((f) => {
      const ring = (f.geometry.coordinates as number[][][])[0]!;
      return ring.some(([x, y]) => x! >= box[0]! && x! <= box[2]! && y! >= box[1]! && y! <= box[3]!);
    });
    expect(all).toHaveLength(6);
  });
});
