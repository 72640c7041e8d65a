import { readFile, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { APIError, createClient } from "@picterra/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { downloadResultToFeatureCollection, downloadVectorLayerToFile } from "../src/index";
import { API_KEY, API_PATH, BASE_URL, type Storage, listDir, startStorage, useTempDir } from "./helpers";
import { api, useNockApi } from "./nock-api";

// Core fetches these small GeoJSON parts with fetch, which nock passes through to the local storage server.

const client = createClient({ apiKey: API_KEY, baseUrl: BASE_URL });
const nockApi = useNockApi();

type Route = (res: ServerResponse) => unknown;
const routes = new Map<string, Route>();
let storage: Storage;
const tmp = useTempDir();

beforeAll(async () => {
  storage = await startStorage(async (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    const route = routes.get(path);
    if (route) await route(res);
    else res.writeHead(404).end("no such object");
  });
});
afterAll(() => storage.close());

beforeEach(() => {
  storage.requests.length = 0;
  routes.clear();
});

function expectNoKeyAtStorage() {
  expect(storage.requests.length).toBeGreaterThan(0);
  for (const r of storage.requests) expect(r.headers["x-api-key"]).toBeUndefined();
}

describe("downloadResultToFeatureCollection", () => {
  it("writes one FeatureCollection with a Feature per class", async () => {
    const trees = {
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
    };
    const cars = {
      type: "MultiPolygon",
      coordinates: [
        [
          [
            [2, 2],
            [3, 2],
            [3, 3],
            [2, 2],
          ],
        ],
      ],
    };
    routes.set("/class/trees", (res) => res.writeHead(200).end(JSON.stringify(trees)));
    routes.set("/class/cars", (res) => res.writeHead(200).end(JSON.stringify(cars)));
    const scope = api()
      .get(`${API_PATH}/operations/op1/`)
      .reply(200, {
        type: "detector_run",
        status: "success",
        results: {
          url: `${storage.url}/all`,
          by_class: [
            { class: { name: "trees" }, result: { url: `${storage.url}/class/trees?s=1` } },
            { class: { name: "cars" }, result: { url: `${storage.url}/class/cars?s=2` } },
          ],
        },
      });
    const target = join(tmp.dir, "result.geojson");
    await downloadResultToFeatureCollection(client, "op1", target);
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
    expect(storage.requests.map((r) => r.url)).toEqual(["/class/trees?s=1", "/class/cars?s=2"]);
    expectNoKeyAtStorage();
    expect(JSON.parse(await readFile(target, "utf8"))).toEqual({
      type: "FeatureCollection",
      features: [
        { type: "Feature", geometry: trees, properties: { class_name: "trees" } },
        { type: "Feature", geometry: cars, properties: { class_name: "cars" } },
      ],
    });
    expect(await listDir(tmp.dir)).toEqual(["result.geojson"]);
  });

  it("keeps an existing file when a class result cannot be fetched", async () => {
    routes.set("/class/trees", (res) => res.writeHead(500).end("boom"));
    api()
      .get(`${API_PATH}/operations/op1/`)
      .reply(200, {
        type: "detector_run",
        status: "success",
        results: {
          by_class: [{ class: { name: "trees" }, result: { url: `${storage.url}/class/trees?s=1` } }],
        },
      });
    const target = join(tmp.dir, "result.geojson");
    await writeFile(target, "old content");
    const error = await downloadResultToFeatureCollection(client, "op1", target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(tmp.dir)).toEqual(["result.geojson"]);
  });
});

describe("downloadVectorLayerToFile", () => {
  it("runs Picterra's download operation and streams its file, as it is, to the target", async () => {
    // The file as storage sends it: kept byte for byte (its formatting too), never parsed and rewritten.
    const file =
      '{"type":"FeatureCollection",\n "features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}';
    routes.set("/vl/1", (res) => res.writeHead(200, { "content-length": Buffer.byteLength(file) }).end(file));
    const scope = api()
      .post(`${API_PATH}/vector_layers/vl1/download/`)
      .reply(201, { operation_id: "d1", poll_interval: 0.001 })
      .get(`${API_PATH}/operations/d1/`)
      .reply(200, { type: "vector_layer_download", status: "running" })
      .get(`${API_PATH}/operations/d1/`)
      .reply(200, {
        type: "vector_layer_download",
        status: "success",
        results: { download_url: `${storage.url}/vl/1?s=1`, expiration: "2021-11-03T10:55:16.000000Z" },
      });
    const target = join(tmp.dir, "layer.geojson");
    const polls: string[] = [];
    await downloadVectorLayerToFile(client, "vl1", target, { onPoll: (o) => polls.push(o.status) });
    expect(scope.isDone()).toBe(true);
    expect(nockApi.unmatched).toEqual([]);
    expect(polls).toEqual(["running", "success"]);
    expect(storage.requests.map((r) => r.url)).toEqual(["/vl/1?s=1"]);
    expectNoKeyAtStorage();
    expect(await readFile(target, "utf8")).toBe(file);
    expect(await listDir(tmp.dir)).toEqual(["layer.geojson"]);
  });
});
