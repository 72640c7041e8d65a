import type { PixelFeatureCollection, PixelPolygon } from "@picterra/nongeo";
import { context2d } from "./scene";

const OUTLINE_COLORS = ["#e63946", "#ff9f1c", "#8338ec", "#06d6a0"];

/** Draws the image and, over it, every detected polygon's rings (a color per class). */
export function drawResult(canvas: HTMLCanvasElement, image: ImageBitmap, result: PixelFeatureCollection): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = context2d(canvas);
  ctx.drawImage(image, 0, 0);
  result.features.forEach((feature, index) => {
    const color = OUTLINE_COLORS[index % OUTLINE_COLORS.length]!;
    const polygons: PixelPolygon[] =
      feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const polygon of polygons) drawPolygon(ctx, polygon, color);
  });
}

function drawPolygon(ctx: CanvasRenderingContext2D, polygon: PixelPolygon, color: string): void {
  ctx.beginPath();
  for (const ring of polygon) {
    ring.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.closePath();
  }
  ctx.fillStyle = `${color}33`;
  ctx.fill("evenodd");
  ctx.strokeStyle = color;
  ctx.lineWidth = 3;
  ctx.lineJoin = "round";
  ctx.stroke();
}
