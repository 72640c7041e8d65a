import { PNG } from "pngjs";
import { GLYPH_ADVANCE, drawableText, glyphPixels } from "./bitmap-font";

/** An RGB colour. */
export type Rgb = readonly [r: number, g: number, b: number];

/** `"#d62828"` → `[214, 40, 40]`. */
export function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A small opaque RGB canvas over a pngjs image, with what the pictures need: rectangles, filled polygons
 * (even-odd, sampled at pixel centres), 2-px lines and bitmap text.
 */
export class Canvas {
  readonly png: PNG;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.png = new PNG({ width, height });
    this.fillRect(0, 0, width, height, background);
  }

  /** The colour of a pixel (for the tests). */
  pixel(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 4;
    return [this.png.data[i]!, this.png.data[i + 1]!, this.png.data[i + 2]!];
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.png.data[i] = r;
    this.png.data[i + 1] = g;
    this.png.data[i + 2] = b;
    this.png.data[i + 3] = 255;
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    for (let row = Math.round(y); row < Math.round(y + height); row++) {
      for (let col = Math.round(x); col < Math.round(x + width); col++) this.set(col, row, color);
    }
  }

  /** Fills the pixels whose centre is inside the rings (even-odd: holes and crossed outlines as they are drawn). */
  fillPolygon(rings: readonly (readonly (readonly number[])[])[], color: Rgb): void {
    const ys = rings.flat().map((p) => p[1]!);
    const top = Math.max(0, Math.floor(Math.min(...ys)));
    const bottom = Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
    for (let y = top; y <= bottom; y++) {
      const cy = y + 0.5;
      const crossings: number[] = [];
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [x1, y1] = ring[i]!;
          const [x2, y2] = ring[i + 1]!;
          if (y1! > cy !== y2! > cy) crossings.push(x1! + ((cy - y1!) * (x2! - x1!)) / (y2! - y1!));
        }
      }
      crossings.sort((a, b) => a - b);
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        for (let x = Math.ceil(crossings[k]! - 0.5); x < crossings[k + 1]! - 0.5; x++) this.set(x, y, color);
      }
    }
  }

  /** A line `width` pixels thick between two points. */
  line(a: readonly number[], b: readonly number[], color: Rgb, width = 2): void {
    const [ax, ay] = [a[0]!, a[1]!];
    const [bx, by] = [b[0]!, b[1]!];
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) * 2));
    const from = -Math.floor(width / 2);
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(ax + ((bx - ax) * s) / steps);
      const y = Math.round(ay + ((by - ay) * s) / steps);
      for (let dy = from; dy < from + width; dy++)
        for (let dx = from; dx < from + width; dx++) this.set(x + dx, y + dy, color);
    }
  }

  /** Text in the bitmap font, its top-left corner at (x, y), `scale` pixels per font pixel. */
  text(x: number, y: number, text: string, color: Rgb, scale = 2): void {
    [...drawableText(text)].forEach((char, i) => {
      for (const [gx, gy] of glyphPixels(char)) {
        this.fillRect(x + (i * GLYPH_ADVANCE + gx) * scale, y + gy * scale, scale, scale, color);
      }
    });
  }

  /** The picture as a PNG file. */
  encode(): Buffer {
    return PNG.sync.write(this.png);
  }
}
