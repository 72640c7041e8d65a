/** What stands in for a secret (the API key) in any text, body or URL the client shows. */
export const REDACTED = "[redacted]";

/**
 * Returns `value` with every secret the client sends replaced by `[redacted]`: a string scrubbed; an error
 * scrubbed in place (message, stack, URL, body, along its `cause` chain); a JSON value (plain objects and
 * arrays) copied with every string in it, keys included, scrubbed; anything else as it is.
 */
export type Redact = <T>(value: T) => T;

/**
 * The `Redact` of a client that sends `secrets`. Each is recognised as it is and in the forms a server may
 * echo it in: URL-encoded (either case of hex digits), form-encoded, JSON-escaped, and base64 (standard or
 * URL-safe, whatever came before it in the encoded text, e.g. `Basic base64(user:key)`).
 */
export function redactor(secrets: readonly string[]): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURI(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
    for (const form of base64Forms(secret)) forms.add(form);
  }
  if (forms.size === 0) return (value) => value;
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map((form) =>
        form
          .replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")
          .replace(
            /%([0-9A-F])([0-9A-F])/g,
            (_, a: string, b: string) => `%[${a}${a.toLowerCase()}][${b}${b.toLowerCase()}]`,
          ),
      )
      .join("|"),
    "g",
  );
  const text = (s: string) => s.replace(pattern, REDACTED);
  return <T>(value: T): T => (value instanceof Error ? scrubError(value, text) : scrubJson(value, text)) as T;
}

/** Below this many characters a base64 run could stand for other text by chance: not matched on its own. */
const MIN_BASE64_FORM = 8;

/**
 * The base64 characters that every base64 text holding `secret` holds, standard and URL-safe: for each of the
 * three offsets the secret can start at within a 3-byte group, the characters made of the secret's bits alone
 * (the first and last may mix in the bytes around it). Replacing them leaves at most a few bits of the secret.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa(String.fromCharCode(...new Uint8Array(offset), ...bytes));
    const form = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (form.length < MIN_BASE64_FORM) continue;
    forms.push(form, form.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** Scrubs an error and the errors of its `cause` chain in place: every own string, and JSON values (a body). */
function scrubError(error: Error, text: (s: string) => string): Error {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const fields = e as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(e)) {
      if (key === "cause") continue;
      const value = fields[key];
      const clean = value instanceof Error ? value : scrubJson(value, text);
      if (clean !== value) {
        try {
          fields[key] = clean;
        } catch {
          // a read-only field of someone else's error: nothing of ours to scrub there
        }
      }
    }
  }
  return error;
}

/**
 * A string scrubbed, or a copy of a JSON value (plain objects and arrays, however deep: walked without
 * recursion) whose every string and key is scrubbed; other values as they are.
 */
function scrubJson(value: unknown, text: (s: string) => string): unknown {
  const copies = new Map<object, unknown>();
  const work: [from: object, to: Record<string, unknown>][] = [];
  const copy = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (!isJsonContainer(v)) return v;
    let c = copies.get(v) as Record<string, unknown> | undefined;
    if (c === undefined) {
      c = (Array.isArray(v) ? [] : {}) as Record<string, unknown>;
      copies.set(v, c);
      work.push([v, c]);
    }
    return c;
  };
  const root = copy(value);
  for (let item = work.pop(); item; item = work.pop()) {
    const [from, to] = item;
    for (const key of Object.keys(from)) {
      // defineProperty: a key named `__proto__` stays a key, and never sets the copy's prototype.
      Object.defineProperty(to, text(key), {
        value: copy((from as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root;
}

function isJsonContainer(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
