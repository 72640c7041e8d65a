import { ValidationError, printable } from "@picterra/core/machinery";

/**
 * Input a layer cannot be made from, or a value a format cannot hold: thrown before anything is written. A
 * `ValidationError` of `@picterra/core`, so a `PicterraError` like every error of the Picterra packages.
 */
export class GisInputError extends ValidationError {
  /** The class name, `"GisInputError"`: what `error.name` and a stack trace show. */
  override name = "GisInputError";
}

/** Text of a value for a message: short, one line, control characters escaped. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  // JSON escapes C0 controls only: DEL, C1 (0x9b is a one-byte CSI) and the bidi controls are escaped here.
  return printable(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
