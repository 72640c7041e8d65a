// `picterra detect --format … --crs … --preview` and `results download` on a real run against the emulator,
// every output opened with GDAL (an independent reader): feature counts, attribute names and types, the CRS and
// the spatial indexes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@picterra/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GEO_FIELDS,
  PIXEL_FIELDS,
  attributes,
  SHP_FIELDS,
  layerInfo,
  readFeatures,
  sqlValue,
} from "../../gis/test/support/gdal";
import { createdDetector, emulator, geoTiffFile, picterra, picterraJson, pngFile, tempDir } from "./helpers";

const LAYER_EXTENSIONS = ["gpkg", "fgb", "shp", "csv", "geojson"] as const;

/** FlatGeobuf's header (a size-prefixed flatbuffer after 8 magic bytes): its feature count and index node size. */
function flatGeobufHeader(file: string): { features: number; indexNodeSize: number } {
  const bytes = readFileSync(file);
  const table = 12 + bytes.readUInt32LE(12);
  const vtable = table - bytes.readInt32LE(table);
  const field = (i: number) => {
    const at = 4 + 2 * i;
    return at < bytes.readUInt16LE(vtable) ? bytes.readUInt16LE(vtable + at) : 0;
  };
  // Header fields 8 (features_count, ulong) and 9 (index_node_size, ushort, default 16).
  const count = field(8);
  const node = field(9);
  return {
    features: count ? Number(bytes.readBigUInt64LE(table + count)) : 0,
    indexNodeSize: node ? bytes.readUInt16LE(table + node) : 16,
  };
}

describe("picterra detect --format gpkg,fgb,shp,csv,geojson --crs EPSG:2056 --preview, read by GDAL", () => {
  let emu: Emulator;
  let dir: string;
  let out: string;
  // biome-ignore lint/suspicious/noExplicitAny: the summary's JSON, checked field by field below.
  let summary: any;
  let files: { a: string; b: string; photo: string };
  /** Objects on the map (the two GeoTIFFs) and in pixels (the PNG). */
  let onMap: number;
  let inPixels: number;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), "picterra-cli-gis-"));
    files = {
      a: geoTiffFile(dir, "a.tif"),
      b: geoTiffFile(dir, "b.tif", 64, [6.64, 46.52]),
      photo: pngFile(dir, "photo.png"),
    };
    out = join(dir, "out");
    const detector = (await picterraJson(["detectors", "create", "--name", "trees"], emu)).json.id;
    const { run, json } = await picterraJson(
      [
        "detect",
        "--detector",
        detector,
        files.a,
        files.b,
        files.photo,
        "--out",
        out,
        "--format",
        "gpkg,fgb,shp,csv,geojson",
        "--crs",
        "EPSG:2056",
        "--preview",
      ],
      emu,
    );
    expect(run.code, run.stderr).toBe(0);
    summary = json;
    onMap = json.items[0].counts.class_1 + json.items[1].counts.class_1;
    inPixels = json.items[2].counts.class_1;
  });

  afterAll(async () => {
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(LAYER_EXTENSIONS)(
    "detections.%s: every object of the GeoTIFFs once, its attributes, LV95",
    (ext) => {
      const file = join(out, `detections.${ext}`);
      const info = layerInfo(file);
      expect(info.count).toBe(onMap);
      expect(info.name).toBe("detections");
      expect(attributes(file, info)).toEqual(ext === "shp" ? SHP_FIELDS : GEO_FIELDS);
      // Lausanne lies near E 2 538 000, N 1 152 000 in LV95.
      expect(info.extent[0]).toBeGreaterThan(2_530_000);
      expect(info.extent[2]).toBeLessThan(2_545_000);
      expect(info.extent[1]).toBeGreaterThan(1_145_000);
      expect(info.extent[3]).toBeLessThan(1_160_000);
      // A CSV's from its .prj, as a Shapefile's.
      expect(info.srs).toMatch(/CH1903\+ \/ LV95/);
      if (ext !== "shp" && ext !== "csv") expect(info.srs).toMatch(/ID\["EPSG",2056\]\]$/);
      expect(summary.layers).toContainEqual(
        expect.objectContaining({ file, format: ext, space: "map", count: onMap, crs: "EPSG:2056" }),
      );
    },
  );

  it("each object carries its class, raster, operation, input and measures", () => {
    const features = readFeatures(join(out, "detections.gpkg"));
    const byInput = (input: string) => features.filter((f) => f.properties["input"] === input);
    for (const [i, input] of [files.a, files.b].entries()) {
      const item = summary.items[i];
      const mine = byInput(input);
      expect(mine).toHaveLength(item.counts.class_1);
      for (const { properties: p } of mine) {
        expect(p).toMatchObject({
          class: "class_1",
          raster_id: item.raster_id,
          raster_name: i === 0 ? "a.tif" : "b.tif",
          operation_id: item.operation_id,
        });
        expect(p["area_m2"]).toBeGreaterThan(0);
        expect(p["perimeter_m"]).toBeGreaterThan(0);
        expect(p["centroid_lat"]).toBeGreaterThan(46.5);
        expect(p["centroid_lat"]).toBeLessThan(46.52);
      }
    }
  });

  it("GeoPackage: the gpkg_rtree_index extension, filled with every feature", () => {
    const file = join(out, "detections.gpkg");
    expect(sqlValue(file, "SELECT HasSpatialIndex('detections', 'geom')")).toBe("1");
    expect(sqlValue(file, "SELECT count(*) FROM rtree_detections_geom")).toBe(String(onMap));
    expect(sqlValue(file, "SELECT extension_name FROM gpkg_extensions WHERE table_name = 'detections'")).toBe(
      "gpkg_rtree_index",
    );
  });

  it("FlatGeobuf: a packed R-tree in the header, which GDAL's spatial filter answers from", () => {
    const file = join(out, "detections.fgb");
    expect(flatGeobufHeader(file)).toEqual({ features: onMap, indexNodeSize: 16 });
    const all = readFeatures(file);
    // The west half of the extent, in LV95: the index misses none of the objects there.
    const info = layerInfo(file);
    const middle = (info.extent[0]! + info.extent[2]!) / 2;
    const box = [info.extent[0]! - 1, info.extent[1]! - 1, middle, info.extent[3]! + 1];
    const found = readFeatures(file, { spat: box });
    const west = all.filter((f) => (f.geometry.coordinates as number[][][])[0]!.some(([x]) => x! <= middle));
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBe(west.length);
  });

  it("per input: <name>.<ext> (and <name>.objects.geojson) hold that input's objects, named in the summary", () => {
    const item = summary.items[0];
    for (const ext of LAYER_EXTENSIONS) {
      const file = join(out, ext === "geojson" ? "a.objects.geojson" : `a.${ext}`);
      expect(item.files).toContain(file);
      const info = layerInfo(file);
      expect(info.count, ext).toBe(item.counts.class_1);
      expect(info.srs, ext).toMatch(/CH1903\+ \/ LV95/);
    }
    // The per-class FeatureCollection as before, in WGS 84.
    expect(item.files[0]).toBe(join(out, "a.geojson"));
    expect(layerInfo(join(out, "a.geojson")).srs).toMatch(/^GEOGCRS\["WGS 84"/);
    for (const part of ["shx", "dbf", "prj", "cpg", "csvt"])
      expect(item.files).toContain(join(out, `a.${part}`));
    // The Shapefile and the CSV share their .prj (the same CRS): listed once.
    expect(new Set(item.files).size).toBe(item.files.length);
  });

  it("a PNG's objects go to layers with no CRS, in pixels; never to the map layers nor to GeoJSON", () => {
    const item = summary.items[2];
    const file = join(out, "photo.pixels.gpkg");
    expect(item.files).toContain(file);
    const info = layerInfo(file);
    expect(info.count).toBe(item.counts.class_1);
    expect(info.srs).toMatch(/^ENGCRS\["Undefined Cartesian SRS"/);
    expect(sqlValue(file, "SELECT srs_id FROM gpkg_geometry_columns")).toBe("-1");
    expect(Object.fromEntries(info.fields)).toEqual(PIXEL_FIELDS);
    const combined = layerInfo(join(out, "detections.pixels.gpkg"));
    expect([combined.count, combined.srs]).toEqual([inPixels, expect.stringMatching(/^ENGCRS/)]);
    for (const ext of ["fgb", "shp"])
      expect(layerInfo(join(out, `detections.pixels.${ext}`)).srs, ext).toBe("");
    // Pixels stay in today's per-class photo.pixels.geojson; no map layer places the photo on Earth.
    expect(existsSync(join(out, "photo.pixels.geojson"))).toBe(true);
    for (const name of ["photo.gpkg", "photo.objects.geojson", "detections.pixels.geojson"]) {
      expect(existsSync(join(out, name)), name).toBe(false);
    }
    const features = readFeatures(join(out, "detections.gpkg"));
    expect(features.filter((f) => f.properties["input"] === files.photo)).toEqual([]);
  });

  it("preview.png: the map objects over the footprints, a PNG of the preview's size", () => {
    expect(summary.preview).toBe(join(out, "preview.png"));
    const png = readFileSync(summary.preview);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 760]);
  });

  it("a re-run with other formats and no CRS writes them from the journal: one request, the same objects", async () => {
    const gpkgBefore = readFileSync(join(out, "detections.gpkg"));
    const before = emu.stats().requests;
    const { run, json } = await picterraJson(
      [
        "detect",
        "--detector",
        summary.detector_id,
        files.a,
        files.b,
        files.photo,
        "--out",
        out,
        "--format",
        "fgb",
      ],
      emu,
    );
    expect(run.code, run.stderr).toBe(0);
    // The detector check only: names, detections, results and raster names all come from the journal.
    expect(emu.stats().requests - before).toBe(1);
    const info = layerInfo(join(out, "detections.fgb"));
    expect([info.count, info.srs]).toEqual([onMap, expect.stringMatching(/^GEOGCRS\["WGS 84"/)]);
    expect(layerInfo(join(out, "a.fgb")).srs).toMatch(/^GEOGCRS\["WGS 84"/);
    expect(json.layers.map((l: { file: string }) => l.file)).toEqual([
      join(out, "detections.fgb"),
      join(out, "detections.pixels.fgb"),
    ]);
    expect(json.preview).toBeNull();
    // What this run was not asked for stays as it was.
    expect(readFileSync(join(out, "detections.gpkg")).equals(gpkgBefore)).toBe(true);
  });
});

describe("bad --crs and --format values", () => {
  it("an unknown EPSG code is bad usage (exit 2) naming it, before any request", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const run = await picterra(
      [
        "detect",
        "--detector",
        "d",
        geoTiffFile(dir, "a.tif"),
        "--out",
        join(dir, "o"),
        "--format",
        "gpkg",
        "--crs",
        "EPSG:99999",
      ],
      emu,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--crs: EPSG:99999 is not a CRS this library knows/);
    expect(emu.stats().requests).toBe(0);
  });

  it("a CRS a GeoPackage cannot declare (no WKT) is bad usage; FlatGeobuf takes it", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const args = (format: string) => [
      "detect",
      "--detector",
      "d",
      geoTiffFile(dir, "a.tif"),
      "--out",
      join(dir, "o"),
      "--format",
      format,
      "--crs",
      "EPSG:4801",
    ];
    const refused = await picterra(args("fgb,gpkg"), emu);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--crs: EPSG:4801 \(Bern 1898 \(Bern\)\) has no WKT .* a GeoPackage/);
    expect(emu.stats().requests).toBe(0);
    // fgb alone passes the check: the run goes on to the detector (which does not exist here).
    const taken = await picterra(args("fgb"), emu);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/404/);
  });

  it("--crs without --format, an unknown format or a malformed CRS is bad usage", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const base = ["detect", "--detector", "d", geoTiffFile(dir, "a.tif"), "--out", join(dir, "o")];
    for (const [extra, message] of [
      [["--crs", "EPSG:2056"], /--crs is the CRS of the --format layers/],
      [["--format", "gpkg,kml"], /expected a comma-separated list of gpkg, fgb, shp, csv, geojson/],
      [["--format", "gpkg", "--crs", "LV95"], /expected an EPSG code, e\.g\. EPSG:2056/],
    ] as const) {
      const run = await picterra([...base, ...extra], emu);
      expect(run.code, extra.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(emu.stats().requests).toBe(0);
  });

  it("a CRS that cannot hold an item's objects fails that item (exit 1), naming the CRS; the others are written", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detector = await createdDetector(emu);
    const lausanne = geoTiffFile(dir, "lausanne.tif");
    const soubre = geoTiffFile(dir, "soubre.tif", 64, [-6.6, 5.8]);
    const out = join(dir, "o");
    const { run, json } = await picterraJson(
      [
        "detect",
        "--detector",
        detector,
        lausanne,
        soubre,
        "--out",
        out,
        "--format",
        "gpkg",
        "--crs",
        "EPSG:2056",
      ],
      emu,
    );
    expect(run.code).toBe(1);
    expect(json.items[0].status).toBe("done");
    expect(json.items[1]).toMatchObject({
      status: "failed",
      error: expect.stringMatching(
        /^EPSG:2056 \(CH1903\+ \/ LV95\) cannot hold feature 0: it lies at -6\.\d+, 5\.\d+, far from/,
      ),
    });
    // The combined layer holds the items done, once; nothing was half written.
    expect(layerInfo(join(out, "detections.gpkg")).count).toBe(json.items[0].counts.class_1);
    expect(existsSync(join(out, "soubre.gpkg"))).toBe(false);
    // In WGS 84 the same run finishes: the item's detection is taken from the journal.
    const again = await picterraJson(
      ["detect", "--detector", detector, lausanne, soubre, "--out", out, "--format", "gpkg"],
      emu,
    );
    expect(again.run.code, again.run.stderr).toBe(0);
    expect(layerInfo(join(out, "detections.gpkg")).count).toBe(
      json.items[0].counts.class_1 + again.json.items[1].counts.class_1,
    );
    expect(emu.state().operations.filter((o) => o.type === "detector_run")).toHaveLength(2);
  });
});

describe("a preview that cannot be written", () => {
  it("fails the run (exit 1) naming preview.png alone: the layers are written and listed", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detector = await createdDetector(emu);
    const lausanne = geoTiffFile(dir, "lausanne.tif");
    const out = join(dir, "o");
    // A directory where the preview goes: the PNG is drawn, but it cannot take that name.
    mkdirSync(join(out, "preview.png"), { recursive: true });
    const args = ["detect", "--detector", detector, lausanne, "--out", out, "--format", "gpkg", "--preview"];
    const { run, json } = await picterraJson(args, emu);
    expect(run.code).toBe(1);
    expect(json.items[0].status).toBe("done");
    expect(json.preview).toBeNull();
    expect(json.outputs_error).toMatch(/^preview\.png not written: /);
    expect(json.layers).toEqual([
      expect.objectContaining({ file: join(out, "detections.gpkg"), count: json.items[0].counts.class_1 }),
    ]);
    expect(layerInfo(join(out, "detections.gpkg")).count).toBe(json.items[0].counts.class_1);
    // The human output says the same: which file is missing, and the layer that was written.
    const human = await picterra(args, emu);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^Layer: .*detections\.gpkg \(/m);
    expect(human.stdout + human.stderr).toMatch(/^preview\.png not written: /m);
    expect(human.stdout + human.stderr).not.toMatch(/GIS outputs not written/);
  });
});

describe("picterra results download --out file.<ext>", () => {
  it("takes the format from the extension: a layer per object, in --crs, or pixels with no CRS", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detector = await createdDetector(emu);
    const { json } = await picterraJson(
      ["detect", "--detector", detector, geoTiffFile(dir, "a.tif"), "--out", join(dir, "o")],
      emu,
    );
    const { operation_id: operationId, raster_id: rasterId, counts } = json.items[0];
    const shp = join(dir, "objects.shp");
    const pixels = join(dir, "objects.pixels.gpkg");
    const done = await picterraJson(
      ["results", "download", operationId, "--out", shp, "--crs", "EPSG:2056", "--pixels", pixels],
      emu,
    );
    expect(done.run.code, done.run.stderr).toBe(0);
    expect(done.json.files).toEqual([
      shp,
      ...["shx", "dbf", "cpg", "prj"].map((e) => join(dir, `objects.${e}`)),
      pixels,
    ]);
    const info = layerInfo(shp);
    expect([info.count, Object.fromEntries(info.fields)]).toEqual([counts.class_1, SHP_FIELDS]);
    expect(info.srs).toMatch(/CH1903\+ \/ LV95/);
    const [first] = readFeatures(shp);
    expect(first!.properties).toMatchObject({ op_id: operationId, raster_id: rasterId, raster_nm: "a.tif" });
    expect(layerInfo(pixels).srs).toMatch(/^ENGCRS\["Undefined Cartesian SRS"/);
    // .geojson stays the API's per-class FeatureCollection.
    const geojson = join(dir, "r.geojson");
    await picterraJson(["results", "download", operationId, "--out", geojson], emu);
    expect(JSON.parse(readFileSync(geojson, "utf8")).features[0].properties).toEqual({
      class_name: "class_1",
    });
  });

  it("an extension it cannot tell, or --crs on .geojson, is bad usage before any request", async () => {
    const emu = await emulator();
    for (const [args, message] of [
      [["--out", "r.txt"], /--out: cannot tell the format of 'r\.txt'/],
      [["--out", "r.geojson", "--pixels", "p.kml"], /--pixels: cannot tell the format of 'p\.kml'/],
      [
        ["--out", "r.geojson", "--crs", "EPSG:2056"],
        /--crs reprojects a \.gpkg, \.fgb, \.shp or \.csv --out/,
      ],
      [["--out", "r.gpkg", "--crs", "EPSG:12345678"], /expected an EPSG code/],
    ] as const) {
      const run = await picterra(["results", "download", "op", ...args], emu);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(emu.stats().requests).toBe(0);
  });
});
