import { open, writeFile } from "node:fs/promises";
import { inspect } from "node:util";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { APIError, InvalidResponseError, ValidationError, createClient } from "@picterra/core";
import { type RetryInfo, retryingFetch } from "@picterra/retry";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_GEOJSON_FILE_BYTES } from "../src/input";
import {
  createPlotsGroup,
  downloadRasterToFile,
  fileUploader,
  importRasterFromRemoteSource,
  setRasterDetectionAreasFromFile,
  uploadVectorLayer,
} from "../src/index";
import { API_KEY, listDir, useTestBed } from "./helpers";

// What node-fs builds itself (storage answers, network errors, file checks) keeps the promises core makes:
// no key in any error, GeoJSON files refused before any request when not WGS 84 degrees.

type Route = (req: IncomingMessage, res: ServerResponse) => unknown;
const routes = new Map<string, Route>();
const bed = useTestBed(async (req, res) => {
  const route = routes.get(decodeURIComponent((req.url ?? "").split("?")[0]!));
  if (route) await route(req, res);
  else res.writeHead(404).end("no such object");
});
beforeEach(() => routes.clear());
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl, ...options });

function printed(error: unknown): string {
  return [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 8 })].join(
    "\n",
  );
}

describe("a storage that echoes the API key", () => {
  it("a download: the key in the URL's path and in the answer reads [redacted]", async () => {
    routes.set(`/${API_KEY}/obj`, (_req, res) => res.writeHead(403).end(`denied for ${API_KEY}`));
    bed.api.reply("GET /rasters/r1/download/", 200, {
      download_url: `${bed.storage.url}/${API_KEY}/obj?sig=1`,
    });
    const error = await downloadRasterToFile(client(), "r1", join(bed.dir, "out.tif")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).body).toBe("denied for [redacted]");
    expect((error as APIError).url).toBe(`${bed.storage.url}/[redacted]/obj?…`);
    expect(printed(error)).not.toContain(API_KEY);
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("an upload, retried: onRetry and the final error never see the key", async () => {
    routes.set(`/${API_KEY}/in`, (_req, res) => res.writeHead(503).end(`busy, ${API_KEY}`));
    const file = join(bed.dir, "in.tif");
    await writeFile(file, "bytes");
    const seen: RetryInfo[] = [];
    const storageFetch = retryingFetch({
      maxRetries: 1,
      backoffFactorMs: 1,
      onRetry: (info) => void seen.push(info),
    });
    const uploader = await fileUploader(file, client({ storageFetch }));
    const error = await uploader.put(`${bed.storage.url}/${API_KEY}/in?sig=1`, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).attempts).toBe(2);
    expect(seen).toHaveLength(1);
    expect(printed(error) + JSON.stringify(seen)).not.toContain(API_KEY);
  });

  it("a redirect to a Location that is not a URL: an InvalidResponseError, not a TypeError", async () => {
    routes.set("/obj", (_req, res) => res.writeHead(302, { location: "http://[::1" }).end());
    bed.api.reply("GET /rasters/r1/download/", 200, { download_url: `${bed.storage.url}/obj` });
    const error = await downloadRasterToFile(client(), "r1", join(bed.dir, "out.tif")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
  });
});

const lv95 = {
  type: "FeatureCollection",
  crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::2056" } },
  features: [
    {
      type: "Feature",
      properties: { plot_id: "farm-7" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [2600000, 1200000],
            [2600100, 1200000],
            [2600100, 1200100],
            [2600000, 1200000],
          ],
        ],
      },
    },
  ],
};
const { crs: _, ...lv95WithoutCrs } = lv95;

describe("GeoJSON files that are not WGS 84 degrees are refused before any request", () => {
  it.each([
    [
      "setRasterDetectionAreasFromFile",
      (path: string) => setRasterDetectionAreasFromFile(client(), "r1", path),
    ],
    [
      "importRasterFromRemoteSource",
      (path: string) => importRasterFromRemoteSource(client(), "n", "f1", "s1", path),
    ],
    ["uploadVectorLayer", (path: string) => uploadVectorLayer(client(), "r1", path)],
    [
      "createPlotsGroup (Tracer)",
      (path: string) => createPlotsGroup(client() as never, "group", "m1", [path]),
    ],
  ])("%s: a file in Swiss LV95 (crs EPSG:2056), and the same without its crs", async (_, call) => {
    const path = join(bed.dir, "plots.geojson");
    await writeFile(path, JSON.stringify(lv95));
    const error = await call(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(
      `'${path}': geojson has a crs member naming 'urn:ogc:def:crs:EPSG::2056'`,
    );
    await writeFile(path, JSON.stringify(lv95WithoutCrs));
    const bare = await call(path).catch((e: unknown) => e);
    expect(bare).toBeInstanceOf(ValidationError);
    expect((bare as Error).message).toContain(`'${path}': geojson.features[0]`);
    expect((bare as Error).message).toContain(
      ".geometry.coordinates[0][0] is [2600000,1200000], outside longitude",
    );
    expect(bed.api.calls).toEqual([]);
    expect(bed.storage.requests).toEqual([]);
  });

  it("a plots file names the feature by its plot_id", async () => {
    const path = join(bed.dir, "plots.geojson");
    await writeFile(path, JSON.stringify(lv95WithoutCrs));
    const error = await createPlotsGroup(client() as never, "g", "m1", [path]).catch((e: unknown) => e);
    expect((error as Error).message).toContain("geojson.features[0] (plot_id 'farm-7')");
  });

  it(`a GeoJSON file over ${MAX_GEOJSON_FILE_BYTES} bytes is refused without being read`, async () => {
    const path = join(bed.dir, "huge.geojson");
    const handle = await open(path, "w");
    await handle.truncate(MAX_GEOJSON_FILE_BYTES + 1);
    await handle.close();
    const error = await setRasterDetectionAreasFromFile(client(), "r1", path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("are not read to be checked");
    expect(bed.api.calls).toEqual([]);
  });

  it("a file whose JSON error quotes control characters shows them escaped", async () => {
    const path = join(bed.dir, "bad.geojson");
    await writeFile(path, "\u001b[2J not json");
    const error = await uploadVectorLayer(client(), "r1", path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).not.toContain("\u001b");
  });
});
