import { writeFile } from "node:fs/promises";
import { imageDetectionsSvg } from "@picterra/gis";
import { renderPng } from "@picterra/gis/node";
import type { PixelFeatureCollection } from "@picterra/nongeo";

/**
 * Writes the picture of the detections on the non-georeferenced sample image: the SVG of @picterra/gis, and
 * the PNG rendered from that same SVG when `pngPath` is given.
 */
export async function writePictures(
  png: Uint8Array,
  width: number,
  height: number,
  pixels: PixelFeatureCollection,
  svgPath: string,
  pngPath?: string,
): Promise<void> {
  const svg = imageDetectionsSvg(png, width, height, pixels, {
    title: "Detections on the non-georeferenced sample image",
  });
  await writeFile(svgPath, svg);
  if (pngPath) await writeFile(pngPath, renderPng(svg));
}
