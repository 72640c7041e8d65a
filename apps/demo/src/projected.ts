import { writeArrayBuffer } from "geotiff";
import proj4 from "proj4";

/** An `[x, y]` pixel position (x right, y down, origin at the image's top-left corner). */
type Pixel = [x: number, y: number];

/**
 * Swiss LV95 (CH1903+ / LV95, EPSG:2056), the projected CRS of the demo's second GeoTIFF. The definition is
 * EPSG's, as epsg-index 2.0.0 holds it (the emulator reads @picterra/gis's table, made from it; a test checks
 * they agree): an oblique
 * Mercator on the Bessel ellipsoid, with the datum shift to WGS84 (`towgs84`), in metres.
 */
export const LV95 = {
  code: 2056,
  name: "CH1903+ / LV95",
  proj4:
    "+proj=somerc +lat_0=46.9524055555556 +lon_0=7.43958333333333 +k_0=1 +x_0=2600000 +y_0=1200000 " +
    "+ellps=bessel +towgs84=674.374,15.056,405.346,0,0,0,0 +units=m +no_defs +type=crs",
} as const;

/** The LV95 GeoTIFF's top-left corner (east, north in metres: by Lausanne, where the first one lies too). */
export const LV95_ORIGIN: readonly [east: number, north: number] = [2533050, 1152420];
/** Its pixel size in metres. */
export const LV95_PIXEL_METRES = 0.5;

// proj4's converter is built once: WGS84 lon/lat ⇄ LV95 metres.
const lv95 = proj4("EPSG:4326", LV95.proj4);

/**
 * The scene as an uncompressed RGB GeoTIFF in LV95: a projected model (`GTModelTypeGeoKey` 1) whose CRS is
 * `ProjectedCSTypeGeoKey` 2056, its top-left corner at `LV95_ORIGIN`, `LV95_PIXEL_METRES` per pixel.
 */
export function encodeLv95GeoTiff(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const buffer = writeArrayBuffer(rgb, {
    width,
    height,
    ModelPixelScale: [LV95_PIXEL_METRES, LV95_PIXEL_METRES, 0],
    ModelTiepoint: [0, 0, 0, LV95_ORIGIN[0], LV95_ORIGIN[1], 0],
    GTModelTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: LV95.code,
    // PixelIsArea: the tiepoint is the top-left corner of the first pixel, not its center.
    GTRasterTypeGeoKey: 1,
  });
  return new Uint8Array(buffer);
}

/** A WGS84 lon/lat position to LV95 (east, north), in metres. */
export function lonLatToLv95(lonLat: readonly number[]): [east: number, north: number] {
  return lv95.forward([lonLat[0]!, lonLat[1]!]) as [number, number];
}

/** A WGS84 lon/lat position to a pixel of the LV95 GeoTIFF: to LV95 with proj4, then through its geotransform. */
export function lonLatToLv95Pixel(lonLat: readonly number[]): Pixel {
  const [east, north] = lonLatToLv95(lonLat);
  return [(east - LV95_ORIGIN[0]) / LV95_PIXEL_METRES, (LV95_ORIGIN[1] - north) / LV95_PIXEL_METRES];
}

/** A pixel of the LV95 GeoTIFF to WGS84 lon/lat (for the tests: the way back). */
export function lv95PixelToLonLat([x, y]: readonly number[]): [lon: number, lat: number] {
  return lv95.inverse([LV95_ORIGIN[0] + x! * LV95_PIXEL_METRES, LV95_ORIGIN[1] - y! * LV95_PIXEL_METRES]) as [
    number,
    number,
  ];
}

/** A drawn object, as the check below needs it: its class and its ring in pixels. */
export interface DrawnObject {
  className: string;
  ring: readonly (readonly number[])[];
}

/** One class's detections, in lon/lat, as downloadResultFeatureCollection gives them. */
export interface ClassDetections {
  className: string;
  polygons: number[][][][];
}

/** How detections compare with the drawn objects, in pixels. */
export interface PlacementCheck {
  /** Detected polygons, over all classes. */
  detections: number;
  /** Drawn objects that exactly one detection of their class lies on (same vertex count, each vertex close). */
  matched: number;
  objects: number;
  /** The largest distance, in pixels, between a matched detection's vertex and the drawn one. */
  worstPx: number;
  /** Every detection's outer ring in pixels, per class (for the tests and the output file). */
  pixels: { className: string; ring: Pixel[] }[];
}

/**
 * Checks that detections (lon/lat) land on the drawn objects (pixels): each outer ring goes to pixels with
 * `toPixel`, and a drawn object is matched when exactly one detection of its class has as many vertices, each
 * within `tolerancePx` of the drawn one (rings start at the same vertex: the emulator keeps the outline's order).
 */
export function checkPlacement(
  detections: readonly ClassDetections[],
  objects: readonly DrawnObject[],
  toPixel: (lonLat: readonly number[]) => Pixel,
  tolerancePx = 2,
): PlacementCheck {
  const pixels = detections.flatMap(({ className, polygons }) =>
    polygons.map((polygon) => ({ className, ring: (polygon[0] ?? []).map(toPixel) })),
  );
  let matched = 0;
  let worstPx = 0;
  for (const object of objects) {
    const distances = pixels
      .filter((d) => d.className === object.className && d.ring.length === object.ring.length)
      .map((d) => Math.max(...d.ring.map((p, i) => distance(p, object.ring[i]!))))
      .filter((d) => d <= tolerancePx);
    if (distances.length === 1) {
      matched++;
      worstPx = Math.max(worstPx, distances[0]!);
    }
  }
  return { detections: pixels.length, matched, objects: objects.length, worstPx, pixels };
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

/** What keeps detections from being exactly the drawn objects (an object missed, a detection too many), or null. */
export function placementProblem({ matched, objects, detections }: PlacementCheck): string | null {
  if (matched === objects && detections === objects) return null;
  return `${matched} of ${objects} drawn objects have a detection on them, among ${detections} detections`;
}
