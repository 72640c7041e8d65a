import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** One item of a `detect` run, as the summary shows it. */
export interface ItemSummary {
  /** What was given on the command line: a file or a raster id. */
  input: string;
  raster_id: string | null;
  operation_id: string | null;
  /** Detected objects by class name. */
  counts: Record<string, number>;
  /** "done", "failed", or "interrupted" (not finished when the run was stopped). */
  status: "done" | "failed" | "interrupted";
  /** The files written for it (results GeoJSON, pixels GeoJSON). */
  files: string[];
  error: string | null;
}

/** The summary as CSV: one row per item, one `count:<class>` column per class seen in the run. */
export function summaryCsv(items: readonly ItemSummary[]): string {
  const classes = [...new Set(items.flatMap((i) => Object.keys(i.counts)))].sort();
  const header = [
    "input",
    "raster_id",
    "operation_id",
    "status",
    ...classes.map((c) => `count:${c}`),
    "error",
  ];
  const rows = items.map((i) => [
    i.input,
    i.raster_id ?? "",
    i.operation_id ?? "",
    i.status,
    ...classes.map((c) => (i.status === "done" ? String(i.counts[c] ?? 0) : "")),
    i.error ?? "",
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes `text` to `target` through a temporary file in the same folder, fsync'd then renamed: a reader sees
 * the old file or the new one, never half of one, and an interrupted write leaves no partial file behind.
 */
export async function writeFileAtomically(target: string, text: string | Uint8Array): Promise<void> {
  const temp = join(dirname(target), `.${randomBytes(6).toString("hex")}.part`);
  const handle = await open(temp, "wx", 0o666);
  try {
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    await rename(temp, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
