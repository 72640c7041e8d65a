import { printable } from "@picterra/core/machinery";

/**
 * Text as a person's terminal may show it: every control character written out as an escape (`\n`, `\x1b`,
 * `\u202e`), so that a name from a server cannot move the cursor, recolour, rewrite or reorder a line. The same
 * escaping as core's error messages, so text escaped there is not escaped twice.
 */
export const escapeControls: (text: string) => string = printable;

/** Lines for a terminal: each line of `text` escaped, its line breaks kept (the text's own layout). */
export function escapeLines(text: string): string {
  return text.split("\n").map(escapeControls).join("\n");
}
