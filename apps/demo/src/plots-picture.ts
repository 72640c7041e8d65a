import { writeFile } from "node:fs/promises";
import { GLYPH_HEIGHT, textWidth } from "./bitmap-font";
import { escapeXml } from "./picture";
import { Canvas, type Rgb, hexToRgb } from "./raster";

/** What Tracer concluded for a plot; null when it was not analysed (e.g. its precheck found it invalid). */
export type Outcome = "deforestation_detected" | "no_deforestation" | null;

/** A plot to draw: its id, its polygons in lon/lat (a Polygon is one), and its outcome. */
export interface PlotShape {
  plotId: string;
  polygons: number[][][][];
  outcome: Outcome;
}

/** How each outcome is drawn, in legend order. */
export const OUTCOME_STYLES: readonly { outcome: Outcome; label: string; fill: string; stroke: string }[] = [
  { outcome: "deforestation_detected", label: "deforestation detected", fill: "#d62828", stroke: "#7a1010" },
  { outcome: "no_deforestation", label: "no deforestation", fill: "#2a9d4b", stroke: "#12582a" },
  { outcome: null, label: "not analysed", fill: "#9a9a9a", stroke: "#555555" },
];

export function outcomeStyle(outcome: Outcome) {
  return OUTCOME_STYLES.find((s) => s.outcome === outcome)!;
}

/** The picture's size and where the map lies in it. */
const SIZE = { width: 900, height: 720, top: 76, bottom: 100, side: 50, labelRoom: 26 } as const;
/** The legend's rows (one per outcome, from the top of the bottom band) and the scale bar's line. */
const LEGEND_ROW = 26;
const legendTop = (height: number) => height - SIZE.bottom + 12;
const scaleBarY = (height: number) => height - 30;
const BACKGROUND = "#f3f0e6";
const INK = "#1d2433";
/** Metres per degree of latitude on the WGS84 equatorial sphere (what the scale bar needs). */
const METRES_PER_DEGREE = (Math.PI / 180) * 6378137;

/** Where lon/lat lands in the picture. */
export interface PlotsLayout {
  width: number;
  height: number;
  /** Pixels per metre on the ground. */
  pixelsPerMetre: number;
  toPixel(lonLat: readonly number[]): [x: number, y: number];
}

/**
 * Fits the plots into the picture with an equirectangular projection centred on them (east scaled by the
 * cosine of the middle latitude, so that shapes keep their proportions at farm scale), north up.
 */
export function plotsLayout(plots: readonly PlotShape[]): PlotsLayout {
  const positions = plots.flatMap((p) => p.polygons.flat(2));
  const lons = positions.map((p) => p[0]!);
  const lats = positions.map((p) => p[1]!);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const mapWidth = SIZE.width - 2 * SIZE.side;
  const mapHeight = SIZE.height - SIZE.top - SIZE.bottom - SIZE.labelRoom;
  const scale = Math.min(mapWidth / ((east - west) * cos), mapHeight / (north - south));
  // Centred in the map area.
  const left = SIZE.side + (mapWidth - (east - west) * cos * scale) / 2;
  const top = SIZE.top + (mapHeight - (north - south) * scale) / 2;
  return {
    width: SIZE.width,
    height: SIZE.height,
    pixelsPerMetre: scale / METRES_PER_DEGREE,
    toPixel: (p) => [left + (p[0]! - west) * cos * scale, top + (north - p[1]!) * scale],
  };
}

/** What both pictures draw, in pixels. */
interface Scene {
  layout: PlotsLayout;
  plots: { plot: PlotShape; rings: [number, number][][]; label: { x: number; y: number } }[];
  counts: Map<Outcome, number>;
  scaleBar: { metres: number; pixels: number };
}

function scene(plots: readonly PlotShape[]): Scene {
  const layout = plotsLayout(plots);
  const counts = new Map<Outcome, number>();
  for (const plot of plots) counts.set(plot.outcome, (counts.get(plot.outcome) ?? 0) + 1);
  // A round length near a fifth of the map's width.
  const target = (SIZE.width - 2 * SIZE.side) / 5 / layout.pixelsPerMetre;
  const metres = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000].findLast((m) => m <= target) ?? 10;
  return {
    layout,
    counts,
    scaleBar: { metres, pixels: metres * layout.pixelsPerMetre },
    plots: plots.map((plot) => {
      const rings = plot.polygons.flatMap((polygon) => polygon.map((ring) => ring.map(layout.toPixel)));
      const xs = rings.flat().map((p) => p[0]);
      const ys = rings.flat().map((p) => p[1]);
      // Centred under the plot, so that its middle stays its own colour.
      return { plot, rings, label: { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: Math.max(...ys) + 6 } };
    }),
  };
}

/** The legend's entries, with the number of plots of each outcome. */
function legendEntries(counts: Map<Outcome, number>) {
  return OUTCOME_STYLES.filter((s) => counts.has(s.outcome)).map((s) => ({
    ...s,
    text: `${s.label} (${counts.get(s.outcome)})`,
  }));
}

/** The plots as an SVG: each filled with its outcome's colour and labelled with its id, a legend, a scale bar. */
export function plotsSvg(plots: readonly PlotShape[], title: string, subtitle: string): string {
  const { layout, plots: drawn, counts, scaleBar } = scene(plots);
  const n = (v: number) => String(Math.round(v * 10) / 10);
  const shapes = drawn.flatMap(({ plot, rings, label }) => {
    const style = outcomeStyle(plot.outcome);
    const d = rings.map((ring) => `M${ring.map(([x, y]) => `${n(x)} ${n(y)}`).join(" L")} Z`).join(" ");
    return [
      `  <path data-plot-id="${escapeXml(plot.plotId)}" d="${d}" fill="${style.fill}" fill-rule="evenodd" stroke="${style.stroke}" stroke-width="2"/>`,
      `  <text x="${n(label.x)}" y="${n(label.y + 13)}" text-anchor="middle" font-size="13" font-weight="bold" fill="${INK}" stroke="${BACKGROUND}" stroke-width="4" paint-order="stroke">${escapeXml(plot.plotId)}</text>`,
    ];
  });
  const legend = legendEntries(counts).flatMap((entry, i) => {
    const y = legendTop(layout.height) + i * LEGEND_ROW;
    return [
      `  <rect x="${SIZE.side}" y="${y}" width="18" height="18" fill="${entry.fill}" stroke="${entry.stroke}" stroke-width="2"/>`,
      `  <text x="${SIZE.side + 28}" y="${y + 14}" font-size="15" fill="${INK}">${escapeXml(entry.text)}</text>`,
    ];
  });
  const barX = layout.width - SIZE.side - scaleBar.pixels;
  const barY = scaleBarY(layout.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif">`,
    `  <title>${escapeXml(title)}</title>`,
    `  <rect width="${layout.width}" height="${layout.height}" fill="${BACKGROUND}"/>`,
    `  <text x="${SIZE.side}" y="32" font-size="20" font-weight="bold" fill="${INK}">${escapeXml(title)}</text>`,
    `  <text x="${SIZE.side}" y="54" font-size="13" fill="${INK}">${escapeXml(subtitle)}</text>`,
    ...shapes,
    ...legend,
    `  <rect x="${n(barX)}" y="${barY}" width="${n(scaleBar.pixels)}" height="4" fill="${INK}"/>`,
    `  <text x="${n(barX + scaleBar.pixels / 2)}" y="${barY - 8}" text-anchor="middle" font-size="14" fill="${INK}">${scaleBar.metres} m</text>`,
    "</svg>",
    "",
  ].join("\n");
}

/** The same picture as a PNG (bitmap font, capitals). */
export function plotsPng(plots: readonly PlotShape[], title: string, subtitle: string): Buffer {
  const canvas = plotsCanvas(plots, title, subtitle);
  return canvas.encode();
}

/** The PNG picture's canvas, before encoding (the tests read its pixels). */
export function plotsCanvas(plots: readonly PlotShape[], title: string, subtitle: string): Canvas {
  const { layout, plots: drawn, counts, scaleBar } = scene(plots);
  const ink = hexToRgb(INK);
  const background = hexToRgb(BACKGROUND);
  const canvas = new Canvas(layout.width, layout.height, background);
  canvas.text(SIZE.side, 16, title, ink, 3);
  canvas.text(SIZE.side, 46, subtitle, ink, 2);
  for (const { plot, rings } of drawn) {
    const style = outcomeStyle(plot.outcome);
    canvas.fillPolygon(rings, hexToRgb(style.fill));
    const stroke = hexToRgb(style.stroke);
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; i++) canvas.line(ring[i]!, ring[i + 1]!, stroke);
  }
  // Labels last, on a light box each, so that no outline crosses them.
  for (const { plot, label } of drawn) boxedText(canvas, label.x, label.y, plot.plotId, ink, background);
  legendEntries(counts).forEach((entry, i) => {
    const y = legendTop(layout.height) + i * LEGEND_ROW;
    canvas.fillRect(SIZE.side, y, 18, 18, hexToRgb(entry.stroke));
    canvas.fillRect(SIZE.side + 2, y + 2, 14, 14, hexToRgb(entry.fill));
    canvas.text(SIZE.side + 28, y + 2, entry.text, ink, 2);
  });
  const barX = layout.width - SIZE.side - scaleBar.pixels;
  const barY = scaleBarY(layout.height);
  canvas.fillRect(barX, barY, scaleBar.pixels, 4, ink);
  // The font has capitals only, and "200 M" would read as mega-something.
  const barText = `${scaleBar.metres} metres`;
  canvas.text(barX + (scaleBar.pixels - textWidth(barText, 2)) / 2, barY - 20, barText, ink, 2);
  return canvas;
}

function boxedText(canvas: Canvas, centreX: number, top: number, text: string, ink: Rgb, box: Rgb): void {
  const width = textWidth(text, 2);
  const x = Math.round(centreX - width / 2);
  canvas.fillRect(x - 3, top - 3, width + 6, GLYPH_HEIGHT * 2 + 6, box);
  canvas.text(x, top, text, ink, 2);
}

/** Writes the plots picture as SVG and PNG. */
export async function writePlotsPictures(
  plots: readonly PlotShape[],
  title: string,
  subtitle: string,
  svgPath: string,
  pngPath: string,
): Promise<void> {
  await Promise.all([
    writeFile(svgPath, plotsSvg(plots, title, subtitle)),
    writeFile(pngPath, plotsPng(plots, title, subtitle)),
  ]);
}
