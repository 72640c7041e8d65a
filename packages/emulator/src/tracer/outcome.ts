import { type PlotGeometry, areaHectares, plotCentroid, round6 } from "./geometry";

/** An area of documented forest loss: a lon/lat box and the day the forest was lost. */
export interface DeforestationZone {
  /** Where the zone is, as a place name (it becomes a plot result's `zone`). */
  name: string;
  /** [west, south, east, north] in degrees; west and south edges inside, east and north outside. */
  bbox: [number, number, number, number];
  /** `YYYY-MM-DD`. */
  lostOn: string;
}

/**
 * The emulator's map of forest loss, so that an analysis's outcome follows from a plot's place: three boxes of
 * 0.4° in regions where coffee, cocoa, soy and oil palm meet forest. Everything else is intact forest or farmland.
 */
export const DEFORESTATION_ZONES: readonly DeforestationZone[] = [
  { name: "Soubré, Côte d'Ivoire", bbox: [-6.8, 5.6, -6.4, 6.0], lostOn: "2022-03-15" },
  { name: "Sinop, Mato Grosso, Brazil", bbox: [-55.6, -12.0, -55.2, -11.6], lostOn: "2023-08-01" },
  { name: "Riau, Sumatra, Indonesia", bbox: [101.2, 0.2, 101.6, 0.6], lostOn: "2021-06-30" },
];

export type PlotOutcome = "deforestation_detected" | "no_deforestation";

/** What an analysis found for one plot. */
export interface PlotResult {
  plotId: string;
  outcome: PlotOutcome;
  /** Geodesic area, hectares. */
  areaHa: number;
  /** [lon, lat], rounded to 6 decimals. */
  centroid: [number, number];
  /** The zone the centroid lies in, when its loss falls within the analysed period. */
  zone: string | null;
  forestLossDate: string | null;
}

/**
 * A plot is `deforestation_detected` when its centroid (@turf/centroid) lies in a zone of `DEFORESTATION_ZONES`
 * whose loss day is within [dateFrom, dateTo]; otherwise `no_deforestation`. Dates are `YYYY-MM-DD`, so they
 * compare as strings.
 */
export function analysePlot(
  plotId: string,
  geometry: PlotGeometry,
  dateFrom: string,
  dateTo: string,
): PlotResult {
  const [lon, lat] = plotCentroid(geometry);
  const zone = DEFORESTATION_ZONES.find(
    ({ bbox: [w, s, e, n], lostOn }) =>
      lon >= w && lon < e && lat >= s && lat < n && lostOn >= dateFrom && lostOn <= dateTo,
  );
  return {
    plotId,
    outcome: zone ? "deforestation_detected" : "no_deforestation",
    areaHa: areaHectares(geometry),
    centroid: [round6(lon), round6(lat)],
    zone: zone?.name ?? null,
    forestLossDate: zone?.lostOn ?? null,
  };
}

/** How an outcome reads in a report. */
export function outcomeLabel(outcome: PlotOutcome): string {
  return outcome === "deforestation_detected" ? "Deforestation detected" : "No deforestation";
}
