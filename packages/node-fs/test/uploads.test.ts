import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APIError, type Progress, UploadError, ValidationError, createClient } from "@picterra/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  fileUploader,
  importRasterFromRemoteSource,
  setRasterDetectionAreasFromFile,
  uploadRaster,
  uploadVectorLayer,
} from "../src/index";
import {
  API_KEY,
  API_PATH,
  BASE_URL,
  type Storage,
  checkProgress,
  patternBytes,
  startStorage,
  useTempDir,
} from "./helpers";
import { api, useNockApi } from "./nock-api";

const client = createClient({ apiKey: API_KEY, baseUrl: BASE_URL });
const nockApi = useNockApi();
const success = (extra: object = {}) => ({ type: "upload", status: "success", ...extra });

const polygonAreas = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: {},
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [8.5, 47.3],
            [8.6, 47.3],
            [8.6, 47.4],
            [8.5, 47.3],
          ],
        ],
      },
    },
  ],
};

let storage: Storage;
let status = 200;
const tmp = useTempDir();

beforeAll(async () => {
  storage = await startStorage((_req, res) => {
    res
      .writeHead(status, { "content-type": "text/plain" })
      .end(status === 200 ? "" : "<Error>Denied</Error>");
  });
});
afterAll(() => storage.close());

beforeEach(() => {
  storage.requests.length = 0;
  status = 200;
});

function expectOnePut(path: string, bytes: Buffer) {
  expect(storage.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`PUT ${path}`]);
  const put = storage.requests[0]!;
  expect(put.headers["x-api-key"]).toBeUndefined();
  expect(put.headers["content-length"]).toBe(String(bytes.length));
  expect(put.body.equals(bytes)).toBe(true);
}

describe("uploadRaster", () => {
  it("creates, PUTs the file byte for byte without the key, commits, waits, and returns the raster id", async () => {
    const bytes = patternBytes(3 * 1024 * 1024 + 17);
    const file = join(tmp.dir, "site.tif");
    await writeFile(file, bytes);
    const scope = api()
      .post(`${API_PATH}/rasters/upload/file/`, {
        name: "site",
        multispectral: true,
        folder_id: "f1",
        captured_at: "2020-01-01T12:34:56.789Z",
        identity_key: "ik",
        cloud_coverage: 12,
        user_tag: "tag",
      })
      .reply(201, { upload_url: `${storage.url}/rasters/r1?X-Signature=secret`, raster_id: "r1" })
      .post(`${API_PATH}/rasters/r1/commit/`)
      .reply(201, { operation_id: "op1", poll_interval: 0 })
      .get(`${API_PATH}/operations/op1/`)
      .reply(200, { type: "upload", status: "running" })
      .get(`${API_PATH}/operations/op1/`)
      .reply(200, success({ metadata: { raster_id: "r1" } }));
    const events: Progress[] = [];
    const id = await uploadRaster(client, file, "site", {
      folderId: "f1",
      capturedAt: "2020-01-01T12:34:56.789Z",
      identityKey: "ik",
      multispectral: true,
      cloudCoverage: 12,
      userTag: "tag",
      onProgress: (p) => events.push(p),
    });
    expect(id).toBe("r1");
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
    expectOnePut("/rasters/r1?X-Signature=secret", bytes);
    expect(events[0]).toEqual({ loaded: 0, total: bytes.length });
    expect(events.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });
  });

  it("fails with an UploadError naming the raster on a non-2xx storage answer, deletes it, and does not commit", async () => {
    status = 403;
    const file = join(tmp.dir, "site.tif");
    await writeFile(file, patternBytes(1000));
    const scope = api()
      .post(`${API_PATH}/rasters/upload/file/`, { name: "site", multispectral: true })
      .reply(201, { upload_url: `${storage.url}/rasters/r1?X-Signature=secret`, raster_id: "r1" })
      .delete(`${API_PATH}/rasters/r1/`)
      .reply(204);
    const error = await uploadRaster(client, file, "site").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ what: "raster", id: "r1", step: "transfer", removed: true });
    const cause = (error as UploadError).cause as APIError;
    expect(cause).toBeInstanceOf(APIError);
    expect(cause.status).toBe(403);
    expect(cause.method).toBe("PUT");
    expect(cause.url).toBe(`${storage.url}/rasters/r1?…`);
    expect(cause.body).toBe("<Error>Denied</Error>");
    expect(cause.message).toBe(
      `PUT ${storage.url}/rasters/r1?… failed with status 403: <Error>Denied</Error>`,
    );
    expect((error as Error).message).not.toContain("secret");
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
  });

  it("rejects with the signal's reason when aborted during the PUT, and deletes the raster", async () => {
    const file = join(tmp.dir, "big.tif");
    await writeFile(file, patternBytes(8 * 1024 * 1024));
    const scope = api()
      .post(`${API_PATH}/rasters/upload/file/`)
      .reply(201, { upload_url: `${storage.url}/rasters/r1?sig=s`, raster_id: "r1" })
      .delete(`${API_PATH}/rasters/r1/`)
      .reply(204);
    const controller = new AbortController();
    const reason = new Error("stop now");
    storage.onData = (bytes) => {
      if (bytes >= 1024 * 1024) controller.abort(reason);
    };
    const error = await uploadRaster(client, file, "big", { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    storage.onData = undefined;
    expect(error).toBe(reason);
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
  });
});

describe("setRasterDetectionAreasFromFile", () => {
  it("uploads the GeoJSON file as it is and commits", async () => {
    const text = `${JSON.stringify(polygonAreas, null, 2)}\n`;
    const file = join(tmp.dir, "areas.geojson");
    await writeFile(file, text);
    const scope = api()
      .post(`${API_PATH}/rasters/r1/detection_areas/upload/file/`)
      .reply(201, { upload_url: `${storage.url}/areas/u1?sig=s`, upload_id: "u1" })
      .post(`${API_PATH}/rasters/r1/detection_areas/upload/u1/commit/`)
      .reply(201, { operation_id: "op2", poll_interval: 0 })
      .get(`${API_PATH}/operations/op2/`)
      .reply(200, success());
    await expect(setRasterDetectionAreasFromFile(client, "r1", file)).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
    expectOnePut("/areas/u1?sig=s", Buffer.from(text));
  });
});

describe("importRasterFromRemoteSource", () => {
  it("uploads the AOI file, commits with the source, and returns metadata.raster_id", async () => {
    const text = JSON.stringify(polygonAreas);
    const file = join(tmp.dir, "aoi.geojson");
    await writeFile(file, text);
    const scope = api()
      .post(`${API_PATH}/rasters/import/`)
      .reply(201, { upload_url: `${storage.url}/aoi/u2?sig=s`, upload_id: "u2" })
      .post(`${API_PATH}/rasters/import/u2/commit/`, {
        method: "streaming",
        source_id: "src1",
        folder_id: "f1",
        name: "imported",
      })
      .reply(201, { operation_id: "op3", poll_interval: 0 })
      .get(`${API_PATH}/operations/op3/`)
      .reply(200, success({ metadata: { raster_id: "r9" } }));
    await expect(importRasterFromRemoteSource(client, "imported", "f1", "src1", file)).resolves.toBe("r9");
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
    expectOnePut("/aoi/u2?sig=s", Buffer.from(text));
  });
});

describe("uploadVectorLayer", () => {
  it("uploads any FeatureCollection file, commits with name and color, and returns the layer id", async () => {
    const layer = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { n: 1 }, geometry: { type: "Point", coordinates: [8.5, 47.3] } },
      ],
    };
    const text = JSON.stringify(layer);
    const file = join(tmp.dir, "layer.geojson");
    await writeFile(file, text);
    const scope = api()
      .post(`${API_PATH}/vector_layers/r1/upload/`)
      .reply(201, { upload_url: `${storage.url}/layers/u3?sig=s`, upload_id: "u3" })
      .post(`${API_PATH}/vector_layers/r1/upload/u3/commit/`, { name: "trees", color: "#aabbcc" })
      .reply(201, { operation_id: "op4", poll_interval: 0 })
      .get(`${API_PATH}/operations/op4/`)
      .reply(200, success({ results: { vector_layer_id: "vl1" } }));
    await expect(uploadVectorLayer(client, "r1", file, { name: "trees", color: "#aabbcc" })).resolves.toBe(
      "vl1",
    );
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
    expectOnePut("/layers/u3?sig=s", Buffer.from(text));
  });
});

describe("fileUploader", () => {
  it("is core's Uploader seam for a path: size known, PUT streamed without the key", async () => {
    const bytes = patternBytes(200_000, 5);
    const file = join(tmp.dir, "any.bin");
    await writeFile(file, bytes);
    const uploader = await fileUploader(file);
    expect(uploader.size).toBe(bytes.length);
    const events: Progress[] = [];
    await uploader.put(`${storage.url}/direct?sig=s`, { onProgress: (p) => events.push(p) });
    expectOnePut("/direct?sig=s", bytes);
    expect(checkProgress(events, bytes.length)).toBeNull();
  });

  it("checks the file first", async () => {
    const missing = join(tmp.dir, "missing.bin");
    const error = await fileUploader(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(`filename '${missing}' does not exist`);
  });
});
