/** A filled rectangle in image pixels: the objects the page draws, annotates and expects back. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size of the generated image, in pixels. */
export const IMAGE_WIDTH = 480;
export const IMAGE_HEIGHT = 320;

/** The known objects, at known pixel positions (whole pixels, so the round trip can be checked to 1 px). */
export const OBJECTS: readonly Rect[] = [
  { x: 48, y: 56, width: 96, height: 64 },
  { x: 208, y: 160, width: 80, height: 112 },
  { x: 352, y: 40, width: 72, height: 72 },
];

/** Draws the scene (a field with the objects) and encodes it as a PNG. */
export async function renderScenePng(): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = IMAGE_WIDTH;
  canvas.height = IMAGE_HEIGHT;
  const ctx = context2d(canvas);
  ctx.fillStyle = "#d9e4c8";
  ctx.fillRect(0, 0, IMAGE_WIDTH, IMAGE_HEIGHT);
  // A faint grid, so the image reads as a picture and not as a blank area.
  ctx.strokeStyle = "#c6d4b0";
  ctx.lineWidth = 1;
  for (let x = 0.5; x < IMAGE_WIDTH; x += 32) line(ctx, x, 0, x, IMAGE_HEIGHT);
  for (let y = 0.5; y < IMAGE_HEIGHT; y += 32) line(ctx, 0, y, IMAGE_WIDTH, y);
  ctx.fillStyle = "#3d5a80";
  for (const r of OBJECTS) ctx.fillRect(r.x, r.y, r.width, r.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("canvas.toBlob gave no PNG"))),
      "image/png",
    ),
  );
}

/** The 2D context of a canvas; every browser this page targets has one. */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser has no 2D canvas");
  return ctx;
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
