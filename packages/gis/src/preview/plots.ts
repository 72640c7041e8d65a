import type { Position } from "@picterra/core";
import { type MapLayout, fitLonLat, scaleBar } from "./layout";
import { escapeXml, num, pathData } from "./svg";

/** What Tracer concluded for a plot; null when it was not analysed (e.g. its precheck found it invalid). */
export type Outcome = "deforestation_detected" | "no_deforestation" | null;

/** A plot to draw: its id, its polygons in lon/lat (a Polygon is one), and its outcome. */
export interface PlotShape {
  /** The plot's id, drawn under it. */
  plotId: string;
  /** Its polygons, each its exterior ring then its holes, in WGS 84 lon/lat. */
  polygons: Position[][][];
  /** What Tracer concluded for it, which chooses its colour. */
  outcome: Outcome;
}

/** How each outcome is drawn, in legend order. */
export const OUTCOME_STYLES: readonly {
  /** The outcome drawn so. */
  outcome: Outcome;
  /** Its words in the legend. */
  label: string;
  /** The fill colour of its plots, as CSS hex. */
  fill: string;
  /** The outline colour of its plots, as CSS hex. */
  stroke: string;
}[] = [
  { outcome: "deforestation_detected", label: "deforestation detected", fill: "#d62828", stroke: "#7a1010" },
  { outcome: "no_deforestation", label: "no deforestation", fill: "#2a9d4b", stroke: "#12582a" },
  { outcome: null, label: "not analysed", fill: "#9a9a9a", stroke: "#555555" },
];

/** The style of an outcome. */
export function outcomeStyle(outcome: Outcome) {
  return OUTCOME_STYLES.find((s) => s.outcome === outcome)!;
}

/** The picture's size and where the map lies in it (26 px under the map for the last row of labels). */
const SIZE = { width: 900, height: 720, top: 76, bottom: 126, side: 50 } as const;
const LEGEND_ROW = 26;
const BACKGROUND = "#f3f0e6";
const INK = "#1d2433";

/** Where lon/lat lands in the plots picture. */
export function plotsLayout(plots: readonly PlotShape[]): MapLayout {
  return fitLonLat(
    plots.flatMap((p) => p.polygons.flat(2)),
    SIZE,
  );
}

/**
 * The plots as an SVG (EUDR plots coloured by outcome): each filled with its outcome's colour and labelled
 * with its id under it, a legend with the count of each outcome present, a scale bar.
 */
export function plotsSvg(plots: readonly PlotShape[], title: string, subtitle: string): string {
  const layout = plotsLayout(plots);
  const counts = new Map<Outcome, number>();
  for (const plot of plots) counts.set(plot.outcome, (counts.get(plot.outcome) ?? 0) + 1);
  const shapes = plots.flatMap((plot) => {
    const style = outcomeStyle(plot.outcome);
    const rings = plot.polygons.flatMap((polygon) => polygon.map((ring) => ring.map(layout.toPixel)));
    const xs = rings.flat().map((p) => p[0]);
    const ys = rings.flat().map((p) => p[1]);
    // Centred under the plot, so that its middle stays its own colour.
    const labelX = (Math.min(...xs) + Math.max(...xs)) / 2;
    const labelY = Math.max(...ys) + 19;
    return [
      `  <path data-plot-id="${escapeXml(plot.plotId)}" d="${pathData(rings)}" fill="${style.fill}" fill-rule="evenodd" stroke="${style.stroke}" stroke-width="2"/>`,
      `  <text x="${num(labelX)}" y="${num(labelY)}" text-anchor="middle" font-size="13" font-weight="bold" fill="${INK}" stroke="${BACKGROUND}" stroke-width="4" paint-order="stroke">${escapeXml(plot.plotId)}</text>`,
    ];
  });
  const legend = OUTCOME_STYLES.filter((s) => counts.has(s.outcome)).flatMap((s, i) => {
    const y = layout.height - 88 + i * LEGEND_ROW;
    return [
      `  <rect x="${SIZE.side}" y="${y}" width="18" height="18" fill="${s.fill}" stroke="${s.stroke}" stroke-width="2"/>`,
      `  <text x="${SIZE.side + 28}" y="${y + 14}" font-size="15" fill="${INK}">${escapeXml(`${s.label} (${counts.get(s.outcome)})`)}</text>`,
    ];
  });
  const bar = scaleBar(layout, (SIZE.width - 2 * SIZE.side) / 5);
  const barX = layout.width - SIZE.side - bar.pixels;
  const barY = layout.height - 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif">`,
    `  <title>${escapeXml(title)}</title>`,
    `  <rect width="${layout.width}" height="${layout.height}" fill="${BACKGROUND}"/>`,
    `  <text x="${SIZE.side}" y="32" font-size="20" font-weight="bold" fill="${INK}">${escapeXml(title)}</text>`,
    `  <text x="${SIZE.side}" y="54" font-size="13" fill="${INK}">${escapeXml(subtitle)}</text>`,
    ...shapes,
    ...legend,
    `  <rect x="${num(barX)}" y="${barY}" width="${num(bar.pixels)}" height="4" fill="${INK}"/>`,
    `  <text x="${num(barX + bar.pixels / 2)}" y="${barY - 8}" text-anchor="middle" font-size="14" fill="${INK}">${bar.label}</text>`,
    "</svg>",
    "",
  ].join("\n");
}
