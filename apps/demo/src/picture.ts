import { writeFile } from "node:fs/promises";
import type { PixelFeatureCollection, PixelPolygon } from "@picterra/nongeo";
import { PNG } from "pngjs";
import { Canvas, hexToRgb } from "./raster";

/** Outline colours per class; other class names take the fallbacks in turn. */
const CLASS_COLORS: Record<string, string> = { building: "#00e5ff", tree: "#ffd60a" };
const FALLBACK_COLORS = ["#ff2d95", "#7cff4f", "#ff8c00", "#b388ff"];

/** The colour a class is drawn in: fixed for the demo's classes, else by its rank among the classes drawn. */
export function classColor(className: string, rank: number): string {
  return CLASS_COLORS[className] ?? FALLBACK_COLORS[rank % FALLBACK_COLORS.length]!;
}

/** One class's polygons, in pixels. */
interface ClassPolygons {
  className: string;
  color: string;
  polygons: PixelPolygon[];
}

/** Groups a pixel FeatureCollection by `properties.class_name`, in the order the classes first appear. */
function byClass(pixels: PixelFeatureCollection): ClassPolygons[] {
  const groups = new Map<string, PixelPolygon[]>();
  for (const feature of pixels.features) {
    const name = String(feature.properties?.["class_name"] ?? "object");
    const polygons = groups.get(name) ?? [];
    if (feature.geometry.type === "Polygon") polygons.push(feature.geometry.coordinates);
    else polygons.push(...feature.geometry.coordinates);
    groups.set(name, polygons);
  }
  return [...groups].map(([className, polygons], rank) => ({
    className,
    color: classColor(className, rank),
    polygons,
  }));
}

/**
 * An SVG of the image (embedded as a PNG data URI) with the detections drawn on top, one colour per class, and
 * a legend. `scale` enlarges the picture; the drawing stays in image pixels through the viewBox.
 */
export function detectionsSvg(
  png: Uint8Array,
  width: number,
  height: number,
  pixels: PixelFeatureCollection,
  scale = 3,
) {
  const classes = byClass(pixels);
  const paths = classes.flatMap(({ className, color, polygons }) =>
    polygons.map(
      (polygon) =>
        `  <path class="${escapeXml(className)}" d="${pathData(polygon)}" fill="${color}" fill-opacity="0.2" ` +
        `fill-rule="evenodd" stroke="${color}" stroke-width="2" vector-effect="non-scaling-stroke"/>`,
    ),
  );
  // Bottom-left, on a dark band, where the sample scene has no objects.
  const legendTop = height - 4 - classes.length * 11;
  const legend = classes.map(
    ({ className, color, polygons }, i) =>
      `  <text x="6" y="${legendTop + 9 + i * 11}" fill="${color}">${escapeXml(className)} (${polygons.length})</text>`,
  );
  const href = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width * scale}" height="${height * scale}" viewBox="0 0 ${width} ${height}">`,
    "  <title>Detections on the non-georeferenced sample image</title>",
    `  <image href="${href}" x="0" y="0" width="${width}" height="${height}" style="image-rendering:pixelated"/>`,
    ...paths,
    `  <rect x="2" y="${legendTop}" width="72" height="${classes.length * 11 + 2}" rx="2" fill="#000" fill-opacity="0.55"/>`,
    `  <g font-family="sans-serif" font-size="9" font-weight="bold">`,
    ...legend.map((line) => `  ${line}`),
    "  </g>",
    "</svg>",
    "",
  ].join("\n");
}

/** The same picture as a PNG: the image enlarged `scale` times with the detections' outlines drawn in. */
export function detectionsPng(png: Uint8Array, pixels: PixelFeatureCollection, scale = 3): Buffer {
  const source = PNG.sync.read(Buffer.from(png));
  const out = new Canvas(source.width * scale, source.height * scale, [0, 0, 0]);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const from = (Math.floor(y / scale) * source.width + Math.floor(x / scale)) * 4;
      source.data.copy(out.png.data, (y * out.width + x) * 4, from, from + 4);
    }
  }
  const scaled = (p: readonly number[]) => [p[0]! * scale, p[1]! * scale];
  for (const { color, polygons } of byClass(pixels)) {
    const rgb = hexToRgb(color);
    for (const ring of polygons.flat()) {
      for (let i = 0; i + 1 < ring.length; i++) out.line(scaled(ring[i]!), scaled(ring[i + 1]!), rgb);
    }
  }
  return out.encode();
}

/** Writes the SVG (and the PNG when `pngPath` is given) picture of the detections. */
export async function writePictures(
  png: Uint8Array,
  width: number,
  height: number,
  pixels: PixelFeatureCollection,
  svgPath: string,
  pngPath?: string,
): Promise<void> {
  await writeFile(svgPath, detectionsSvg(png, width, height, pixels));
  if (pngPath) await writeFile(pngPath, detectionsPng(png, pixels));
}

function pathData(polygon: PixelPolygon): string {
  return polygon.map((ring) => `M${ring.map(([x, y]) => `${num(x)} ${num(y)}`).join(" L")} Z`).join(" ");
}

/** At most 3 decimals, so that floating-point noise from the projection does not bloat the file. */
function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** Text safe inside an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
