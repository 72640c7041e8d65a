import { type FileHandle, access, mkdir, open, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { MultiPolygon, Polygon } from "@picterra/core";
import { UsageError } from "../errors";
import { jsonText } from "../output";
import { JournalLock } from "./lock";

/**
 * One finished step of a bulk run, as a line of the journal. `item` names what the step was about: a file's
 * absolute path, or `raster:<id>` for a raster given by id.
 */
export type JournalEntry =
  /** A file's upload is about to start (its raster will be named `name`, in `folderId` or the default folder). */
  | { step: "upload-started"; item: string; name: string; folderId: string | undefined }
  /** A raster was created for a file and its bytes are about to go (written before any byte goes). */
  | { step: "upload-created"; item: string; rasterId: string }
  /** The raster's upload was committed: Picterra processes it in this operation. */
  | { step: "upload-committed"; item: string; rasterId: string; operationId: string; pollInterval: number }
  /** The file's raster is uploaded and processed. */
  | { step: "uploaded"; item: string; rasterId: string }
  /** A raster the journal knew was found unusable (never finished) and deleted. */
  | { step: "upload-discarded"; item: string; rasterId: string }
  /** The detector was started on the item's raster (its operation is running). */
  | {
      step: "detect-started";
      item: string;
      rasterId: string;
      detectorId: string;
      operationId: string;
      pollInterval: number;
    }
  /** The detector ran on the item's raster. */
  | { step: "detected"; item: string; rasterId: string; detectorId: string; operationId: string }
  /** The item's results are on disk. */
  | {
      step: "results-written";
      item: string;
      operationId: string;
      files: string[];
      counts: Record<string, number>;
    }
  /** What getRaster says of the item's raster, for its GIS outputs: its name and its lon/lat outline. */
  | {
      step: "raster-info";
      item: string;
      rasterId: string;
      name: string | null;
      footprint: Polygon | MultiPolygon | null;
    }
  /** The item's own layer files (`--format`), in these formats and this CRS (null: WGS 84, or none for pixels). */
  | {
      step: "layers-written";
      item: string;
      operationId: string;
      formats: string[];
      crs: string | null;
      files: string[];
    }
  /** A raster was downloaded to a file. */
  | { step: "downloaded"; item: string; rasterId: string; file: string }
  /** A step of a Tracer flow (plots): `key` names it, `value` is what it produced. */
  | { step: "plots"; item: string; key: string; value: unknown }
  /** The name the item's output files have in the output folder (see names.ts): the same on every re-run. */
  | { step: "named"; item: string; name: string };

/** A value of a journal header's options: what a re-run must give again to go on with the journal. */
export type JournalOption = string | number | boolean | null | readonly string[];

/**
 * What a journal belongs to, written as its first line: the command, the API it spoke to (its resolved base
 * URL) and the options that decide the result. A re-run with other values is refused: the journal's steps were
 * done for another result (another server's ids, another detector's detections).
 */
export interface JournalHeader {
  /** E.g. "detect", "rasters upload". */
  command: string;
  /** The API's resolved base URL (no credentials, no query). */
  api: string;
  options: Readonly<Record<string, JournalOption>>;
}

/** The journal format's marker and version, on the header line. */
export const JOURNAL_FORMAT = Object.freeze({ journal: "picterra", version: 1 });

/** The most bytes read to find a file's first line: a header is far shorter, and an image is not read whole. */
const HEADER_PROBE_BYTES = 64 * 1024;

/**
 * An append-only journal of finished steps, one JSON line each, fsync'd before `append` resolves: a step the
 * journal holds survives `kill -9` and a power cut. Reading it back skips a torn last line (a kill mid-write).
 * Its first line is its header (see JournalHeader); a run holds the journal's lock (`<journal>.lock`) from
 * `open` to `close`, so two runs never write one journal.
 */
export class Journal {
  private handle: FileHandle | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    readonly entries: JournalEntry[],
    private readonly lock: JournalLock,
    /** What goes before the first entry: the header of a new journal, a line break after a torn line. */
    private prefix: string,
  ) {}

  /**
   * Opens the journal at `path` for the run `header` describes: takes its lock, and reads what earlier runs
   * wrote. A file that is not a journal, or a journal of another run (other command, API or options), is
   * refused untouched (a UsageError: exit 2, before any request). A missing or empty file gets the header with
   * the first entry: until then, nothing is written.
   */
  static async open(path: string, header: JournalHeader): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (info && !info.isFile()) throw notAJournal(path, "it is not a file");
    // Checked before the lock is taken (no lock file is made beside a file that is no journal), and read
    // again under it.
    await readJournal(path, header);
    const lock = await JournalLock.acquire(`${path}.lock`, path);
    try {
      const { text, entries } = await readJournal(path, header);
      const prefix =
        text.trim() === ""
          ? `${jsonText({ ...JOURNAL_FORMAT, ...header, at: new Date().toISOString() })}\n`
          : text.endsWith("\n")
            ? ""
            : // A torn last line would glue itself to the next entry: start on a new line.
              "\n";
      return new Journal(path, entries, lock, prefix);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Appends a step and waits until it is on disk. Appends are written one at a time, in call order. */
  append(entry: JournalEntry): Promise<void> {
    return this.appendAll([entry]);
  }

  /** Appends steps with one write and one fsync. */
  appendAll(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return this.writing;
    const write = this.writing.then(async () => {
      if (this.closed) throw new Error(`the journal '${this.path}' is closed`);
      this.handle ??= await open(this.path, "a");
      const at = new Date().toISOString();
      // No line holds the API key, whatever a server answered.
      const lines = entries.map((e) => `${jsonText({ ...e, at })}\n`).join("");
      await this.handle.write(`${this.prefix}${lines}`);
      await this.handle.sync();
      this.prefix = "";
      this.entries.push(...entries);
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** The entries about `item`, oldest first. */
  about(item: string): JournalEntry[] {
    return this.entries.filter((e) => e.item === item);
  }

  /** The last entry about `item` of the given step, if any. */
  last<S extends JournalEntry["step"]>(
    item: string,
    step: S,
  ): Extract<JournalEntry, { step: S }> | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.item === item && e.step === step) return e as Extract<JournalEntry, { step: S }>;
    }
    return undefined;
  }

  /** The name each item was given (its last `named` entry), in journal order. */
  names(): Map<string, string> {
    const names = new Map<string, string>();
    for (const e of this.entries) if (e.step === "named") names.set(e.item, e.name);
    return names;
  }

  /** Waits for the appends, closes the file and gives the lock up; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.writing;
      await this.handle?.close();
    } finally {
      await this.lock.release();
    }
  }
}

/**
 * Reads a journal's text and entries, checking its header against the run's; a missing file reads as empty.
 * The first line is looked at before the rest is read, so that an image given as journal is not read whole.
 */
async function readJournal(
  path: string,
  header: JournalHeader,
): Promise<{ text: string; entries: JournalEntry[] }> {
  const handle = await open(path, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!handle) return { text: "", entries: [] };
  let head: string;
  let whole: boolean;
  try {
    const probe = Buffer.alloc(HEADER_PROBE_BYTES);
    const { bytesRead } = await handle.read(probe, 0, probe.length, 0);
    head = probe.subarray(0, bytesRead).toString("utf8");
    whole = bytesRead < probe.length;
  } finally {
    await handle.close();
  }
  if (head.trim() === "" && whole) return { text: head, entries: [] };
  const end = head.indexOf("\n");
  checkHeader(path, end < 0 ? head : head.slice(0, end), header);
  const text = whole ? head : await readFile(path, "utf8");
  const entries: JournalEntry[] = [];
  for (const line of text.split("\n").slice(1)) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as Partial<JournalEntry> | null;
      if (typeof entry?.step === "string" && typeof entry.item === "string")
        entries.push(entry as JournalEntry);
    } catch {
      // A line cut by a kill mid-write: that step did not finish.
    }
  }
  return { text, entries };
}

/** Refuses a first line that is no journal header, or the header of another run (saying what differs). */
function checkHeader(path: string, line: string, expected: JournalHeader): void {
  const found = parseLine(line) as Partial<JournalHeader & { journal: string; version: number }> | null;
  if (found?.journal !== JOURNAL_FORMAT.journal || typeof found.version !== "number") {
    throw notAJournal(path, "its first line is no picterra journal header");
  }
  if (found.version !== JOURNAL_FORMAT.version) {
    throw new UsageError(
      `the journal '${path}' has format ${found.version}, this picterra reads format ${JOURNAL_FORMAT.version}: give this run another --out (or --journal)`,
    );
  }
  const differences: string[] = [];
  const differ = (what: string, was: unknown, now: unknown) => {
    if (JSON.stringify(was ?? null) !== JSON.stringify(now ?? null))
      differences.push(
        `${what} ${JSON.stringify(was ?? null)} in the journal, ${JSON.stringify(now ?? null)} now`,
      );
  };
  differ("command", found.command, expected.command);
  differ("API", found.api, expected.api);
  const was = new Map(Object.entries(found.options ?? {}));
  const now = new Map(Object.entries(expected.options));
  for (const key of new Set([...was.keys(), ...now.keys()])) differ(key, was.get(key), now.get(key));
  if (differences.length > 0) {
    throw new UsageError(
      `the journal '${path}' belongs to another run (${differences.join("; ")}): give this run another --out (or --journal), or the journal's options to go on with it`,
    );
  }
}

/** A line as JSON, or null when it is not JSON. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

function notAJournal(path: string, why: string): UsageError {
  return new UsageError(
    `'${path}' is not a picterra journal (${why}); it was left as it is: give --journal a new file, or a journal of this command`,
  );
}

/** Whether every file a journal entry names is still on disk (a step is redone when one is gone). */
export async function allExist(files: readonly string[]): Promise<boolean> {
  for (const file of files) {
    const found = await access(file).then(
      () => true,
      () => false,
    );
    if (!found) return false;
  }
  return true;
}
