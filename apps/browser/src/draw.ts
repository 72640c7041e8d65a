import type { PixelFeatureCollection, PixelPolygon } from "@picterra/nongeo";
import { context2d } from "./scene";

const OUTLINE_COLORS = ["#e63946", "#ff9f1c", "#8338ec", "#06d6a0"];

/** A class of detections as drawn: its name, outline color and how many polygons it has. */
export interface DrawnClass {
  name: string;
  color: string;
  polygons: number;
}

/** Draws the image and, over it, every detected polygon's rings (a color per class); returns the legend. */
export function drawResult(
  canvas: HTMLCanvasElement,
  image: ImageBitmap,
  result: PixelFeatureCollection,
): DrawnClass[] {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = context2d(canvas);
  ctx.drawImage(image, 0, 0);
  return result.features.map((feature, index) => {
    const color = OUTLINE_COLORS[index % OUTLINE_COLORS.length]!;
    const polygons: PixelPolygon[] =
      feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const polygon of polygons) drawPolygon(ctx, polygon, color);
    const name = feature.properties?.["class_name"];
    return { name: typeof name === "string" ? name : `class ${index + 1}`, color, polygons: polygons.length };
  });
}

function drawPolygon(ctx: CanvasRenderingContext2D, polygon: PixelPolygon, color: string): void {
  ctx.beginPath();
  for (const ring of polygon) {
    ring.forEach(([x, y], i) => {
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.closePath();
  }
  ctx.fillStyle = `${color}33`;
  ctx.fill("evenodd");
  ctx.strokeStyle = color;
  ctx.lineWidth = 3;
  ctx.lineJoin = "round";
  ctx.stroke();
}
