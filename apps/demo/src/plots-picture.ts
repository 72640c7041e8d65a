import { writeFile } from "node:fs/promises";
import { type PlotShape, plotsSvg } from "@picterra/gis";
import { renderPng } from "@picterra/gis/node";

export type { Outcome, PlotShape } from "@picterra/gis";

/** Writes the plots picture (EUDR plots coloured by outcome) as SVG, and as the PNG rendered from that SVG. */
export async function writePlotsPictures(
  plots: readonly PlotShape[],
  title: string,
  subtitle: string,
  svgPath: string,
  pngPath: string,
): Promise<void> {
  const svg = plotsSvg(plots, title, subtitle);
  await Promise.all([writeFile(svgPath, svg), writeFile(pngPath, renderPng(svg))]);
}
