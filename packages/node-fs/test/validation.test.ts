import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { ValidationError, createClient } from "@picterra/core";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  downloadOperationResultsToFile,
  downloadRasterToFile,
  downloadResultToFeatureCollection,
  downloadResultToFile,
  downloadVectorLayerToFile,
  importRasterFromRemoteSource,
  setRasterDetectionAreasFromFile,
  uploadRaster,
  uploadVectorLayer,
} from "../src/index";
import { API_KEY, BASE_URL, tempDir } from "./helpers";

const client = createClient({ apiKey: API_KEY, baseUrl: BASE_URL });

let dir: string;
let cleanup: () => Promise<void>;
let attempts: string[] = [];
const onNoMatch = (req: { method?: string; href?: string; url?: string }) =>
  attempts.push(`${req.method} ${req.href ?? req.url}`);

beforeAll(() => {
  // downloadResultToFile's deprecation warning is tested elsewhere; keep the output clean here
  vi.spyOn(process, "emitWarning").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  attempts = [];
  // no interceptors and no network: any request at all would be recorded (and fail)
  nock.disableNetConnect();
  nock.emitter.on("no match", onNoMatch);
});
afterEach(async () => {
  nock.emitter.removeListener("no match", onNoMatch);
  nock.enableNetConnect();
  await cleanup();
});

async function expectValidationError(call: Promise<unknown>, message: string) {
  const error = await call.then(
    () => new Error("resolved, but a ValidationError was expected"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toBe(message);
  expect(attempts).toEqual([]);
}

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("valid JSON");
}

const collection = (geometry: object) =>
  JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry }] });
const square = {
  type: "Polygon",
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
  ],
};

describe("uploadRaster", () => {
  it("rejects a missing file", async () => {
    const path = join(dir, "missing.tif");
    await expectValidationError(uploadRaster(client, path, "r"), `filename '${path}' does not exist`);
  });

  it("rejects a directory", async () => {
    await expectValidationError(
      uploadRaster(client, dir, "r"),
      `filename '${dir}' is a directory, not a file`,
    );
  });

  it("rejects an empty file", async () => {
    const path = await file("empty.tif", "");
    await expectValidationError(
      uploadRaster(client, path, "r"),
      `filename '${path}' is empty (0 bytes): not a raster`,
    );
  });

  it("rejects a filename that is not a non-empty string", async () => {
    await expectValidationError(uploadRaster(client, "", "r"), `filename must be a non-empty path, got ""`);
    await expectValidationError(
      uploadRaster(client, 42 as unknown as string, "r"),
      "filename must be a non-empty path, got 42",
    );
  });

  it("rejects bad options through core's checks, before any request", async () => {
    const path = await file("ok.tif", "bytes");
    await expectValidationError(
      uploadRaster(client, path, "r", { cloudCoverage: 150 }),
      "cloudCoverage must be an integer between 0 and 100, got 150",
    );
  });
});

describe("setRasterDetectionAreasFromFile", () => {
  it("rejects a missing file", async () => {
    const path = join(dir, "nope.geojson");
    await expectValidationError(
      setRasterDetectionAreasFromFile(client, "r1", path),
      `filename '${path}' does not exist`,
    );
  });

  it("rejects a file that is not JSON", async () => {
    const text = '{"type": "FeatureCollection", ';
    const path = await file("broken.geojson", text);
    await expectValidationError(
      setRasterDetectionAreasFromFile(client, "r1", path),
      `filename '${path}' is not valid JSON: ${jsonErrorOf(text)}`,
    );
  });

  it("rejects a geometry that is not a Polygon or MultiPolygon", async () => {
    const path = await file("points.geojson", collection({ type: "Point", coordinates: [0, 0] }));
    await expectValidationError(
      setRasterDetectionAreasFromFile(client, "r1", path),
      `filename '${path}': geojson.features[0].geometry is a 'Point'; expected Polygon or MultiPolygon`,
    );
  });

  it("rejects GeoJSON that is not a FeatureCollection", async () => {
    const path = await file("polygon.geojson", JSON.stringify(square));
    await expectValidationError(
      setRasterDetectionAreasFromFile(client, "r1", path),
      `filename '${path}': geojson must be a GeoJSON FeatureCollection, got type 'Polygon'`,
    );
  });
});

describe("importRasterFromRemoteSource", () => {
  it("rejects an AOI with a LineString", async () => {
    const path = await file("aoi.geojson", collection({ type: "LineString", coordinates: [[0, 0]] }));
    await expectValidationError(
      importRasterFromRemoteSource(client, "name", "f1", "s1", path),
      `aoiFilename '${path}': geojson.features[0].geometry is a 'LineString'; expected Polygon or MultiPolygon`,
    );
  });

  it("rejects a directory as the AOI", async () => {
    await expectValidationError(
      importRasterFromRemoteSource(client, "name", "f1", "s1", dir),
      `aoiFilename '${dir}' is a directory, not a file`,
    );
  });
});

describe("uploadVectorLayer", () => {
  it("rejects a file that is not JSON, quoting none of its text (the parser's excerpt is cut)", async () => {
    const text = "not json";
    const path = await file("layer.geojson", text);
    await expectValidationError(
      uploadVectorLayer(client, "r1", path),
      `filename '${path}' is not valid JSON: Unexpected token 'o', … is not valid JSON`,
    );
  });

  it("a key file given by mistake: no part of the key in the error", async () => {
    const key = "k3y-0123456789abcdef";
    const path = await file("picterra.key", `${key}\n`);
    const error = await uploadVectorLayer(client, "r1", path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(inspect(error, { depth: 5 })).not.toContain(key.slice(1, 8));
  });

  it("rejects a Feature that is not in a FeatureCollection", async () => {
    const path = await file(
      "feature.geojson",
      JSON.stringify({ type: "Feature", properties: {}, geometry: square }),
    );
    await expectValidationError(
      uploadVectorLayer(client, "r1", path),
      `filename '${path}': geojson must be a GeoJSON FeatureCollection, got type 'Feature'`,
    );
  });

  it("rejects a bad color through core's checks, before any request", async () => {
    const path = await file("layer.geojson", collection(square));
    await expectValidationError(
      uploadVectorLayer(client, "r1", path, { color: "red" }),
      "color must be an HTML hex color like '#aabbcc', got 'red'",
    );
  });
});

const downloads: [string, (filename: string) => Promise<void>][] = [
  ["downloadRasterToFile", (f) => downloadRasterToFile(client, "r1", f)],
  ["downloadResultToFeatureCollection", (f) => downloadResultToFeatureCollection(client, "op1", f)],
  ["downloadResultToFile", (f) => downloadResultToFile(client, "op1", f)],
  ["downloadOperationResultsToFile", (f) => downloadOperationResultsToFile(client, "op1", f)],
  ["downloadVectorLayerToFile", (f) => downloadVectorLayerToFile(client, "vl1", f)],
];

describe.each(downloads)("%s", (_name, download) => {
  it("rejects a target whose directory does not exist", async () => {
    const target = join(dir, "missing", "out.bin");
    await expectValidationError(
      download(target),
      `the directory of filename '${target}' does not exist: ${join(dir, "missing")}`,
    );
  });

  it("rejects a target that is an existing directory", async () => {
    const target = join(dir, "sub");
    await mkdir(target);
    await expectValidationError(download(target), `filename '${target}' is a directory, not a file`);
  });

  it("rejects a target whose parent is a file", async () => {
    const parent = await file("plain.txt", "x");
    const target = join(parent, "out.bin");
    await expectValidationError(
      download(target),
      `the directory of filename '${target}' is not a directory: ${parent}`,
    );
  });

  it.skipIf(process.platform === "win32")(
    "rejects a target that is a device, which the rename would replace",
    async () => {
      await expectValidationError(
        download("/dev/null"),
        "filename '/dev/null' exists and is not a regular file",
      );
    },
  );

  it("rejects an empty filename", async () => {
    await expectValidationError(download(""), `filename must be a non-empty path, got ""`);
  });
});

describe("ids are checked by core before any request", () => {
  it("rejects a raster id that would change the URL", async () => {
    await expectValidationError(
      downloadRasterToFile(client, "../x", join(dir, "out.tif")),
      "rasterId must be a non-empty id (letters, digits, '-', '_', '.'), got '../x'",
    );
  });
});
