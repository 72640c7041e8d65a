import type { MultiPolygon, Polygon, Position } from "@picterra/core";
import { GisInputError } from "../errors";
import { fitLonLat, scaleBar } from "./layout";
import { byClass } from "./image";
import { escapeXml, num, pathData } from "./svg";

/** What a run's preview shows: the rasters' footprints and the detected objects, all in WGS 84 lon/lat. */
export interface PreviewInput {
  /** The heading drawn at the top. Default "Detections". */
  title?: string;
  /** The line under the heading. Default: how many objects and rasters the map shows. */
  subtitle?: string;
  /** Each raster's footprint, drawn under the detections and labelled with its name. */
  footprints?: readonly {
    /** The label drawn in the footprint's corner; none when null or left out. */
    name?: string | null;
    /** The raster's outline, in WGS 84 lon/lat. */
    geometry: Polygon | MultiPolygon;
  }[];
  /** The detections: `resultObjects` features (`class`), or a result's per-class features (`class_name`). */
  objects: readonly {
    /** The detection's polygon(s), in WGS 84 lon/lat. */
    geometry: Polygon | MultiPolygon;
    /** Its attributes: `class` or `class_name` chooses its colour and legend entry. */
    properties: Record<string, unknown> | null;
  }[];
}

const SIZE = { width: 1000, height: 760, top: 80, bottom: 70, side: 40 } as const;
const BACKGROUND = "#18202d";
const FOOTPRINT = { fill: "#2c3a4f", stroke: "#8a9bb4" };
const INK = "#e8edf5";

const ringsOf = (g: Polygon | MultiPolygon): Position[][][] =>
  g.type === "Polygon" ? [g.coordinates] : g.coordinates;

/**
 * An SVG map of a run: the rasters' footprints, the detections over them coloured by class, a legend with the
 * count of objects per class, a scale bar and a north arrow. Lon/lat only (pixel results have no map: see
 * `imageDetectionsSvg`).
 */
export function previewSvg(input: PreviewInput): string {
  const footprints = input.footprints ?? [];
  const classes = byClass(input.objects as never);
  const positions = [...footprints.map((f) => f.geometry), ...input.objects.map((o) => o.geometry)].flatMap(
    (g) => ringsOf(g).flat(2),
  );
  for (const p of positions) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) {
      throw new GisInputError(`a preview draws WGS 84 lon/lat; got the position ${JSON.stringify(p)}`);
    }
  }
  const layout = fitLonLat(positions, SIZE);
  const px = (polygons: Position[][][]) =>
    polygons.flatMap((rings) => rings.map((ring) => ring.map(layout.toPixel)));
  const footprintShapes = footprints.flatMap((f) => {
    const rings = px(ringsOf(f.geometry));
    const xs = rings.flat().map((p) => p[0]);
    const ys = rings.flat().map((p) => p[1]);
    return [
      `  <path class="footprint" d="${pathData(rings)}" fill="${FOOTPRINT.fill}" fill-rule="evenodd" stroke="${FOOTPRINT.stroke}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      f.name
        ? `  <text x="${num(Math.min(...xs) + 6)}" y="${num(Math.min(...ys) + 16)}" font-size="13" fill="${FOOTPRINT.stroke}">${escapeXml(f.name)}</text>`
        : "",
    ].filter(Boolean);
  });
  const objectShapes = classes.flatMap(({ className, color, polygons }) =>
    polygons.map(
      (polygon) =>
        `  <path class="object" data-class="${escapeXml(className)}" d="${pathData(px([polygon]))}" fill="${color}" fill-opacity="0.35" fill-rule="evenodd" stroke="${color}" stroke-width="1.5"/>`,
    ),
  );
  const legend = classes.flatMap(({ className, color, polygons }, i) => {
    const x = SIZE.side + i * 190;
    const y = layout.height - 44;
    return [
      `  <rect x="${x}" y="${y}" width="16" height="16" fill="${color}" fill-opacity="0.35" stroke="${color}" stroke-width="2"/>`,
      `  <text x="${x + 24}" y="${y + 13}" font-size="14" fill="${INK}">${escapeXml(`${className} (${polygons.length})`)}</text>`,
    ];
  });
  const bar = scaleBar(layout, (SIZE.width - 2 * SIZE.side) / 5);
  const barX = layout.width - SIZE.side - bar.pixels;
  const barY = layout.height - 30;
  const northX = layout.width - SIZE.side - 10;
  const count = input.objects.length;
  const subtitle =
    input.subtitle ??
    `${count} object${count === 1 ? "" : "s"} on ${footprints.length} raster${footprints.length === 1 ? "" : "s"}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif">`,
    `  <title>${escapeXml(input.title ?? "Detections")}</title>`,
    `  <rect width="${layout.width}" height="${layout.height}" fill="${BACKGROUND}"/>`,
    `  <text x="${SIZE.side}" y="36" font-size="22" font-weight="bold" fill="${INK}">${escapeXml(input.title ?? "Detections")}</text>`,
    `  <text x="${SIZE.side}" y="60" font-size="14" fill="${INK}">${escapeXml(subtitle)}</text>`,
    ...footprintShapes,
    ...objectShapes,
    ...legend,
    `  <rect x="${num(barX)}" y="${barY}" width="${num(bar.pixels)}" height="4" fill="${INK}"/>`,
    `  <text x="${num(barX + bar.pixels / 2)}" y="${barY - 8}" text-anchor="middle" font-size="14" fill="${INK}">${bar.label}</text>`,
    `  <path d="M${northX} 24 l8 22 l-8 -6 l-8 6 Z" fill="${INK}"/>`,
    `  <text x="${northX}" y="62" text-anchor="middle" font-size="13" font-weight="bold" fill="${INK}">N</text>`,
    "</svg>",
    "",
  ].join("\n");
}
