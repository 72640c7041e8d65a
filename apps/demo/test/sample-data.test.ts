import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromArrayBuffer } from "geotiff";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GEOTIFF_ORIGIN,
  GEOTIFF_PIXEL_DEGREES,
  HEIGHT,
  OBJECTS,
  type SampleFiles,
  WIDTH,
  drawScene,
  ringArea,
  writeSampleData,
} from "../src/sample-data";
import { LV95_ORIGIN, LV95_PIXEL_METRES } from "../src/projected";

let dir: string;
let files: SampleFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "demo-sample-"));
  files = await writeSampleData(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("sample data", () => {
  it("fills exactly the pixels inside each object's outline", () => {
    const rgb = drawScene();
    const building = OBJECTS[0]!;
    expect(building.ring).toEqual([
      [24, 20],
      [84, 20],
      [84, 60],
      [24, 60],
      [24, 20],
    ]);
    const red = (x: number, y: number) => rgb[(y * WIDTH + x) * 3]!;
    // Roofs are red (~178), the field around them ~118: the edge pixels show the fill is exact.
    expect(red(24, 20)).toBeGreaterThan(160);
    expect(red(83, 59)).toBeGreaterThan(160);
    expect(red(23, 20)).toBeLessThan(130);
    expect(red(84, 59)).toBeLessThan(130);
    expect(red(24, 60)).toBeLessThan(130);
    let roofPixels = 0;
    for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) if (red(x, y) > 160) roofPixels++;
    const roofArea = OBJECTS.filter((o) => o.className === "building").reduce(
      (n, o) => n + ringArea(o.ring),
      0,
    );
    expect(roofArea).toBe(2400 + 2460 + 3536);
    expect(roofPixels).toBe(roofArea);
  });

  it("writes a GeoTIFF in EPSG:4326 with the scene and the expected bounds", async () => {
    const bytes = await readFile(files.geotiff);
    const tiff = await fromArrayBuffer(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    const image = await tiff.getImage();
    expect([image.getWidth(), image.getHeight(), image.getSamplesPerPixel()]).toEqual([WIDTH, HEIGHT, 3]);
    expect(image.getGeoKeys()).toMatchObject({
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: 1,
    });
    const [west, south, east, north] = image.getBoundingBox();
    expect(west).toBeCloseTo(GEOTIFF_ORIGIN[0], 12);
    expect(north).toBeCloseTo(GEOTIFF_ORIGIN[1], 12);
    expect(east).toBeCloseTo(GEOTIFF_ORIGIN[0] + WIDTH * GEOTIFF_PIXEL_DEGREES, 12);
    expect(south).toBeCloseTo(GEOTIFF_ORIGIN[1] - HEIGHT * GEOTIFF_PIXEL_DEGREES, 12);
    const raster = (await image.readRasters({ interleave: true })) as unknown as Uint8Array;
    expect(Buffer.from(raster).equals(Buffer.from(drawScene()))).toBe(true);
  });

  it("writes the same scene as a GeoTIFF in Swiss LV95 (EPSG:2056), a projected CRS", async () => {
    const bytes = await readFile(files.lv95Geotiff);
    const tiff = await fromArrayBuffer(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    const image = await tiff.getImage();
    expect([image.getWidth(), image.getHeight(), image.getSamplesPerPixel()]).toEqual([WIDTH, HEIGHT, 3]);
    const keys = image.getGeoKeys();
    expect(keys).toMatchObject({ ProjectedCSTypeGeoKey: 2056, GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1 });
    expect(keys).not.toHaveProperty("GeographicTypeGeoKey");
    expect(image.getBoundingBox()).toEqual([
      LV95_ORIGIN[0],
      LV95_ORIGIN[1] - HEIGHT * LV95_PIXEL_METRES,
      LV95_ORIGIN[0] + WIDTH * LV95_PIXEL_METRES,
      LV95_ORIGIN[1],
    ]);
    const raster = (await image.readRasters({ interleave: true })) as unknown as Uint8Array;
    expect(Buffer.from(raster).equals(Buffer.from(drawScene()))).toBe(true);
  });

  it("writes a PNG of the same scene", async () => {
    const png = PNG.sync.read(await readFile(files.png));
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    const rgb = drawScene();
    for (const p of [0, 1234, WIDTH * HEIGHT - 1]) {
      expect([...png.data.subarray(p * 4, p * 4 + 4)]).toEqual([
        rgb[p * 3],
        rgb[p * 3 + 1],
        rgb[p * 3 + 2],
        255,
      ]);
    }
  });

  it("writes outline, training and validation GeoJSON in lon/lat on the GeoTIFF", async () => {
    const outline = JSON.parse(await readFile(files.outline, "utf8"));
    expect(
      outline.features.map((f: { properties: { class_name: string } }) => f.properties.class_name),
    ).toEqual(["building", "building", "building", "tree", "tree", "tree"]);
    expect(outline.features[0].geometry.coordinates[0]).toEqual([
      [6.56644, 46.5195],
      [6.56704, 46.5195],
      [6.56704, 46.5191],
      [6.56644, 46.5191],
      [6.56644, 46.5195],
    ]);
    const validation = JSON.parse(await readFile(files.validationArea, "utf8"));
    expect(validation.features[0].geometry.coordinates[0][0]).toEqual([6.5677, 46.5187]);
  });

  it("writes the PNG's objects and detection area where Picterra places a non-georeferenced image", async () => {
    const area = JSON.parse(await readFile(files.detectionArea, "utf8"));
    const [, , [lng, lat]] = area.features[0].geometry.coordinates[0];
    // 256 × 0.1 m east and 192 × 0.1 m south of (0, 0), in degrees.
    expect(lng).toBeCloseTo((25.6 / 6378137) * (180 / Math.PI), 12);
    expect(lat).toBeCloseTo((-19.2 / 6378137) * (180 / Math.PI), 12);
    const objects = JSON.parse(await readFile(files.pngObjects, "utf8"));
    expect(objects.features).toHaveLength(OBJECTS.length);
  });
});
