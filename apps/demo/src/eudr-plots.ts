import type { Feature, FeatureCollection, Polygon } from "@picterra/core";

/** What the demo asks Tracer about: cocoa farms, analysed over this period (after the EUDR cut-off). */
export const EUDR_PERIOD = { from: "2021-01-01", to: "2025-12-31" } as const;

/** The methodology the demo searches for, and the report type it makes. */
export const METHODOLOGY_SEARCH = "cocoa";
export const REPORT_TYPE = "eudr_export";

/**
 * A reference point east of Soubré, Côte d'Ivoire (cocoa country), where the farms below lie: the emulator
 * records forest loss (on 2022-03-15) west of 6.4° W, so the farms west of it are flagged and those east of it
 * are not. On Picterra itself, its own forest data decides.
 */
export const FARMS_ORIGIN: readonly [lon: number, lat: number] = [-6.4, 5.8];

/** A farm: its plot id, its village, and its outline in metres east and north of `FARMS_ORIGIN`. */
interface Farm {
  plotId: string;
  village: string;
  outline: [east: number, north: number][];
}

const FARMS: Farm[] = [
  {
    plotId: "CI-SOU-001",
    village: "Gnamangui",
    outline: [
      [-560, 170],
      [-380, 150],
      [-350, 300],
      [-420, 360],
      [-570, 330],
    ],
  },
  {
    plotId: "CI-SOU-002",
    village: "Gnamangui",
    outline: [
      [-330, -240],
      [-150, -260],
      [-130, -60],
      [-310, -50],
    ],
  },
  {
    plotId: "CI-SOU-003",
    village: "Petit-Bondoukou",
    outline: [
      [140, 200],
      [360, 190],
      [380, 380],
      [220, 420],
      [150, 360],
    ],
  },
  {
    plotId: "CI-SOU-004",
    village: "Petit-Bondoukou",
    outline: [
      [260, -330],
      [500, -300],
      [480, -90],
      [280, -110],
    ],
  },
  {
    // A bow tie: its outline was traced in the wrong order, so its edges cross (a precheck's critical finding).
    plotId: "CI-SOU-005",
    village: "Gnamangui",
    outline: [
      [-700, -420],
      [-520, -260],
      [-520, -420],
      [-700, -260],
    ],
  },
  {
    plotId: "CI-SOU-006",
    village: "Gnamangui",
    outline: [
      [-240, 420],
      [-60, 400],
      [-40, 580],
      [-220, 600],
    ],
  },
];

/** The plot typed twice in the cooperative's file (the same row pasted again: a precheck's high finding). */
export const DUPLICATED_PLOT = "CI-SOU-002";
/** The plot whose outline crosses itself. */
export const SELF_INTERSECTING_PLOT = "CI-SOU-005";

/** Every plot id of the file, once each, in file order. */
export const PLOT_IDS: readonly string[] = FARMS.map((f) => f.plotId);

/** Properties of a plot in the file: Tracer needs `plot_id`; the rest become the group's columns. */
export type PlotProperties = {
  plot_id: string;
  village: string;
};

/**
 * The cooperative's plots file: a GeoJSON FeatureCollection of Polygons in lon/lat (6 decimals, ~0.1 m), each
 * with `properties.plot_id`, the duplicated plot appearing twice.
 */
export function plotsCollection(): FeatureCollection<Polygon, PlotProperties> {
  const features = FARMS.map(
    (farm): Feature<Polygon, PlotProperties> => ({
      type: "Feature",
      properties: { plot_id: farm.plotId, village: farm.village },
      geometry: { type: "Polygon", coordinates: [[...farm.outline, farm.outline[0]!].map(toLonLat)] },
    }),
  );
  const duplicate = features.find((f) => f.properties.plot_id === DUPLICATED_PLOT)!;
  return { type: "FeatureCollection", features: [...features, structuredClone(duplicate)] };
}

/** Metres east and north of `FARMS_ORIGIN` to lon/lat, on a sphere of the WGS84 equatorial radius. */
function toLonLat([east, north]: [number, number]): [number, number] {
  const radians = 180 / Math.PI / 6378137;
  const lat = FARMS_ORIGIN[1] + north * radians;
  const lon = FARMS_ORIGIN[0] + (east * radians) / Math.cos((FARMS_ORIGIN[1] * Math.PI) / 180);
  return [round6(lon), round6(lat)];
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
