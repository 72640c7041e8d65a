import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Feature, FeatureCollection, Polygon } from "@picterra/core";
import { pixelToNongeoPoint } from "@picterra/nongeo";
import { writeArrayBuffer } from "geotiff";
import { PNG } from "pngjs";
import { encodeLv95GeoTiff } from "./projected";

/** The classes the demo's detector learns. */
export type ClassName = "building" | "tree";

/** An `[x, y]` pixel position (x right, y down, origin at the image's top-left corner). */
export type Pixel = [x: number, y: number];

/** One object drawn into the sample images: its class and its outline in pixels (a closed ring). */
export interface SampleObject {
  className: ClassName;
  ring: Pixel[];
}

/** Size of both sample images, in pixels. */
export const WIDTH = 256;
export const HEIGHT = 192;

/** Where the GeoTIFF lies (EPSG:4326): its top-left corner and pixel size in degrees. */
export const GEOTIFF_ORIGIN: readonly [lng: number, lat: number] = [6.5662, 46.5197];
export const GEOTIFF_PIXEL_DEGREES = 0.00001;

// Integer vertices on pixel edges, so that the filled pixels are exactly the polygon and a detection mapped back
// to pixels can be compared vertex by vertex. Rings go clockwise on screen, which is counter-clockwise in lon/lat
// (y flips), as RFC 7946 wants exterior rings.
const SHAPES: { className: ClassName; vertices: Pixel[] }[] = [
  { className: "building", vertices: rect(24, 20, 84, 60) },
  {
    className: "building",
    vertices: [
      [170, 24],
      [230, 24],
      [230, 50],
      [200, 50],
      [200, 80],
      [170, 80],
    ],
  },
  { className: "building", vertices: rect(160, 112, 228, 164) },
  { className: "tree", vertices: diamond(120, 44, 20) },
  {
    className: "tree",
    vertices: [
      [48, 112],
      [64, 112],
      [76, 124],
      [76, 140],
      [64, 152],
      [48, 152],
      [36, 140],
      [36, 124],
    ],
  },
  { className: "tree", vertices: diamond(116, 150, 16) },
];

/** The objects drawn into both images, at the same pixel positions (so at the same relative positions). */
export const OBJECTS: readonly SampleObject[] = SHAPES.map(({ className, vertices }) => ({
  className,
  ring: [...vertices, vertices[0]!],
}));

const COLORS: Record<ClassName | "field" | "road", readonly [number, number, number]> = {
  field: [118, 146, 84],
  road: [150, 150, 142],
  building: [178, 86, 62],
  tree: [34, 92, 40],
};

/** Paths of the sample files `writeSampleData` made. */
export interface SampleFiles {
  /** The georeferenced image (EPSG:4326), used to train the detector. */
  geotiff: string;
  /** The same scene in a projected CRS, Swiss LV95 (EPSG:2056), the detector is run on it too. */
  lv95Geotiff: string;
  /** The same scene as a PNG without georeference, the detector is run on it. */
  png: string;
  /** Outline annotations on the GeoTIFF, in lon/lat, each with `properties.class_name`. */
  outline: string;
  /** Training area on the GeoTIFF, in lon/lat. */
  trainingArea: string;
  /** Validation area on the GeoTIFF, in lon/lat. */
  validationArea: string;
  /** Detection area on the PNG (its whole extent), in the lon/lat Picterra places it at. */
  detectionArea: string;
  /** The objects drawn on the PNG, in the lon/lat Picterra places it at (uploaded as a vector layer). */
  pngObjects: string;
}

/** Draws the sample scene and writes both GeoTIFFs, the PNG and their GeoJSON files into `dir`. */
export async function writeSampleData(dir: string): Promise<SampleFiles> {
  await mkdir(dir, { recursive: true });
  const rgb = drawScene();
  const files: SampleFiles = {
    geotiff: join(dir, "sample.tif"),
    lv95Geotiff: join(dir, "sample-lv95.tif"),
    png: join(dir, "sample.png"),
    outline: join(dir, "outline.geojson"),
    trainingArea: join(dir, "training_area.geojson"),
    validationArea: join(dir, "validation_area.geojson"),
    detectionArea: join(dir, "detection_area.geojson"),
    pngObjects: join(dir, "sample.png.objects.geojson"),
  };
  await Promise.all([
    writeFile(files.geotiff, encodeGeoTiff(rgb)),
    writeFile(files.lv95Geotiff, encodeLv95GeoTiff(rgb, WIDTH, HEIGHT)),
    writeFile(files.png, encodePng(rgb)),
    writeJson(files.outline, outlineCollection(geotiffLngLat)),
    writeJson(files.trainingArea, areaCollection([rect(0, 0, WIDTH, HEIGHT)], geotiffLngLat)),
    writeJson(files.validationArea, areaCollection([rect(150, 100, 240, 176)], geotiffLngLat)),
    writeJson(files.detectionArea, areaCollection([rect(0, 0, WIDTH, HEIGHT)], pngLngLat)),
    writeJson(files.pngObjects, outlineCollection(pngLngLat)),
  ]);
  return files;
}

/** The scene as interleaved RGB bytes, row by row: a field, a road, and the objects filled in. */
export function drawScene(): Uint8Array {
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const center: Pixel = [x + 0.5, y + 0.5];
      const object = OBJECTS.find((o) => insideRing(center, o.ring));
      const base = object ? COLORS[object.className] : y >= 90 && y < 102 ? COLORS.road : COLORS.field;
      // A little deterministic texture, so that the picture reads as imagery rather than a diagram.
      const shade = (hash(x, y) % 17) - 8;
      const i = (y * WIDTH + x) * 3;
      rgb[i] = clamp(base[0] + shade);
      rgb[i + 1] = clamp(base[1] + shade);
      rgb[i + 2] = clamp(base[2] + shade);
    }
  }
  return rgb;
}

/** The scene as a PNG file (no georeference). */
export function encodePng(rgb: Uint8Array): Buffer {
  const png = new PNG({ width: WIDTH, height: HEIGHT });
  for (let p = 0; p < WIDTH * HEIGHT; p++) {
    png.data[p * 4] = rgb[p * 3]!;
    png.data[p * 4 + 1] = rgb[p * 3 + 1]!;
    png.data[p * 4 + 2] = rgb[p * 3 + 2]!;
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** The scene as an uncompressed RGB GeoTIFF in EPSG:4326, its top-left corner at `GEOTIFF_ORIGIN`. */
export function encodeGeoTiff(rgb: Uint8Array): Uint8Array {
  const buffer = writeArrayBuffer(rgb, {
    width: WIDTH,
    height: HEIGHT,
    ModelPixelScale: [GEOTIFF_PIXEL_DEGREES, GEOTIFF_PIXEL_DEGREES, 0],
    ModelTiepoint: [0, 0, 0, GEOTIFF_ORIGIN[0], GEOTIFF_ORIGIN[1], 0],
    GeographicTypeGeoKey: 4326,
    GTModelTypeGeoKey: 2,
    // PixelIsArea: the tiepoint is the top-left corner of the first pixel, not its center.
    GTRasterTypeGeoKey: 1,
  });
  return new Uint8Array(buffer);
}

/** A pixel of the GeoTIFF to lon/lat (9 decimals, ~0.1 mm, so that the files stay readable). */
export function geotiffLngLat([x, y]: Pixel): [number, number] {
  return [
    round9(GEOTIFF_ORIGIN[0] + x * GEOTIFF_PIXEL_DEGREES),
    round9(GEOTIFF_ORIGIN[1] - y * GEOTIFF_PIXEL_DEGREES),
  ];
}

/** A pixel of the PNG to the lon/lat Picterra places a non-georeferenced image at. */
export function pngLngLat(pixel: Pixel): [number, number] {
  return pixelToNongeoPoint(pixel);
}

/** Every sample object as a Polygon Feature with `properties.class_name`. */
export function outlineCollection(
  toLngLat: (pixel: Pixel) => [number, number],
): FeatureCollection<Polygon, { class_name: ClassName }> {
  return {
    type: "FeatureCollection",
    features: OBJECTS.map(
      (o): Feature<Polygon, { class_name: ClassName }> => ({
        type: "Feature",
        properties: { class_name: o.className },
        geometry: { type: "Polygon", coordinates: [o.ring.map(toLngLat)] },
      }),
    ),
  };
}

function areaCollection(
  rings: Pixel[][],
  toLngLat: (pixel: Pixel) => [number, number],
): FeatureCollection<Polygon> {
  return {
    type: "FeatureCollection",
    features: rings.map((ring) => ({
      type: "Feature",
      properties: {},
      geometry: { type: "Polygon", coordinates: [[...ring, ring[0]!].map(toLngLat)] },
    })),
  };
}

/** Planar area of a ring in pixel² (shoelace), whatever its winding. */
export function ringArea(ring: readonly (readonly number[])[]): number {
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    twice += x1! * y2! - x2! * y1!;
  }
  return Math.abs(twice) / 2;
}

function rect(x0: number, y0: number, x1: number, y1: number): Pixel[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

function diamond(cx: number, cy: number, r: number): Pixel[] {
  return [
    [cx, cy - r],
    [cx + r, cy],
    [cx, cy + r],
    [cx - r, cy],
  ];
}

/** Even-odd point-in-polygon test on a closed ring. */
function insideRing([px, py]: Pixel, ring: readonly Pixel[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function hash(x: number, y: number): number {
  let h = (x * 374761393 + y * 668265263) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return (h ^ (h >>> 16)) >>> 0;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, value));
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
