import { open } from "node:fs/promises";
import { join } from "node:path";
import { type Progress, createClient } from "@picterra/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadRaster } from "../src/index";
import {
  API_KEY,
  API_PATH,
  type FakeApi,
  type Storage,
  checkProgress,
  patternBytes,
  sha256File,
  startFakeApi,
  startStorage,
  tempDir,
} from "./helpers";

// No nock in this file: its node:http interception buffers whole request bodies in memory.

const SIZE = 512 * 1024 * 1024;
const MiB = 1024 * 1024;
let storage: Storage;
let api: FakeApi;
let dir: string;
let cleanup: () => Promise<void>;
let path: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, "large.tif");
  // Sparse: 512 MiB of holes costs no disk. A few written blocks make the content order-sensitive.
  const file = await open(path, "w");
  await file.truncate(SIZE);
  for (const at of [0, 1, 64, 100, 256, 511.5])
    await file.write(patternBytes(4096, at + 1), 0, 4096, at * MiB);
  await file.close();
  storage = await startStorage((_req, res) => res.writeHead(200).end(), { keepBodies: false });
  api = await startFakeApi();
  api.reply("POST /rasters/upload/file/", 201, {
    upload_url: `${storage.url}/upload/r1?signature=secret`,
    raster_id: "r1",
  });
  api.reply("POST /rasters/r1/commit/", 201, { operation_id: "op1", poll_interval: 0 });
  api.reply("GET /operations/op1/", 200, { type: "raster_upload", status: "success" });
});
afterAll(async () => {
  await storage.close();
  await api.close();
  await cleanup();
});

describe("uploadRaster of a 512 MiB file", () => {
  it("streams it byte for byte, with bounded memory and monotonic progress", async () => {
    const expected = await sha256File(path);
    global.gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    const events: Progress[] = [];
    const client = createClient({ apiKey: API_KEY, baseUrl: api.baseUrl });
    let id: string;
    try {
      id = await uploadRaster(client, path, "large", { onProgress: (p) => events.push(p) });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage.rss());

    expect(id).toBe("r1");
    expect(api.calls.map((c) => `${c.method} ${c.path} key=${c.key}`)).toEqual([
      `POST ${API_PATH}/rasters/upload/file/ key=true`,
      `POST ${API_PATH}/rasters/r1/commit/ key=true`,
      `GET ${API_PATH}/operations/op1/ key=true`,
    ]);
    expect(api.calls[0]?.body).toEqual({ name: "large", multispectral: true });
    expect(storage.requests).toHaveLength(1);
    const put = storage.requests[0]!;
    expect(put.method).toBe("PUT");
    expect(put.url).toBe("/upload/r1?signature=secret");
    expect(put.headers["x-api-key"]).toBeUndefined();
    expect(put.headers["content-length"]).toBe(String(SIZE));
    expect(put.bytes).toBe(SIZE);
    expect(put.sha256).toBe(expected);
    expect(checkProgress(events, SIZE)).toBeNull();
    const growthMiB = (peak - before) / MiB;
    expect(growthMiB).toBeLessThan(128);
  }, 60_000);
});
