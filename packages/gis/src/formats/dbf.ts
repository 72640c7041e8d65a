import { GisInputError, shown } from "../errors";
import type { Field, FieldValue } from "../types";

/** dBase limits that the Shapefile's .dbf keeps. */
export const DBF_LIMITS = {
  /** Bytes of a field name. */
  name: 10,
  /** Bytes of a text value (UTF-8, as the .cpg says). */
  text: 254,
  /** Characters of a number. */
  number: 24,
  fields: 255,
  record: 65535,
} as const;

const encoder = new TextEncoder();

interface DbfColumn {
  name: string;
  type: Field["type"];
  /** dBase type letter, width and decimals. */
  letter: "C" | "N" | "L";
  width: number;
  decimals: number;
}

/** The text of a number in at most 24 characters, as many decimals as fit (up to 15); an error if it cannot. */
export function dbfNumber(value: number, integer: boolean, where: string): string {
  if (integer) {
    const text = String(value);
    if (text.length > DBF_LIMITS.number)
      throw new GisInputError(`${where}: ${text} does not fit in ${DBF_LIMITS.number} characters`);
    return text;
  }
  const whole = Math.abs(value) < 1 ? 1 : Math.floor(Math.log10(Math.abs(value))) + 1;
  const room = DBF_LIMITS.number - whole - (value < 0 ? 1 : 0) - 1;
  if (room < 0 || Math.abs(value) >= 1e21) {
    throw new GisInputError(
      `${where}: ${value} does not fit in a dBase number of ${DBF_LIMITS.number} characters`,
    );
  }
  // Trailing zeros say nothing and cost a reader's time.
  const text = value
    .toFixed(Math.min(15, room))
    .replace(/(\.\d*?)0+$/, "$1")
    .replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}

/**
 * A .dbf file (dBase III, UTF-8 text as the .cpg says) of `rows`, one value per field in field order. Names
 * are the Shapefile names (≤ 10 bytes, checked by the caller). Text over 254 bytes, a number wider than 24
 * characters or a record over 65,535 bytes is an error, never cut.
 */
export function dbfFile(
  fields: readonly Field[],
  names: readonly string[],
  rows: readonly FieldValue[][],
): Uint8Array {
  if (fields.length > DBF_LIMITS.fields) {
    throw new GisInputError(
      `a Shapefile holds at most ${DBF_LIMITS.fields} fields; this layer has ${fields.length}`,
    );
  }
  // Cells as bytes first: the widths come from the longest value.
  const cells: (Uint8Array | null)[][] = rows.map((row, r) =>
    row.map((value, i) => {
      if (value === null) return null;
      const field = fields[i]!;
      const where = `feature ${r}: ${field.name}`;
      if (field.type === "text") {
        const bytes = encoder.encode(value as string);
        if (bytes.length > DBF_LIMITS.text) {
          throw new GisInputError(
            `${where} is ${bytes.length} bytes of UTF-8 (${shown(value)}); a Shapefile text value holds at most ${DBF_LIMITS.text}: write a GeoPackage or FlatGeobuf for longer text`,
          );
        }
        return bytes;
      }
      if (field.type === "boolean") return encoder.encode(value ? "T" : "F");
      return encoder.encode(dbfNumber(value as number, field.type === "integer", where));
    }),
  );
  const columns: DbfColumn[] = fields.map((field, i) => {
    const widest = Math.max(1, ...cells.map((row) => row[i]?.length ?? 0));
    if (field.type === "text")
      return { name: names[i]!, type: field.type, letter: "C", width: widest, decimals: 0 };
    if (field.type === "boolean")
      return { name: names[i]!, type: field.type, letter: "L", width: 1, decimals: 0 };
    if (field.type === "integer")
      return { name: names[i]!, type: field.type, letter: "N", width: Math.max(widest, 10), decimals: 0 };
    return { name: names[i]!, type: field.type, letter: "N", width: DBF_LIMITS.number, decimals: 15 };
  });
  const recordLength = 1 + columns.reduce((sum, c) => sum + c.width, 0);
  if (recordLength > DBF_LIMITS.record) {
    throw new GisInputError(
      `a Shapefile record holds at most ${DBF_LIMITS.record} bytes; this layer's needs ${recordLength}`,
    );
  }
  const headerLength = 32 + 32 * columns.length + 1;
  const size = headerLength + recordLength * rows.length + 1;
  if (size > 0x7fffffff)
    throw new GisInputError(`the .dbf would be ${size} bytes; a Shapefile part holds at most 2 GB`);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const now = new Date();
  out.set([0x03, now.getUTCFullYear() - 1900, now.getUTCMonth() + 1, now.getUTCDate()], 0);
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  columns.forEach((c, i) => {
    const at = 32 + 32 * i;
    out.set(encoder.encode(c.name), at);
    out[at + 11] = c.letter.charCodeAt(0);
    out[at + 16] = c.width;
    out[at + 17] = c.decimals;
  });
  out[headerLength - 1] = 0x0d;
  const SPACE = 0x20;
  out.fill(SPACE, headerLength, size - 1);
  cells.forEach((row, r) => {
    let at = headerLength + r * recordLength + 1;
    columns.forEach((c, i) => {
      const cell = row[i];
      if (cell === null || cell === undefined) {
        if (c.letter === "L") out[at] = "?".charCodeAt(0);
      } else if (c.letter === "N") out.set(cell, at + c.width - cell.length);
      else out.set(cell, at);
      at += c.width;
    });
  });
  out[size - 1] = 0x1a;
  return out;
}
