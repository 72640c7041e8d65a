/** One item of a `detect` run, as the summary shows it. */
export interface ItemSummary {
  /** What was given on the command line: a file or a raster id. */
  input: string;
  raster_id: string | null;
  operation_id: string | null;
  /** Detected objects by class name: an object without a prototype (class names are the server's text). */
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
  // Own properties only: a class named "constructor" is a column like any other.
  const count = (i: ItemSummary, c: string) => (Object.hasOwn(i.counts, c) ? i.counts[c] : 0);
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
    ...classes.map((c) => (i.status === "done" ? String(count(i, c)) : "")),
    i.error ?? "",
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/**
 * RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. A cell a spreadsheet would
 * run as a formula (=, +, -, @, a tab or CR first: a server's name can be anything) gets a leading `'`.
 */
function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
