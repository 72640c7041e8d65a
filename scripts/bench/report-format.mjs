// Number formatting and markdown tables of the bench report.
import { MiB } from "./lib.mjs";

export const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
export const mibs = (bytes) => (Number.isFinite(bytes) ? `${fmt(bytes / MiB, 1)} MiB` : "–");
export const pct = (x) => (Number.isFinite(x) ? `${fmt(x * 100)}%` : "–");
export const times = (ratio) => `${fmt(ratio, 2)}×`;
/** A cost in µs; a negative one is run-to-run noise, and says so. */
export const cost = (us) => (us >= 0 ? `${fmt(us)} µs` : "≈ 0 µs (within the noise)");

/** A markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c ?? "")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * "1.32× (≥ 1.50×)", or "–" when a side is missing. A ratio just under its target that two decimals would round
 * up to it gets the decimals that show the miss, so that a cell never reads "0.95× (≥ 0.95×)" next to a "no".
 */
export function ratioCell(ratio, min) {
  if (!Number.isFinite(ratio)) return "–";
  if (min === undefined) return times(ratio);
  let digits = 2;
  while (ratio < min && Number(ratio.toFixed(digits)) >= min && digits < 6) digits++;
  return `${fmt(ratio, digits)}× (≥ ${fmt(min, 2)}×)`;
}

/** Whether every given check holds: "yes", "**no** (what failed)", or "–" when nothing could be checked. */
export function metCell(checks) {
  const known = checks.filter((c) => c.ok !== undefined);
  if (known.length === 0) return "–";
  const failed = known.filter((c) => !c.ok).map((c) => c.what);
  const unknown = checks.length > known.length ? " (peer not measured)" : "";
  return failed.length === 0 ? `yes${unknown}` : `**no** (${failed.join(", ")})`;
}
