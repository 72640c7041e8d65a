import type { Feature, FeatureCollection, Polygon } from "@picterra/core";
import { context2d } from "./scene";

/** A plot the page uploads: its id and the centre of its square, in lon/lat. */
export interface PlotSpec {
  plotId: string;
  lon: number;
  lat: number;
}

/**
 * Farms around Soubré, Côte d'Ivoire (cocoa). The emulator finds forest loss (2022-03-15) in the box
 * -6.8…-6.4 °E, 5.6…6.0 °N; the farms east of -6.4 °E lie outside it.
 */
export const FARMS_NORTH: readonly PlotSpec[] = [
  { plotId: "CIV-001", lon: -6.7, lat: 5.9 },
  { plotId: "CIV-002", lon: -6.3, lat: 5.9 },
  { plotId: "CIV-003", lon: -6.2, lat: 5.75 },
];
export const FARMS_SOUTH: readonly PlotSpec[] = [
  { plotId: "CIV-004", lon: -6.55, lat: 5.7 },
  { plotId: "CIV-005", lon: -6.25, lat: 5.6 },
];

/** Half the side of a plot's square, in degrees. */
const HALF = 0.04;

/** Plots as a FeatureCollection of squares, each with its `plot_id`. */
export function plotsCollection(plots: readonly PlotSpec[]): FeatureCollection<Polygon, { plot_id: string }> {
  return {
    type: "FeatureCollection",
    features: plots.map(({ plotId, lon, lat }): Feature<Polygon, { plot_id: string }> => {
      const [w, s, e, n] = [lon - HALF, lat - HALF, lon + HALF, lat + HALF];
      return {
        type: "Feature",
        properties: { plot_id: plotId },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      };
    }),
  };
}

export const OUTCOME_COLORS: Record<string, string> = {
  deforestation_detected: "#d62828",
  no_deforestation: "#2a9d4b",
};

/** Where a lon/lat point lands on the canvas: the plots' bounds, with a margin, fitted to it. */
export interface Projection {
  toPixel(lon: number, lat: number): [x: number, y: number];
}

export function fitProjection(plots: FeatureCollection<Polygon>, width: number, height: number): Projection {
  const positions = plots.features.flatMap((f) => f.geometry.coordinates.flat());
  const lons = positions.map((p) => p[0]!);
  const lats = positions.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const margin = 24;
  const scale = Math.min((width - 2 * margin) / (e - w), (height - 2 * margin) / (n - s));
  return { toPixel: (lon, lat) => [margin + (lon - w) * scale, margin + (n - lat) * scale] };
}

/** Draws each plot filled with the colour of its outcome, and its id; returns the projection used. */
export function drawPlots(
  canvas: HTMLCanvasElement,
  plots: FeatureCollection<Polygon, { plot_id: string }>,
  outcomes: Record<string, string>,
): Projection {
  const ctx = context2d(canvas);
  ctx.fillStyle = "#f1efe6";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const projection = fitProjection(plots, canvas.width, canvas.height);
  ctx.font = "12px system-ui, sans-serif";
  for (const feature of plots.features) {
    const color = OUTCOME_COLORS[outcomes[feature.properties.plot_id] ?? ""] ?? "#888888";
    ctx.beginPath();
    for (const ring of feature.geometry.coordinates) {
      ring.forEach(([lon, lat], i) => {
        const [x, y] = projection.toPixel(lon!, lat!);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.closePath();
    }
    ctx.fillStyle = color;
    ctx.fill();
    const [x, y] = projection.toPixel(...(feature.geometry.coordinates[0]![3] as [number, number]));
    ctx.fillStyle = "#1d2433";
    ctx.fillText(feature.properties.plot_id, x, y - 4);
  }
  return projection;
}
