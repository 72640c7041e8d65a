import { lstat, readFile, stat, symlink, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { APIError, NetworkError, PicterraError, type Progress, createClient } from "@picterra/core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { downloadOperationResultsToFile, downloadRasterToFile } from "../src/index";
import {
  type ApiCall,
  API_KEY,
  API_PATH,
  checkProgress,
  listDir,
  partFileSize,
  patternBytes,
  useTestBed,
  waitFor,
} from "./helpers";

// No nock in this file: it would intercept node:http too (see startFakeApi); the API is a recording fake.

const RASTER = patternBytes(5 * 1024 * 1024 + 3, 7);
const RESULT = Buffer.from(
  JSON.stringify({
    type: "MultiPolygon",
    coordinates: [
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    ],
  }),
);

type Route = (res: ServerResponse) => unknown;
const routes = new Map<string, Route>();
let client: ReturnType<typeof createClient>;

const bed = useTestBed(async (req, res) => {
  const path = (req.url ?? "").split("?")[0]!;
  const route = routes.get(path);
  if (route) await route(res);
  else res.writeHead(404).end("no such object");
});
beforeAll(() => {
  client = createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl });
});
beforeEach(() => {
  routes.clear();
  routes.set("/raster.tif", (res) => res.writeHead(200, { "content-length": RASTER.length }).end(RASTER));
});

function rasterUrl(path = "/raster.tif") {
  return `${bed.storage.url}${path}?X-Signature=secret`;
}

function mockRasterDownload(path = "/raster.tif") {
  bed.api.reply("GET /rasters/r1/download/", 200, { download_url: rasterUrl(path) });
}

const GET_DOWNLOAD_URL: ApiCall = {
  method: "GET",
  path: `${API_PATH}/rasters/r1/download/`,
  body: undefined,
  key: true,
};

function expectNoKeyAtStorage() {
  expect(bed.storage.requests.length).toBeGreaterThan(0);
  for (const r of bed.storage.requests) expect(r.headers["x-api-key"]).toBeUndefined();
}

describe("downloadRasterToFile", () => {
  it("GETs the signed URL without the key and writes the file byte for byte, with progress", async () => {
    mockRasterDownload();
    const target = join(bed.dir, "out.tif");
    const events: Progress[] = [];
    await downloadRasterToFile(client, "r1", target, { onProgress: (p) => events.push(p) });
    expect(bed.api.calls).toEqual([GET_DOWNLOAD_URL]);
    expect(bed.storage.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /raster.tif?X-Signature=secret",
    ]);
    expectNoKeyAtStorage();
    expect((await readFile(target)).equals(RASTER)).toBe(true);
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
    expect(events[0]).toEqual({ loaded: 0, total: RASTER.length });
    expect(events.at(-1)).toEqual({ loaded: RASTER.length, total: RASTER.length });
  });

  it("replaces an existing file and keeps its permissions", async () => {
    mockRasterDownload();
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old", { mode: 0o640 });
    await downloadRasterToFile(client, "r1", target);
    expect((await readFile(target)).equals(RASTER)).toBe(true);
    expect((await stat(target)).mode & 0o777).toBe(0o640);
  });

  it("writes through a symlink, keeping the link", async () => {
    mockRasterDownload();
    const real = join(bed.dir, "real.tif");
    await writeFile(real, "old");
    await symlink(real, join(bed.dir, "link.tif"));
    await downloadRasterToFile(client, "r1", join(bed.dir, "link.tif"));
    expect((await readFile(real)).equals(RASTER)).toBe(true);
    expect((await lstat(join(bed.dir, "link.tif"))).isSymbolicLink()).toBe(true);
    expect(await listDir(bed.dir)).toEqual(["link.tif", "real.tif"]);
  });

  it("reports monotonic progress ending once at total while the body trickles in", async () => {
    // How often progress is reported is the subject of progress.test.ts (fake timers); here, its shape.
    const chunk = patternBytes(64 * 1024, 3);
    const chunks = 8;
    routes.set("/slow.tif", async (res) => {
      res.writeHead(200, { "content-length": chunk.length * chunks });
      for (let i = 1; i <= chunks; i++) {
        res.write(chunk);
        // The next chunk only once the client has written this one.
        if (i < chunks) await waitFor(async () => (await partFileSize(bed.dir)) >= i * chunk.length);
      }
      res.end();
    });
    mockRasterDownload("/slow.tif");
    const events: Progress[] = [];
    await downloadRasterToFile(client, "r1", join(bed.dir, "slow.tif"), {
      onProgress: (p) => events.push(p),
    });
    expect(checkProgress(events, chunk.length * chunks)).toBeNull();
  });

  it("follows redirects without the key", async () => {
    routes.set("/a", (res) => res.writeHead(302, { location: "/b?sig=2" }).end());
    routes.set("/b", (res) => res.writeHead(307, { location: `${bed.storage.url}/raster.tif?sig=3` }).end());
    mockRasterDownload("/a");
    const target = join(bed.dir, "out.tif");
    await downloadRasterToFile(client, "r1", target);
    expect(bed.storage.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /a?X-Signature=secret",
      "GET /b?sig=2",
      "GET /raster.tif?sig=3",
    ]);
    expectNoKeyAtStorage();
    expect((await readFile(target)).equals(RASTER)).toBe(true);
  });

  it("gives up after 5 redirects and writes nothing", async () => {
    routes.set("/loop", (res) => res.writeHead(302, { location: "/loop" }).end());
    mockRasterDownload("/loop");
    const target = join(bed.dir, "out.tif");
    const error = await downloadRasterToFile(client, "r1", target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(`GET ${bed.storage.url}/loop?… was redirected more than 5 times`);
    expect(bed.storage.requests.length).toBe(6);
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("rejects a body cut off mid-way, leaving no file and no temporary file", async () => {
    routes.set("/cut.tif", (res) => {
      res.writeHead(200, { "content-length": RASTER.length });
      res.write(RASTER.subarray(0, RASTER.length / 2), () => res.socket?.destroy());
    });
    mockRasterDownload("/cut.tif");
    const target = join(bed.dir, "out.tif");
    const error = await downloadRasterToFile(client, "r1", target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(new RegExp(`^GET ${bed.storage.url}/cut\\.tif\\?… failed: `));
    expect((error as Error).message).not.toContain("secret");
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("leaves an existing file untouched when the body is cut off", async () => {
    routes.set("/cut.tif", (res) => {
      res.writeHead(200, { "content-length": RASTER.length });
      res.write(RASTER.subarray(0, RASTER.length / 2), () => res.socket?.destroy());
    });
    mockRasterDownload("/cut.tif");
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old content");
    await expect(downloadRasterToFile(client, "r1", target)).rejects.toBeInstanceOf(PicterraError);
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });

  it("turns a non-2xx storage answer into an APIError (body capped at 4 KiB) and keeps the old file", async () => {
    const big = `<Error>${"x".repeat(1024 * 1024)}</Error>`;
    routes.set("/denied.tif", (res) => res.writeHead(403, { "content-type": "application/xml" }).end(big));
    mockRasterDownload("/denied.tif");
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old content");
    const error = await downloadRasterToFile(client, "r1", target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(403);
    expect((error as APIError).method).toBe("GET");
    expect((error as APIError).url).toBe(`${bed.storage.url}/denied.tif?…`);
    expect((error as APIError).body).toBe(big.slice(0, 4096));
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });

  it("aborts mid-download with the signal's reason and leaves nothing behind", async () => {
    let release: () => void = () => {};
    routes.set("/stall.tif", (res) => {
      res.writeHead(200, { "content-length": RASTER.length });
      res.write(RASTER.subarray(0, RASTER.length / 2));
      return new Promise<void>((resolve) => {
        release = () => {
          res.destroy();
          resolve();
        };
      });
    });
    mockRasterDownload("/stall.tif");
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old content");
    const controller = new AbortController();
    const download = downloadRasterToFile(client, "r1", target, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    // the temporary file has bytes: the abort happens mid-body
    await waitFor(async () => (await partFileSize(bed.dir)) > 0);
    const reason = new DOMException("user cancelled", "AbortError");
    controller.abort(reason);
    expect(await download).toBe(reason);
    release();
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });
});

describe("downloadOperationResultsToFile", () => {
  it("writes the content behind results.url byte for byte", async () => {
    routes.set("/results/all.geojson", (res) => res.writeHead(200).end(RESULT));
    bed.api.reply("GET /operations/op1/", 200, {
      type: "detector_run",
      status: "success",
      results: { url: `${bed.storage.url}/results/all.geojson?s=1` },
    });
    const target = join(bed.dir, "results.geojson");
    await downloadOperationResultsToFile(client, "op1", target);
    expect(bed.api.calls).toEqual([
      { method: "GET", path: `${API_PATH}/operations/op1/`, body: undefined, key: true },
    ]);
    expect(bed.storage.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /results/all.geojson?s=1"]);
    expectNoKeyAtStorage();
    expect((await readFile(target)).equals(RESULT)).toBe(true);
    expect(await listDir(bed.dir)).toEqual(["results.geojson"]);
  });
});
