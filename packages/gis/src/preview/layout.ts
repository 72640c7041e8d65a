import type { Position } from "@picterra/core";

/** Metres per degree of latitude on the WGS 84 equatorial sphere (what the scale bar needs). */
const METRES_PER_DEGREE = (Math.PI / 180) * 6378137;

/** Where lon/lat lands in a picture. */
export interface MapLayout {
  /** The picture's width, in pixels. */
  width: number;
  /** The picture's height, in pixels. */
  height: number;
  /** Pixels per metre on the ground. */
  pixelsPerMetre: number;
  /** Where a [longitude, latitude] lands in the picture: [x, y] in pixels from its top-left corner. */
  toPixel(lonLat: Position): [x: number, y: number];
}

/** The box of the picture the map fills. */
export interface MapBox {
  /** The picture's width, in pixels. */
  width: number;
  /** The picture's height, in pixels. */
  height: number;
  /** The margin above the map (for the title), in pixels. */
  top: number;
  /** The margin below the map (for the legend and the scale bar), in pixels. */
  bottom: number;
  /** The margin left and right of the map, in pixels. */
  side: number;
}

/**
 * Fits lon/lat positions into the box with an equirectangular projection centred on them (east scaled by the
 * cosine of the middle latitude, so that shapes keep their proportions at farm or city scale), north up.
 */
export function fitLonLat(positions: readonly Position[], box: MapBox): MapLayout {
  let [west, east, south, north] = [180, -180, 90, -90];
  for (const p of positions) {
    west = Math.min(west, p[0]!);
    east = Math.max(east, p[0]!);
    south = Math.min(south, p[1]!);
    north = Math.max(north, p[1]!);
  }
  if (positions.length === 0) [west, east, south, north] = [0, 0, 0, 0];
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const mapWidth = box.width - 2 * box.side;
  const mapHeight = box.height - box.top - box.bottom;
  // The positions fill the map whatever their size (a farm as a region); a single point (or nothing) still gets
  // a scale, a kilometre across, and a line a width, a hundredth of its length.
  const largest = Math.max((east - west) * cos, north - south);
  const floor = largest > 0 ? largest / 100 : 1000 / METRES_PER_DEGREE;
  const spanX = Math.max((east - west) * cos, floor);
  const spanY = Math.max(north - south, floor);
  const scale = Math.min(mapWidth / spanX, mapHeight / spanY);
  const left = box.side + (mapWidth - (east - west) * cos * scale) / 2;
  const top = box.top + (mapHeight - (north - south) * scale) / 2;
  return {
    width: box.width,
    height: box.height,
    pixelsPerMetre: scale / METRES_PER_DEGREE,
    toPixel: (p) => [left + (p[0]! - west) * cos * scale, top + (north - p[1]!) * scale],
  };
}

/** A round length (1, 2 or 5 times a power of ten metres) near `pixels` long on the map. */
export function scaleBar(
  layout: MapLayout,
  pixels: number,
): {
  /** The bar's length on the ground, in metres. */
  metres: number;
  /** The bar's length on the map, in pixels. */
  pixels: number;
  /** The length as the bar is labelled, e.g. "500 m" or "2 km". */
  label: string;
} {
  const target = pixels / layout.pixelsPerMetre;
  const power = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * power).find((m) => m <= target) ?? power;
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  return { metres, pixels: metres * layout.pixelsPerMetre, label };
}
