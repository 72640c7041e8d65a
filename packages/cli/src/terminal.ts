/**
 * Characters a terminal acts on rather than shows: C0 controls (ESC starts colour and cursor sequences, CR
 * rewrites a line), DEL, C1 controls (0x9B is a one-byte CSI), and Unicode's bidirectional and line/paragraph
 * separator controls (they reorder or break what follows, e.g. to disguise a file name).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: ReadonlyMap<string, string> = new Map([
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
]);

/**
 * Text as a person's terminal may show it: every control character written out as an escape (`\n`, `\x1b`,
 * `\u202e`), so that a name from a server cannot move the cursor, recolour, rewrite or reorder a line.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const named = NAMED.get(c);
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Lines for a terminal: each line of `text` escaped, its line breaks kept (the text's own layout). */
export function escapeLines(text: string): string {
  return text.split("\n").map(escapeControls).join("\n");
}
