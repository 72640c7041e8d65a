import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/**
 * Runs `write` with a stream into a new temporary file next to `target` (same directory, so the rename cannot
 * cross file systems), then fsyncs it and renames it over `target`. On any failure the temporary file is
 * removed and whatever was at `target` before is left as it was.
 */
export async function writeAtomically(
  target: string,
  write: (out: Writable) => Promise<void>,
): Promise<void> {
  const temp = tempPathFor(target);
  // An existing file keeps its permissions, as it would when overwritten in place.
  const mode = await stat(target).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  const file = await open(temp, "wx", 0o666);
  let closed = false;
  try {
    if (mode !== undefined) await file.chmod(mode);
    await write(fileWritable(file));
    await file.sync();
    closed = true;
    await file.close();
    await rename(temp, target);
  } catch (error) {
    if (!closed) await file.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Writes `text` to `target` atomically (see `writeAtomically`). */
export function writeTextAtomically(target: string, text: string): Promise<void> {
  return writeAtomically(target, async (out) => {
    out.end(text, "utf8");
    await finished(out);
  });
}

/**
 * A Writable over an open FileHandle that leaves the handle open when it finishes: the caller still has to
 * fsync and close it (`FileHandle#createWriteStream` with autoClose off keeps the handle referenced, and
 * its `close()` then never resolves).
 */
function fileWritable(file: FileHandle): Writable {
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      writeAll(file, chunk).then(() => callback(), callback);
    },
    writev(chunks, callback) {
      writeAll(file, Buffer.concat(chunks.map((c) => c.chunk as Buffer))).then(() => callback(), callback);
    },
  });
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** `.${name}.${random}.part` beside the target: hidden, and recognisable as ours if a crash leaves it behind. */
export function tempPathFor(target: string): string {
  // 200 keeps the name under the usual 255-byte limit with the prefix and suffix added.
  const name = basename(target).slice(0, 200);
  return join(dirname(target), `.${name}.${randomBytes(6).toString("hex")}.part`);
}

/** Makes the rename itself durable; best effort, as some platforms cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // the file is in place; only its durability across a power loss is not guaranteed
  }
}
