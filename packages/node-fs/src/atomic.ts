import { randomBytes } from "node:crypto";
import { close, createWriteStream, fchmod, fdatasync, fsync, ftruncate, open } from "node:fs";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { promisify } from "node:util";
import { PicterraError, describeCause } from "@picterra/core/machinery";

const openFile = promisify(open);
const closeFile = promisify(close);
const syncFile = promisify(fsync);
const truncateFile = promisify(ftruncate);
const chmodFile = promisify(fchmod);
const dataSyncFile = promisify(fdatasync);

/**
 * Bytes a download's file stream buffers before it pushes back on the socket: writes go out while the next
 * bytes arrive, in `writev` calls of what piled up meanwhile. 1 MiB measured best: 4 MiB took ~20% more CPU
 * and time for 1 GiB (the buffered chunks no longer stay in the CPU's cache), 64 KiB ~40% more.
 */
export const WRITE_BUFFER = 1024 * 1024;

/**
 * The most UTF-8 bytes of the target's name a temporary file's name keeps: with the prefix and suffix (19
 * bytes) well under the 255-byte limit of most file systems.
 */
const NAME_MAX_BYTES = 200;

/** The temporary file a download is written to. */
export interface TempFile {
  /** Where it is (beside the target). */
  readonly path: string;
  /**
   * A stream that writes into the file from byte `start` on, the file cut there first (0 starts over). It
   * leaves the file open when it finishes or fails; `bytesWritten` says how many bytes reached the file.
   */
  writer(start: number): Promise<Writable & { readonly bytesWritten: number }>;
  /**
   * Has the kernel start writing what the file holds so far to disk (an `fdatasync` in the background, one at
   * a time), so that the final fsync waits for less: the disk works while bytes still arrive. Without it a
   * 1 GiB download sits in the page cache until the fsync, then waits for all of it.
   */
  flushEarly(): void;
}

/**
 * Runs `write` with a new temporary file next to `target` (same directory, so the rename cannot cross file
 * systems), then fsyncs it and renames it over `target`. On any failure the temporary file is removed and
 * whatever was at `target` before is left as it was. `write` must not leave a stream writing when it settles.
 */
export async function writeAtomically(
  target: string,
  write: (file: TempFile) => Promise<void>,
): Promise<void> {
  const path = tempPathFor(target);
  // An existing file keeps its permissions, as it would when overwritten in place.
  const mode = await stat(target).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  const fd = await fsStep(`cannot create the temporary file ${path}`, openFile(path, "wx", 0o666));
  let open = true;
  // The early flush in flight, if any: awaited before the fd is synced or closed. Its failure is the final
  // fsync's to report.
  let flushing: Promise<void> | undefined;
  const flushed = () => flushing ?? Promise.resolve();
  try {
    if (mode !== undefined) await fsStep(`cannot set the mode of ${path}`, chmodFile(fd, mode));
    await write({
      path,
      async writer(start) {
        await flushed();
        await fsStep(`cannot cut ${path} at byte ${start}`, truncateFile(fd, start));
        // autoClose off: the file stays open for the fsync and for a resumed attempt's writer.
        return createWriteStream(path, { fd, start, autoClose: false, highWaterMark: WRITE_BUFFER });
      },
      flushEarly() {
        if (!open || flushing) return;
        flushing = dataSyncFile(fd).then(
          () => {
            flushing = undefined;
          },
          () => {
            flushing = undefined;
          },
        );
      },
    });
    await flushed();
    await fsStep(`cannot flush ${path} to disk`, syncFile(fd));
    open = false;
    await fsStep(`cannot close ${path}`, closeFile(fd));
    await fsStep(`cannot move ${path} to ${target}`, rename(path, target));
  } catch (error) {
    await flushed();
    if (open) await closeFile(fd).catch(() => {});
    await rm(path, { force: true }).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(target));
}

/**
 * Writes `data` (text as UTF-8, or bytes) to `target` atomically: a temporary file beside it, fsync'd, then
 * renamed into place; a reader sees the old file or the new one, never half of one.
 */
export function writeFileAtomically(target: string, data: string | Uint8Array): Promise<void> {
  return writeAtomically(target, async (file) => {
    const out = await file.writer(0);
    out.end(data);
    await finished(out).catch((error: unknown) => {
      throw fileError(`cannot write ${file.path}`, error);
    });
  });
}

/** A file system error as a PicterraError that names the file. */
export function fileError(what: string, cause: unknown): PicterraError {
  return new PicterraError(`${what}: ${describeCause(cause)}`, { cause });
}

/** `step`, its failure a PicterraError that says what could not be done (`fileError`). */
function fsStep<T>(what: string, step: Promise<T>): Promise<T> {
  return step.catch((error: unknown) => {
    throw fileError(what, error);
  });
}

/**
 * `.${name}.${random}.part` beside the target: hidden, and recognisable as ours if a crash leaves it behind.
 * The name is cut in UTF-8 bytes, on a code point: file systems count bytes, and an 80-character CJK name
 * (240 bytes) is a legal target but too long with the prefix and suffix.
 */
export function tempPathFor(target: string): string {
  const name = cutUtf8(basename(target), NAME_MAX_BYTES);
  return join(dirname(target), `.${name}.${randomBytes(6).toString("hex")}.part`);
}

/** What `tempPathFor` names a temporary file: `.${name}.${12 hex digits}.part`. */
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.part$/;

/**
 * Deletes the temporary files that writes into `dir` by this package left behind when their process was killed
 * (`kill -9`, a power cut: no `finally` ran), and returns their names. Only names of `tempPathFor`'s form are
 * touched, never a target file. Call it only while no other process writes into `dir` (e.g. holding a lock on
 * it), since a write in flight has such a file too.
 */
export async function removeLeftoverTempFiles(dir: string): Promise<string[]> {
  const names = await fsStep(`cannot list ${dir}`, readdir(dir));
  const leftovers = names.filter((name) => TEMP_NAME.test(name));
  for (const name of leftovers) await fsStep(`cannot remove ${name}`, rm(join(dir, name), { force: true }));
  return leftovers;
}

/** The longest start of `text` whose UTF-8 encoding fits in `maxBytes`, cut between code points. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Makes the rename itself durable; best effort, as some platforms cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  try {
    const fd = await openFile(dir, "r");
    try {
      await syncFile(fd);
    } finally {
      await closeFile(fd);
    }
  } catch {
    // the file is in place; only its durability across a power loss is not guaranteed
  }
}
