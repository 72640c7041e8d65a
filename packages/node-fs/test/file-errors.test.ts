import type * as Fs from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { PicterraError, createClient } from "@picterra/core";
import { retryingFetch } from "@picterra/retry";
import { afterEach, describe, expect, it, vi } from "vitest";
import { downloadRasterToFile } from "../src/index";
import { API_KEY, listDir, patternBytes, useTestBed } from "./helpers";

// The disk failing under a download: the error names the file, nothing is retried, nothing is left behind.
// Disks cannot be made to fail on cue, so node:fs's fsync and write stream are made to, when asked.

const failures: { fsync?: NodeJS.ErrnoException; write?: NodeJS.ErrnoException } = {};
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  return {
    ...actual,
    fsync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      if (failures.fsync) setImmediate(() => callback(failures.fsync ?? null));
      else actual.fsync(fd, callback);
    },
    createWriteStream: (...args: Parameters<typeof actual.createWriteStream>) => {
      const error = failures.write;
      if (!error) return actual.createWriteStream(...args);
      let calls = 0;
      // Takes the first chunk, then the disk is full.
      return Object.assign(
        new Writable({
          write(_chunk, _encoding, callback) {
            callback(calls++ === 0 ? null : error);
          },
        }),
        { bytesWritten: 0 },
      );
    },
  };
});

const RASTER = patternBytes(3 * 1024 * 1024, 8);
const bed = useTestBed((_req, res) => {
  res.writeHead(200, { "content-length": String(RASTER.length), "accept-ranges": "bytes" }).end(RASTER);
});
afterEach(() => {
  failures.fsync = undefined;
  failures.write = undefined;
});

function download(target: string) {
  bed.api.reply("GET /rasters/r1/download/", 200, {
    download_url: `${bed.storage.url}/r?X-Amz-Signature=s3cr3t-sig`,
  });
  const client = createClient({
    apiKey: API_KEY,
    baseUrl: bed.api.baseUrl,
    storageFetch: retryingFetch({ backoffFactorMs: 0 }),
  });
  return downloadRasterToFile(client, "r1", target).catch((e: unknown) => e);
}

const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

describe("disk errors during a download", () => {
  it("a write that fails (disk full) is a PicterraError naming the temporary file, not retried", async () => {
    failures.write = errno("ENOSPC", "no space left on device, write");
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old content");
    const error = await download(target);
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^cannot write ${bed.dir}/\\.out\\.tif\\.[0-9a-f]{12}\\.part: ENOSPC: no space left on device`,
      ),
    );
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ENOSPC");
    expect(bed.storage.requests).toHaveLength(1);
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });

  it("an fsync that fails is a PicterraError naming the file, and the old file stays", async () => {
    failures.fsync = errno("EIO", "i/o error, fsync");
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old content");
    const error = await download(target);
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toMatch(/^cannot flush .*\.part to disk: EIO: i\/o error, fsync$/);
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });
});
