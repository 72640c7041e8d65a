import type { Position } from "@picterra/core";

/** Text safe inside an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** At most `digits` decimals, so that floating-point noise does not bloat the file. */
export function num(value: number, digits = 1): string {
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

/** The SVG path of rings already in picture coordinates. */
export function pathData(rings: readonly (readonly Position[])[], digits = 1): string {
  return rings
    .map((ring) => `M${ring.map((p) => `${num(p[0]!, digits)} ${num(p[1]!, digits)}`).join(" L")} Z`)
    .join(" ");
}

/** Outline colours per class of the demo's detectors; other class names take the fallbacks in turn. */
const CLASS_COLORS: Record<string, string> = { building: "#00e5ff", tree: "#ffd60a" };
const FALLBACK_COLORS = ["#ff2d95", "#7cff4f", "#ff8c00", "#b388ff", "#40c4ff", "#ffab91"];

/** The colour a class is drawn in: fixed for known classes, else by its rank among the classes drawn. */
export function classColor(className: string, rank: number): string {
  return CLASS_COLORS[className] ?? FALLBACK_COLORS[rank % FALLBACK_COLORS.length]!;
}
