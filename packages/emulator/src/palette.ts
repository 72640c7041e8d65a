/** Distinct colors for what the user did not color: new vector layers and detector classes. */
const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324"];

/** The palette's color number `index`, cycling. */
export function paletteColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}
