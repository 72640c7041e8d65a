import nock from "nock";
import { describe, expect, it } from "vitest";
import { InvalidResponseError, OperationFailedError, PicterraError, ValidationError } from "../src/index";
import {
  KEY,
  ORIGIN,
  RUNNING,
  STORAGE,
  SUCCESS,
  api,
  expectAPIError,
  newClient,
  opRef,
  p,
  polls,
  rejection,
  storage,
  useNock,
} from "./helpers";

useNock();

const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0x01]);

/** A Polygon's coordinates: one ring at `x`. */
const square = (x: number) => [
  [
    [x, 0],
    [x + 1, 0],
    [x + 1, 1],
    [x, 0],
  ],
];

const multiPolygon = (x: number) => ({ type: "MultiPolygon", coordinates: [square(x)] });

const polygonFeature = (x: number) => ({
  type: "Feature",
  properties: {},
  geometry: { type: "Polygon", coordinates: square(x) },
});

/** The POST that starts a vector layer's download, and the polls of its operation answering `states`. */
function layerDownloadOperation(layerId: string, operationId: string, states: object[]) {
  const scope = api()
    .post(p(`/vector_layers/${layerId}/download/`))
    .reply(201, opRef(operationId));
  return polls(scope, operationId, states);
}

describe("downloadRaster", () => {
  it("GETs the download URL, then the bytes from storage without the key", async () => {
    const scope = api()
      .get(p("/rasters/r1/download/"))
      .reply(200, { download_url: `${STORAGE}/rasters/r1.tif?X-Goog-Signature=s3cr3t` });
    const bytes = storage()
      .get("/rasters/r1.tif")
      .query({ "X-Goog-Signature": "s3cr3t" })
      .reply(200, Buffer.from(BYTES), { "content-type": "image/tiff" });
    const response = await newClient().downloadRaster("r1");
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/tiff");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(BYTES);
    scope.done();
    bytes.done();
  });

  it("a storage 404 is an APIError whose URL has no signature", async () => {
    const scope = api()
      .get(p("/rasters/r1/download/"))
      .reply(200, { download_url: `${STORAGE}/rasters/r1.tif?X-Goog-Signature=s3cr3t-value` });
    const bytes = storage().get("/rasters/r1.tif").query(true).reply(404, "NoSuchKey");
    const error = await expectAPIError(newClient().downloadRaster("r1"), {
      status: 404,
      method: "GET",
      url: `${STORAGE}/rasters/r1.tif?…`,
      body: "NoSuchKey",
      detail: "NoSuchKey",
    });
    expect(JSON.stringify(error)).not.toContain("s3cr3t-value");
    scope.done();
    bytes.done();
  });
});

describe("getOperationResults / getOperationResultsUrl / downloadOperationResults", () => {
  const results = { url: `${STORAGE}/results/all.geojson?sig=abc`, by_class: [] };

  it("getOperationResults fails clearly when there are none yet", async () => {
    const scope = polls(api(), "o1", [{ type: "x", status: "running", results: null }]);
    const error = await rejection(newClient().getOperationResults("o1"));
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe("operation o1 has no results (status: running)");
    scope.done();
  });

  it("that error shows the server's status with its control characters escaped", async () => {
    const scope = polls(api(), "o1", [{ type: "x", status: "run\x1b[2J\u202e", results: null }]);
    const error = await rejection(newClient().getOperationResults("o1"));
    expect((error as Error).message).toBe("operation o1 has no results (status: run\\x1b[2J\\u202e)");
    scope.done();
  });

  it("getOperationResultsUrl fails clearly when results have no url", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results: { score: 3 } }]);
    const error = await rejection(newClient().getOperationResultsUrl("o1"));
    expect((error as Error).message).toBe("operation o1 has no results URL");
    scope.done();
  });

  it("downloadOperationResults returns the storage Response, fetched without the key", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results }]);
    const body = JSON.stringify(multiPolygon(0));
    const file = storage().get("/results/all.geojson").query({ sig: "abc" }).reply(200, body);
    const response = await newClient().downloadOperationResults("o1");
    expect(await response.text()).toBe(body);
    scope.done();
    file.done();
  });
});

describe("downloadResultFeatureCollection", () => {
  const byClass = [
    {
      class: { name: "cow" },
      result: { url: `${STORAGE}/results/cow.geojson?sig=1`, vector_layer_id: "vc" },
    },
    {
      class: { name: "sheep" },
      result: { url: `${STORAGE}/results/sheep.geojson?sig=2`, vector_layer_id: "vs" },
    },
  ];

  /** A class's vector layer download, as Picterra runs it since 2024: POST → operation → signed URL → file. */
  function layerDownload(layerId: string, operationId: string, content: unknown) {
    const url = `${STORAGE}/layers/${layerId}.geojson?sig=${layerId}`;
    const scope = layerDownloadOperation(layerId, operationId, [
      { ...SUCCESS, results: { download_url: url, expiration: "2021-11-03T10:55:16.000000Z" } },
    ]);
    const file = storage()
      .get(`/layers/${layerId}.geojson`)
      .query({ sig: layerId })
      .reply(200, typeof content === "string" ? content : JSON.stringify(content));
    return { scope, file };
  }

  it("downloads each class's vector layer and merges its polygons into one MultiPolygon Feature per class", async () => {
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { url: `${STORAGE}/all`, by_class: byClass } }]);
    const cows = layerDownload("vc", "d1", {
      type: "FeatureCollection",
      features: [polygonFeature(0), polygonFeature(3)],
    });
    const sheep = layerDownload("vs", "d2", { type: "FeatureCollection", features: [polygonFeature(5)] });
    expect(await newClient().downloadResultFeatureCollection("o1")).toEqual({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { class_name: "cow" },
          geometry: { type: "MultiPolygon", coordinates: [square(0), square(3)] },
        },
        {
          type: "Feature",
          properties: { class_name: "sheep" },
          geometry: { type: "MultiPolygon", coordinates: [square(5)] },
        },
      ],
    });
    for (const s of [op, cows.scope, cows.file, sheep.scope, sheep.file]) s.done();
  });

  it("a layer's MultiPolygon features are flattened into the class's MultiPolygon, not nested", async () => {
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: byClass.slice(0, 1) } }]);
    const cows = layerDownload("vc", "d1", {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: multiPolygon(7) }, polygonFeature(0)],
    });
    const fc = await newClient().downloadResultFeatureCollection("o1");
    expect(fc.features[0]?.geometry.coordinates).toEqual([...multiPolygon(7).coordinates, square(0)]);
    for (const s of [op, cows.scope, cows.file]) s.done();
  });

  it("falls back to result.url (a MultiPolygon) for a class without a vector layer", async () => {
    const legacy = [{ class: { name: "cow" }, result: { url: `${STORAGE}/results/cow.geojson?sig=1` } }];
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: legacy } }]);
    const file = storage().get("/results/cow.geojson").query({ sig: "1" }).reply(200, multiPolygon(0));
    expect(await newClient().downloadResultFeatureCollection("o1")).toEqual({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { class_name: "cow" }, geometry: multiPolygon(0) }],
    });
    op.done();
    file.done();
  });

  it("non-JSON content on storage is a clear error without the signature", async () => {
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: byClass.slice(0, 1) } }]);
    const cows = layerDownload("vc", "d1", "<html>oops</html>");
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      new RegExp(`^GET ${STORAGE}/layers/vc\\.geojson\\?… answered a body that is not JSON \\(.+\\)$`),
    );
    expect((error as Error).message).not.toContain("sig=");
    for (const s of [op, cows.scope, cows.file]) s.done();
  });

  it("a layer holding something else than polygons is a clear error", async () => {
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: byClass.slice(0, 1) } }]);
    const cows = layerDownload("vc", "d1", {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [0, 0] } }],
    });
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect((error as Error).message).toBe(`the result of class 'cow' holds a "Point", not polygons`);
    for (const s of [op, cows.scope, cows.file]) s.done();
  });

  it("results without by_class are a clear error", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results: { url: `${STORAGE}/all` } }]);
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect((error as Error).message).toBe("operation o1 has no per-class results (results.by_class)");
    scope.done();
  });
});

describe("downloadVectorLayer and getVectorLayerDownloadUrl", () => {
  const url = `${STORAGE}/layers/v1.geojson?X-Amz-Signature=s3cr3t`;
  const done = { ...SUCCESS, results: { download_url: url, expiration: "2021-11-03T10:55:16.000000Z" } };
  const polygons = { type: "FeatureCollection", features: [polygonFeature(0)] };

  it("POSTs vector_layers/<id>/download/ with no body, polls, and answers the signed URL", async () => {
    const scope = nock(ORIGIN, { reqheaders: { "x-api-key": KEY }, badheaders: ["content-type"] })
      .post(p("/vector_layers/v1/download/"), (body) => body === "")
      .reply(201, opRef("d1"));
    polls(scope, "d1", [RUNNING, done]);
    expect(await newClient().getVectorLayerDownloadUrl("v1")).toBe(url);
    scope.done();
  });

  it("downloadVectorLayer GETs that URL without the key and returns the FeatureCollection as it is", async () => {
    const scope = layerDownloadOperation("v1", "d1", [done]);
    const file = storage().get("/layers/v1.geojson").query(true).reply(200, polygons);
    expect(await newClient().downloadVectorLayer("v1")).toEqual(polygons);
    scope.done();
    file.done();
  });

  it("a failed download operation is an OperationFailedError with its errors", async () => {
    const failed = {
      type: "vector_layer_download",
      status: "failed",
      errors: [{ message: "layer too large" }],
    };
    const scope = layerDownloadOperation("v1", "d1", [failed]);
    const error = await rejection(newClient().downloadVectorLayer("v1"));
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as Error).message).toContain("layer too large");
    scope.done();
  });

  it("non-JSON content is a clear error", async () => {
    const scope = layerDownloadOperation("v1", "d1", [done]);
    storage().get("/layers/v1.geojson").query(true).reply(200, "not json");
    const error = await rejection(newClient().downloadVectorLayer("v1"));
    expect((error as Error).message).toContain(
      `GET ${STORAGE}/layers/v1.geojson?… answered a body that is not JSON`,
    );
    expect((error as Error).message).not.toContain("s3cr3t");
    scope.done();
  });

  it("JSON that is not a FeatureCollection is a clear error", async () => {
    const scope = layerDownloadOperation("v1", "d1", [done]);
    storage().get("/layers/v1.geojson").query(true).reply(200, { type: "Feature" });
    const error = await rejection(newClient().downloadVectorLayer("v1"));
    // What storage sent is not the caller's input: a PicterraError, not a ValidationError.
    expect(error).toBeInstanceOf(PicterraError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      `the GeoJSON at ${STORAGE}/layers/v1.geojson?… must be a GeoJSON FeatureCollection, got type 'Feature'`,
    );
    scope.done();
  });
});
