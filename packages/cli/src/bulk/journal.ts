import { type FileHandle, access, mkdir, open, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

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
  /** A raster was downloaded to a file. */
  | { step: "downloaded"; item: string; rasterId: string; file: string }
  /** A step of a Tracer flow (plots): `key` names it, `value` is what it produced. */
  | { step: "plots"; item: string; key: string; value: unknown };

/**
 * An append-only journal of finished steps, one JSON line each, fsync'd before `append` resolves: a step the
 * journal holds survives `kill -9` and a power cut. Reading it back skips a torn last line (a kill mid-write).
 */
export class Journal {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly entries: JournalEntry[],
    private writing: Promise<void> = Promise.resolve(),
  ) {}

  /** Opens (creating) the journal at `path` and reads what earlier runs wrote. */
  static async open(path: string): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const entries: JournalEntry[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A line cut by a kill mid-write: that step did not finish.
      }
    }
    const handle = await open(path, "a");
    // A torn last line would glue itself to the next entry: start on a new line.
    if (text.length > 0 && !text.endsWith("\n")) await handle.write("\n");
    return new Journal(path, handle, entries);
  }

  /** Appends a step and waits until it is on disk. Appends are written one at a time, in call order. */
  append(entry: JournalEntry): Promise<void> {
    const write = this.writing.then(async () => {
      await this.handle.write(`${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
      await this.handle.sync();
      this.entries.push(entry);
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

  async close(): Promise<void> {
    await this.writing;
    await this.handle.close();
  }
}

/**
 * Makes a bulk command's `--out` folder and opens its journal: at `journalFile` (`--journal`) when given, else
 * `journal.jsonl` in that folder. Returns the folder's absolute path and the journal.
 */
export async function openOutDir(
  out: string,
  journalFile: string | undefined,
): Promise<{ dir: string; journal: Journal }> {
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  const journal = await Journal.open(journalFile ? resolve(journalFile) : join(dir, "journal.jsonl"));
  return { dir, journal };
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
