import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "@picterra/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { downloadResultToFile } from "../src/index";
import {
  API_KEY,
  API_PATH,
  type FakeApi,
  type Storage,
  listDir,
  startFakeApi,
  startStorage,
  tempDir,
} from "./helpers";

// Its own file: the warning is once per process (module state), so no other test may call the function first.

const RESULT = '{"type":"MultiPolygon","coordinates":[]}';
let storage: Storage;
let api: FakeApi;

beforeAll(async () => {
  storage = await startStorage((_req, res) => {
    res.writeHead(200, { "content-length": Buffer.byteLength(RESULT) }).end(RESULT);
  });
  api = await startFakeApi();
});
afterAll(async () => {
  await storage.close();
  await api.close();
  vi.restoreAllMocks();
});

describe("downloadResultToFile (deprecated)", () => {
  it("downloads results.url to the file and warns once per process", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const client = createClient({ apiKey: API_KEY, baseUrl: api.baseUrl });
    const { dir, cleanup } = await tempDir();
    const operation = {
      type: "detector_run",
      status: "success",
      results: { url: `${storage.url}/results/all.geojson?sig=s` },
    };
    api.reply("GET /operations/op1/", 200, operation);
    api.reply("GET /operations/op1/", 200, operation);
    await downloadResultToFile(client, "op1", join(dir, "a.geojson"));
    await downloadResultToFile(client, "op1", join(dir, "b.geojson"));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      "downloadResultToFile is deprecated: use downloadResultToFeatureCollection instead",
      "DeprecationWarning",
      "PICTERRA_DOWNLOAD_RESULT_TO_FILE",
    );
    const call = { method: "GET", path: `${API_PATH}/operations/op1/`, body: undefined, key: true };
    expect(api.calls).toEqual([call, call]);
    expect(storage.requests.map((r) => `${r.method} ${r.url} ${r.headers["x-api-key"]}`)).toEqual([
      "GET /results/all.geojson?sig=s undefined",
      "GET /results/all.geojson?sig=s undefined",
    ]);
    expect(await readFile(join(dir, "a.geojson"), "utf8")).toBe(RESULT);
    expect(await readFile(join(dir, "b.geojson"), "utf8")).toBe(RESULT);
    expect(await listDir(dir)).toEqual(["a.geojson", "b.geojson"]);
    await cleanup();
  });
});
