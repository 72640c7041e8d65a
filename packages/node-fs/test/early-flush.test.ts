import type * as Fs from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "@picterra/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { EARLY_FLUSH_BYTES } from "../src/get";
import { downloadRasterToFile } from "../src/index";
import { API_KEY, listDir, useTestBed } from "./helpers";

// A large download asks the kernel to write what it has received so far while more arrives (fdatasync in the
// background every EARLY_FLUSH_BYTES), so that the final fsync waits for less. node:fs's fdatasync and fsync
// are watched to see the order of the calls.

const calls: string[] = [];
let failDataSync = false;
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  return {
    ...actual,
    fdatasync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      calls.push("fdatasync");
      if (failDataSync)
        setImmediate(() => callback(Object.assign(new Error("EIO: i/o error"), { code: "EIO" })));
      else actual.fdatasync(fd, callback);
    },
    fsync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      calls.push("fsync");
      actual.fsync(fd, callback);
    },
  };
});

/** Deterministic bytes, cheap to make in bulk: zeros with every 4 KiB stamped with its index. */
function body(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += 4096) out.writeUInt32BE((at / 4096) >>> 0, at);
  return out;
}

const LARGE = body(2 * EARLY_FLUSH_BYTES + 5 * 1024 * 1024);
const SMALL = body(EARLY_FLUSH_BYTES - 1);
const bed = useTestBed(
  (req, res) => {
    const bytes = req.url?.startsWith("/small") ? SMALL : LARGE;
    res.writeHead(200, { "content-length": String(bytes.length) }).end(bytes);
  },
  { keepBodies: false },
);
beforeEach(() => {
  calls.length = 0;
  failDataSync = false;
});

async function download(path: string, target: string): Promise<void> {
  bed.api.reply("GET /rasters/r1/download/", 200, {
    download_url: `${bed.storage.url}${path}?X-Amz-Signature=s`,
  });
  await downloadRasterToFile(createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl }), "r1", target);
}

describe("early flushes of a large download", () => {
  it("flushes in the background while bytes arrive, then fsyncs once at the end; the file is whole", async () => {
    const target = join(bed.dir, "big.tif");
    await download("/large", target);
    const early = calls.filter((c) => c === "fdatasync").length;
    expect(early).toBeGreaterThanOrEqual(1);
    expect(early).toBeLessThanOrEqual(2);
    // Every early flush comes before the file's fsync (the folder's fsync follows it).
    expect(calls.indexOf("fsync")).toBe(early);
    expect((await readFile(target)).equals(LARGE)).toBe(true);
  });

  it("a download under EARLY_FLUSH_BYTES has no early flush", async () => {
    await download("/small", join(bed.dir, "small.tif"));
    expect(calls.filter((c) => c === "fdatasync")).toEqual([]);
    expect(calls[0]).toBe("fsync");
  });

  it("an early flush that fails leaves the verdict to the final fsync: the download completes", async () => {
    failDataSync = true;
    const target = join(bed.dir, "big.tif");
    await download("/large", target);
    expect(calls.filter((c) => c === "fdatasync").length).toBeGreaterThanOrEqual(1);
    expect((await readFile(target)).equals(LARGE)).toBe(true);
    expect(await listDir(bed.dir)).toEqual(["big.tif"]);
  });
});
