import type { Position } from "@picterra/core";
import { classColor, escapeXml, pathData } from "./svg";

/** Features in pixels of an image, with `class` (as pixelResultObjects makes them) or `class_name` (nongeo's). */
export interface PixelShapes {
  /** The detections, each drawn in its class's colour. */
  features: readonly {
    /** The detection's polygon(s), in pixels of the image. */
    geometry:
      | {
          /** Always `"Polygon"`. */
          type: "Polygon";
          /** The exterior ring, then the holes, each [x, y] in pixels. */
          coordinates: Position[][];
        }
      | {
          /** Always `"MultiPolygon"`. */
          type: "MultiPolygon";
          /** The polygons, each its exterior ring then its holes. */
          coordinates: Position[][][];
        };
    /** Its attributes: `class` or `class_name` chooses its colour and legend entry. */
    properties: Record<string, unknown> | null;
  }[];
}

/** Base64 without Node's Buffer. */
function base64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The polygons of each class, in the order the classes first appear. */
export function byClass(
  features: PixelShapes["features"],
): { className: string; color: string; polygons: Position[][][] }[] {
  const groups = new Map<string, Position[][][]>();
  for (const feature of features) {
    const name = String(feature.properties?.["class"] ?? feature.properties?.["class_name"] ?? "object");
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
 * An SVG of a non-georeferenced image (a PNG, embedded as a data URI) with the detections (in its pixels) drawn
 * on top, one colour per class, and a legend. `scale` enlarges the picture; the drawing stays in image pixels.
 */
export function imageDetectionsSvg(
  png: Uint8Array,
  width: number,
  height: number,
  detections: PixelShapes,
  options: { scale?: number; title?: string } = {},
): string {
  const scale = options.scale ?? 3;
  const classes = byClass(detections.features);
  const paths = classes.flatMap(({ className, color, polygons }) =>
    polygons.map(
      (polygon) =>
        `  <path class="${escapeXml(className)}" d="${pathData(polygon, 3)}" fill="${color}" fill-opacity="0.2" ` +
        `fill-rule="evenodd" stroke="${color}" stroke-width="2" vector-effect="non-scaling-stroke"/>`,
    ),
  );
  // Bottom-left, on a dark band.
  const legendTop = height - 4 - classes.length * 11;
  const legend = classes.map(
    ({ className, color, polygons }, i) =>
      `    <text x="6" y="${legendTop + 9 + i * 11}" fill="${color}">${escapeXml(className)} (${polygons.length})</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width * scale}" height="${height * scale}" viewBox="0 0 ${width} ${height}">`,
    `  <title>${escapeXml(options.title ?? "Detections on the image")}</title>`,
    `  <image href="data:image/png;base64,${base64(png)}" x="0" y="0" width="${width}" height="${height}" image-rendering="optimizeSpeed" style="image-rendering:pixelated"/>`,
    ...paths,
    `  <rect x="2" y="${legendTop}" width="72" height="${classes.length * 11 + 2}" rx="2" fill="#000" fill-opacity="0.55"/>`,
    `  <g font-family="sans-serif" font-size="9" font-weight="bold">`,
    ...legend,
    "  </g>",
    "</svg>",
    "",
  ].join("\n");
}
