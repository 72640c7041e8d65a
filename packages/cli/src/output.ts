import { redactor } from "./redact";
import { escapeControls, escapeLines } from "./terminal";

/** Where a command's answer goes: one JSON document with `--json`, readable text otherwise. */
export interface Output {
  readonly json: boolean;
  /**
   * Prints the answer: `value` as JSON, or the text `human` makes of it: lines (each shown as one line, a line
   * break inside it escaped), or a text whose line breaks are its own (tables: their cells are escaped).
   */
  result(value: unknown, human: () => string | readonly string[]): void;
  /** A line for a person (stderr; nothing with `--json`). */
  note(line: string): void;
}

/**
 * Text for a person's terminal: without the API key, control characters escaped line by line (the text's own
 * line breaks kept). Everything the CLI prints for people goes through here.
 */
export function forHumans(text: string): string {
  return escapeLines(redactor.text(text));
}

/** One line for a person: as `forHumans`, and a line break inside it is shown as `\n` too. */
export function lineForHumans(line: string): string {
  return escapeControls(redactor.text(line));
}

/** JSON text of `value` without the API key (data kept exact otherwise: JSON escapes control characters). */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(redactor.value(value), null, indent);
}

export function createOutput(
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  return {
    json,
    result(value, human) {
      if (json) {
        stdout.write(`${jsonText(value, 2)}\n`);
        return;
      }
      const shown = human();
      stdout.write(
        ensureNewline(typeof shown === "string" ? forHumans(shown) : shown.map(lineForHumans).join("\n")),
      );
    },
    note(line) {
      if (!json) stderr.write(`${lineForHumans(line.replace(/\n$/, ""))}\n`);
    },
  };
}

function ensureNewline(text: string): string {
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}

/** A column of a table: its header and how to get a cell from a row. */
export interface Column<T> {
  header: string;
  cell: (row: T) => unknown;
}

/** Rows as a plain-text table, columns padded to their widest cell. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => text(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join("\n");
}

/** An object as `key: value` lines; nested values as compact JSON. */
export function keyValues(value: unknown): string {
  if (typeof value !== "object" || value === null) return text(value);
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => [
    escapeControls(k),
    v,
  ]);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${text(v)}`).join("\n");
}

/** A cell: strings as they are (control characters escaped), nothing as "-", anything else as compact JSON. */
export function text(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  if (typeof value === "string") return escapeControls(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return escapeControls(JSON.stringify(value) ?? String(value));
}
