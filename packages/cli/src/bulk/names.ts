/**
 * Names of the files a run writes in its output folder. A name comes from text the CLI does not control (an
 * input's file name, a raster id, a server's artifact name): it is made safe (one plain file name inside the
 * folder on any file system), never one of the run's own files, and unique even where case does not count.
 */

/**
 * The run's own files in an output folder, and those its next outputs take: no output is named so. Compared as
 * `nameKey` compares (case and Unicode forms do not count); a trailing `*` stands for anything.
 */
export const RESERVED_NAMES: readonly string[] = Object.freeze([
  "summary.json",
  "summary.csv",
  "journal.jsonl",
  // The journal's lock, and the files taking it makes for a moment.
  "journal.jsonl.lock*",
  "precheck.json",
  "plots-group.geojson",
  // The GIS outputs of a whole run.
  "detections.*",
  "preview.png",
  // plots.csv comes with its .csvt (the columns' types) and .prj (WGS 84), which GDAL and QGIS read.
  "plots.csv",
  "plots.csvt",
  "plots.prj",
  "plots.gpkg",
]);

/** Limits of a name. */
export const NAME_LIMITS = Object.freeze({
  /**
   * UTF-8 bytes of a whole file name, every suffix and a counter included. File systems allow 255; the rest is
   * room for the hidden temporary name a file is written under before it is renamed.
   */
  maxBytes: 200,
  /** A name made of nothing safe. */
  fallback: "unnamed",
});

/** Code points no name holds: controls, format and bidi controls, separators, surrogates, private and unassigned. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu;
/** Path separators and what Windows forbids in a name. */
const FORBIDDEN = /[/\\:*?"<>|]/g;
/** A UTF-16 unit that is half of no pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Windows' device names: a name whose part before its first dot is one opens the device, not a file. */
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

const utf8 = new TextEncoder();

function bytes(text: string): number {
  return utf8.encode(text).length;
}

/** How names are compared: the same key means the same file on a case- or normalization-insensitive system. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

/** Patterns as `nameKey` keys: exact names, and the prefixes of those ending with `*`. */
interface Patterns {
  exact: Set<string>;
  prefixes: string[];
}

function patternsOf(patterns: readonly string[]): Patterns {
  const keys = patterns.map(nameKey);
  return {
    exact: new Set(keys.filter((k) => !k.endsWith("*"))),
    prefixes: keys.filter((k) => k.endsWith("*")).map((k) => k.slice(0, -1)),
  };
}

const RESERVED = patternsOf(RESERVED_NAMES);

function matches(key: string, patterns: Patterns): boolean {
  return patterns.exact.has(key) || patterns.prefixes.some((prefix) => key.startsWith(prefix));
}

/** Whether `name` is one of RESERVED_NAMES, or of `extra` (same form). */
export function isReserved(name: string, extra: readonly string[] = []): boolean {
  const key = nameKey(name);
  return matches(key, RESERVED) || (extra.length > 0 && matches(key, patternsOf(extra)));
}

/**
 * A safe file name made of any text: one NFC name of at most `maxBytes` UTF-8 bytes, without control or bidi
 * characters, separators or what Windows forbids, no leading dot or space, no trailing dot or space, no run of
 * dots, and not a Windows device name. The same text always gives the same name, and a safe name is its own.
 */
export function safeName(raw: string, maxBytes: number = NAME_LIMITS.maxBytes): string {
  let name = raw;
  // Until it no longer changes (a cut or a trim can expose what another step removes); a few rounds at most.
  for (let round = 0; round < 8; round++) {
    const next = cleanOnce(name, maxBytes);
    if (next === name) break;
    name = next;
  }
  return name;
}

function cleanOnce(raw: string, maxBytes: number): string {
  let name = raw
    .replace(LONE_SURROGATE, "_")
    .normalize("NFC")
    .replace(UNSAFE, "_")
    .replace(FORBIDDEN, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/^[\s.]+|[\s.]+$/gu, "");
  if (DEVICE.test(name.split(".")[0]!.trimEnd())) name = `_${name}`;
  name = cutBytes(name, maxBytes).replace(/[\s.]+$/u, "");
  return name === "" ? NAME_LIMITS.fallback : name;
}

/** The longest start of `text` within `maxBytes` UTF-8 bytes, cut between code points. */
function cutBytes(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  let out = "";
  let used = 0;
  for (const c of text) {
    const n = bytes(c);
    if (used + n > maxBytes) break;
    out += c;
    used += n;
  }
  return out;
}

/** How an output folder's names are given. */
export interface OutputNamesOptions {
  /**
   * What is added to every name given (".geojson", ".pixels.geojson", or "" for the name as it is): each whole
   * name must be free, and fit NAME_LIMITS.maxBytes. A call may give its own.
   */
  suffixes: readonly string[];
  /** More reserved names, as RESERVED_NAMES (e.g. a `--journal` kept in the folder, and its lock). */
  reserved?: readonly string[];
  /** Names of files already in the folder: a new name never takes one (a name from the journal may). */
  existing?: Iterable<string>;
}

/**
 * Gives the names of one output folder: first those earlier runs gave (`claim`, from the journal, so that a
 * re-run finds its files whatever the order of its inputs), then new ones (`allocate`), numbered `-2`, `-3`…
 * when taken.
 */
export class OutputNames {
  private readonly used = new Set<string>();
  private readonly existing: Set<string>;
  private readonly reserved: Patterns;

  constructor(private readonly options: OutputNamesOptions) {
    this.existing = new Set([...(options.existing ?? [])].map(nameKey));
    this.reserved = patternsOf(options.reserved ?? []);
  }

  /** Whether a whole file name is reserved, here or by RESERVED_NAMES. */
  private isReserved(file: string): boolean {
    const key = nameKey(file);
    return matches(key, RESERVED) || matches(key, this.reserved);
  }

  /**
   * Takes `name` again (the name an earlier run gave): true when it is still a safe name, not reserved and not
   * taken in this run; false when it cannot be had (the item then gets a new one).
   */
  claim(name: string, suffixes: readonly string[] = this.options.suffixes): boolean {
    if (safeName(name) !== name || bytes(name) + longest(suffixes) > NAME_LIMITS.maxBytes) return false;
    if (!this.free(name, suffixes, false)) return false;
    this.take(name, suffixes);
    return true;
  }

  /** A new name made of `raw` (any text): safe, not reserved, and free with every suffix, here and on disk. */
  allocate(raw: string, suffixes: readonly string[] = this.options.suffixes): string {
    const budget = NAME_LIMITS.maxBytes - longest(suffixes);
    let base = safeName(raw, budget);
    // A name a reserved prefix covers ("detections.x") stays reserved whatever its number: it is changed once,
    // then given up for the fallback, which no prefix covers.
    if (this.reservedPrefix(base, suffixes)) base = safeName(`_${base}`, budget);
    if (this.reservedPrefix(base, suffixes)) base = NAME_LIMITS.fallback;
    for (let n = 1; ; n++) {
      const counter = n === 1 ? "" : `-${n}`;
      const name = `${safeName(base, budget - bytes(counter))}${counter}`;
      if (this.free(name, suffixes, true)) {
        this.take(name, suffixes);
        return name;
      }
    }
  }

  private free(name: string, suffixes: readonly string[], newName: boolean): boolean {
    return suffixes.every((suffix) => {
      const key = nameKey(`${name}${suffix}`);
      return (
        !this.used.has(key) && !(newName && this.existing.has(key)) && !this.isReserved(`${name}${suffix}`)
      );
    });
  }

  private reservedPrefix(base: string, suffixes: readonly string[]): boolean {
    return suffixes.some((suffix) => this.isReserved(`${base}-2${suffix}`));
  }

  private take(name: string, suffixes: readonly string[]): void {
    for (const suffix of suffixes) this.used.add(nameKey(`${name}${suffix}`));
  }
}

function longest(suffixes: readonly string[]): number {
  return Math.max(0, ...suffixes.map(bytes));
}

/**
 * An item to name: its journal key, and the text its name is made of. With `extension` (e.g. ".pdf"), the name
 * given is whole, extension included (a numbered one is `report-2.pdf`), for names that take no suffix.
 */
export interface NameRequest {
  item: string;
  raw: string;
  extension?: string;
}

/**
 * Names for `requests`: first every name the journal holds (`journaled`, item → name, for this run's items and
 * earlier ones alike) is claimed, so that a re-run gives each item the name it had, in any order; then the
 * items without one get new names, in order. Returns each requested item's name and the new ones, to journal.
 */
export function nameItems(
  requests: readonly NameRequest[],
  journaled: ReadonlyMap<string, string>,
  names: OutputNames,
): { names: Map<string, string>; fresh: { item: string; name: string }[] } {
  const given = new Map<string, string>();
  for (const [item, name] of journaled) if (names.claim(name)) given.set(item, name);
  const out = new Map<string, string>();
  const fresh: { item: string; name: string }[] = [];
  for (const { item, raw, extension } of requests) {
    if (out.has(item)) continue;
    let name = given.get(item);
    if (name === undefined) {
      name =
        extension === undefined ? names.allocate(raw) : `${names.allocate(raw, [extension])}${extension}`;
      fresh.push({ item, name });
    }
    out.set(item, name);
  }
  return { names: out, fresh };
}
