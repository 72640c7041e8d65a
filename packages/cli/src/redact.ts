import { type Redact, redactor as secretRedactor } from "@picterra/core/machinery";

/** What stands in for a secret in everything the CLI prints or writes (the libraries use the same mark). */
export const REDACTED = "[redacted]";

/**
 * The shortest secret that can be kept out of output: a shorter one could be part of the mark itself or of
 * the CLI's own words, and replacing it would not remove it. (`api-key.ts` refuses shorter keys.)
 */
export const MIN_SECRET_LENGTH = 12;

/**
 * The shortest piece of a secret's start that is redacted where a text was cut ("…", as core cuts bodies):
 * longer than the mark, so that every replacement shortens the text and redaction ends.
 */
const MIN_CUT_PREFIX = REDACTED.length + 1;

/** The marks that end a text cut short, after which a secret's first characters may stand alone. */
const CUT_MARK = "…";

/**
 * Keeps secrets (the API key) out of text and data: every form a server may echo them in (core's `redactor`:
 * as sent, JSON-escaped, URL-encoded in either case, form-encoded, base64) becomes `[redacted]`, and so does a
 * secret's start left at the end of a text cut short.
 */
export class Redactor {
  private forms: string[] = [];
  private secrets: string[] = [];
  /** Core's redaction of every form of the secrets (for a secret that long, each form is longer than the mark). */
  private scrub: Redact = (value) => value;

  /** From now on, `secret` is redacted (a secret shorter than MIN_SECRET_LENGTH is refused before it is used). */
  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.push(secret);
    this.scrub = secretRedactor(this.secrets);
    const forms = new Set([
      ...this.forms,
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
    ]);
    // Longest first: a form that holds another is replaced whole.
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** Whether any secret is registered. */
  get active(): boolean {
    return this.forms.length > 0;
  }

  /** `text` without any secret. */
  text(text: string): string {
    if (this.forms.length === 0) return text;
    let out = text;
    // Until nothing is left: a replacement could join the mark's end with what follows into a secret again.
    // Each replacement shortens the text (every form and cut prefix is longer than the mark), so this ends.
    for (let changed = true; changed; ) {
      changed = false;
      const scrubbed = this.scrub(out);
      if (scrubbed !== out) {
        out = scrubbed;
        changed = true;
      }
      for (const form of this.forms) {
        if (out.includes(form)) {
          out = out.split(form).join(REDACTED);
          changed = true;
        }
      }
      const cut = this.cutPrefixes(out);
      if (cut !== out) {
        out = cut;
        changed = true;
      }
    }
    return out;
  }

  /**
   * A copy of `value` (JSON data: what `--json`, summaries and journals hold) with every string and every key
   * redacted. Values with `toJSON` are taken as JSON.stringify takes them.
   */
  value(value: unknown): unknown {
    if (this.forms.length === 0) return value;
    return this.copy(value, 0);
  }

  private copy(value: unknown, depth: number): unknown {
    if (typeof value === "string") return this.text(value);
    if (typeof value !== "object" || value === null || depth > 100) return value;
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === "function") return this.copy(json.call(value), depth + 1);
    if (Array.isArray(value)) return value.map((v) => this.copy(v, depth + 1));
    // No prototype: a key such as "__proto__" stays a key.
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.copy(v, depth + 1);
    return out;
  }

  /** A secret's first characters (MIN_CUT_PREFIX or more) right before a cut mark become the mark. */
  private cutPrefixes(text: string): string {
    if (!text.includes(CUT_MARK)) return text;
    let out = text;
    for (const form of this.forms) {
      let at = out.indexOf(CUT_MARK);
      while (at >= 0) {
        for (let n = form.length - 1; n >= MIN_CUT_PREFIX; n--) {
          if (at >= n && out.slice(at - n, at) === form.slice(0, n)) {
            out = `${out.slice(0, at - n)}${REDACTED}${out.slice(at)}`;
            at = at - n + REDACTED.length;
            break;
          }
        }
        at = out.indexOf(CUT_MARK, at + 1);
      }
    }
    return out;
  }
}

/** The process's redactor: the CLI adds the API key to it as soon as it has read it. */
export const redactor = new Redactor();
