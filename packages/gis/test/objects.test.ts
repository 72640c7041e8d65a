import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import turfArea from "@turf/area";
import { describe, expect, it } from "vitest";
import {
  OBJECT_FIELDS,
  PIXEL_OBJECT_FIELDS,
  openLayer,
  pixelResultObjects,
  resultObjects,
  writeLayer,
} from "../src/node";
import { META, PIXELS, ZURICH, square } from "./support/fixtures";
import { layerInfo, readFeatures } from "./support/gdal";

describe("resultObjects", () => {
  const objects = resultObjects(ZURICH, META);

  it("makes one feature per polygon of each class, with where it came from", () => {
    expect(objects.map((o) => o.properties.class)).toEqual([
      "building",
      "building",
      "building",
      "tree",
      "tree",
    ]);
    expect(objects[0]!.properties).toMatchObject({
      raster_id: "r-1",
      raster_name: "zurich.tif",
      operation_id: "op-1",
      input: "scans/zurich.tif",
    });
    expect(objects.every((o) => o.geometry.type === "Polygon")).toBe(true);
  });

  it("OBJECT_FIELDS and PIXEL_OBJECT_FIELDS are the features' attributes, so an empty layer has them too", async () => {
    const field = (value: unknown) => (typeof value === "number" ? "real" : "text");
    expect(OBJECT_FIELDS).toEqual(
      Object.entries(objects[0]!.properties).map(([name, value]) => ({ name, type: field(value) })),
    );
    const pixel = pixelResultObjects(PIXELS, META)[0]!;
    expect(PIXEL_OBJECT_FIELDS).toEqual(
      Object.entries(pixel.properties).map(([name, value]) => ({ name, type: field(value) })),
    );
    const path = join(mkdtempSync(join(tmpdir(), "gis-empty-")), "empty.gpkg");
    await writeLayer(path, [], { fields: OBJECT_FIELDS });
    const info = layerInfo(path);
    expect([info.count, [...info.fields.keys()]]).toEqual([0, OBJECT_FIELDS.map((f) => f.name)]);
  });

  it("measures the geodesic area with turf, holes taken out, and the perimeter of every ring", () => {
    const [plain, courtyard] = objects;
    expect(plain!.properties.area_m2).toBeCloseTo(
      turfArea({ type: "Polygon", coordinates: [square(8.54, 47.37, 0.001)] }),
      5,
    );
    // 0.001° is ~75 m east and ~111 m north at 47.37°N.
    expect(plain!.properties.area_m2).toBeGreaterThan(8300);
    expect(plain!.properties.area_m2).toBeLessThan(8400);
    const outer = turfArea({ type: "Polygon", coordinates: [square(8.545, 47.372, 0.002)] });
    expect(courtyard!.properties.area_m2).toBeCloseTo(outer * 0.75, -1);
    expect(courtyard!.properties.perimeter_m).toBeCloseTo(plain!.properties.perimeter_m * 3, -1);
  });

  it("puts the centroid at the centre of mass, the hole included (not the mean of the vertices)", () => {
    const lopsided = resultObjects({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { class_name: "a" },
          geometry: {
            type: "Polygon",
            coordinates: [
              square(0, 0, 2),
              [
                [0.1, 0.1],
                [0.1, 1.9],
                [0.9, 1.9],
                [0.9, 0.1],
                [0.1, 0.1],
              ],
            ],
          },
        },
      ],
    });
    // The hole takes area from the west half: the centroid moves east of x = 1.
    expect(lopsided[0]!.properties.centroid_lon).toBeGreaterThan(1.2);
    expect(lopsided[0]!.properties.centroid_lat).toBeCloseTo(1, 9);
    expect(objects[0]!.properties.centroid_lon).toBeCloseTo(8.5405, 9);
  });

  it("measures pixel results in pixels, under pixel names", () => {
    const pixels = pixelResultObjects(PIXELS);
    expect(pixels[0]!.properties).toMatchObject({
      class: "building",
      area_px: 3600,
      perimeter_px: 240,
      centroid_x: 54,
      centroid_y: 50,
    });
    expect(Object.keys(pixels[0]!.properties)).not.toContain("area_m2");
  });
});

describe("one combined layer from many inputs", () => {
  it("takes batches (one per run) and writes them as one layer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gis-combined-"));
    const path = join(dir, "detections.gpkg");
    const file = await openLayer(path, { crs: "EPSG:2056", layer: "detections" });
    file.add(resultObjects(ZURICH, { ...META, input: "a.tif" }));
    file.add(resultObjects(ZURICH, { ...META, input: "b.tif" }));
    expect(file.count).toBe(10);
    const written = await file.close();
    expect(written).toEqual({ format: "gpkg", files: [path], count: 10, crs: "EPSG:2056" });
    expect(layerInfo(path)).toMatchObject({ name: "detections", count: 10 });
    expect(new Set(readFeatures(path).map((f) => f.properties["input"]))).toEqual(
      new Set(["a.tif", "b.tif"]),
    );
  });
});

describe("the EPSG table", () => {
  it("is fresh: `pnpm generate --check` finds it equal to a new generation from epsg-index", () => {
    const run = spawnSync(
      process.execPath,
      [join(__dirname, "../../../scripts/generate.mjs"), "--only", "gis-epsg", "--check"],
      {
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

  it("(control) is found stale when one CRS differs, after decompression", async () => {
    // @ts-expect-error: the generator's plain ESM module
    const { generate, isFresh } = (await import("../scripts/epsg-table.mjs")) as {
      generate(): string;
      isFresh(text: string): boolean;
    };
    const { gunzipSync, gzipSync } = await import("node:zlib");
    const text = generate();
    const encoded = /EPSG_TABLE =\s*"([^"]*)"/.exec(text)![1]!;
    const json = gunzipSync(Buffer.from(encoded, "base64"))
      .toString("utf8")
      .replace("CH1903+ / LV95", "CH1903+ / LV03");
    expect(isFresh(text)).toBe(true);
    expect(isFresh(text.replace(encoded, gzipSync(json).toString("base64")))).toBe(false);
  }, 60_000);
});
