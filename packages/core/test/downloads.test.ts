import { describe, expect, it } from "vitest";
import { InvalidResponseError, PicterraError, ValidationError } from "../src/index";
import {
  STORAGE,
  SUCCESS,
  api,
  expectAPIError,
  expectNotFound,
  newClient,
  p,
  polls,
  rejection,
  storage,
  useNock,
} from "./helpers";

useNock();

const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0x01]);

const multiPolygon = (x: number) => ({
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [x, 0],
        [x + 1, 0],
        [x + 1, 1],
        [x, 0],
      ],
    ],
  ],
});

const feature = (id: number) => ({
  type: "Feature",
  properties: { id },
  geometry: { type: "Point", coordinates: [id, id] },
});

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

  it("a 404 on the API step is an APIError, and storage is not asked", async () => {
    await expectNotFound("GET", "/rasters/r1/download/", () => newClient().downloadRaster("r1"));
  });
});

describe("getOperationResults / getOperationResultsUrl / downloadOperationResults", () => {
  const results = { url: `${STORAGE}/results/all.geojson?sig=abc`, by_class: [] };

  it("getOperationResults GETs operations/<id>/ and returns its results", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results }]);
    expect(await newClient().getOperationResults("o1")).toEqual(results);
    scope.done();
  });

  it("getOperationResults fails clearly when there are none yet", async () => {
    const scope = polls(api(), "o1", [{ type: "x", status: "running", results: null }]);
    const error = await rejection(newClient().getOperationResults("o1"));
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe("operation o1 has no results (status: running)");
    scope.done();
  });

  it("getOperationResultsUrl returns results.url", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results }]);
    expect(await newClient().getOperationResultsUrl("o1")).toBe(results.url);
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

  it.each([
    ["getOperationResults", (id: string) => newClient().getOperationResults(id)],
    ["getOperationResultsUrl", (id: string) => newClient().getOperationResultsUrl(id)],
    ["downloadOperationResults", (id: string) => newClient().downloadOperationResults(id)],
  ])("%s: a 404 is an APIError", async (_, call) => {
    await expectNotFound("GET", "/operations/o1/", () => call("o1"));
  });
});

describe("downloadResultFeatureCollection", () => {
  const byClass = [
    { class: { name: "cow" }, result: { url: `${STORAGE}/results/cow.geojson?sig=1` } },
    { class: { name: "sheep" }, result: { url: `${STORAGE}/results/sheep.geojson?sig=2` } },
  ];

  it("merges by_class into a FeatureCollection, a Feature per class in order", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results: { url: `${STORAGE}/all`, by_class: byClass } }]);
    const files = storage()
      .get("/results/cow.geojson")
      .query({ sig: "1" })
      .reply(200, multiPolygon(0))
      .get("/results/sheep.geojson")
      .query({ sig: "2" })
      .reply(200, multiPolygon(5));
    expect(await newClient().downloadResultFeatureCollection("o1")).toEqual({
      type: "FeatureCollection",
      features: [
        { type: "Feature", geometry: multiPolygon(0), properties: { class_name: "cow" } },
        { type: "Feature", geometry: multiPolygon(5), properties: { class_name: "sheep" } },
      ],
    });
    scope.done();
    files.done();
  });

  it("non-JSON content on storage is a clear error without the signature", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: byClass.slice(0, 1) } }]);
    const file = storage().get("/results/cow.geojson").query(true).reply(200, "<html>oops</html>");
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect(error).toBeInstanceOf(PicterraError);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      new RegExp(`^GET ${STORAGE}/results/cow\\.geojson\\?… answered a body that is not JSON \\(.+\\)$`),
    );
    scope.done();
    file.done();
  });

  it("a result that is not a (Multi)Polygon is a clear error", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: byClass.slice(0, 1) } }]);
    storage()
      .get("/results/cow.geojson")
      .query(true)
      .reply(200, { type: "Point", coordinates: [0, 0] });
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect((error as Error).message).toBe(`the result of class 'cow' is not a MultiPolygon (got "Point")`);
    scope.done();
  });

  it("results without by_class are a clear error", async () => {
    const scope = polls(api(), "o1", [{ ...SUCCESS, results: { url: `${STORAGE}/all` } }]);
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect((error as Error).message).toBe("operation o1 has no per-class results (results.by_class)");
    scope.done();
  });

  it("a 404 on the operation is an APIError", async () => {
    await expectNotFound("GET", "/operations/o1/", () => newClient().downloadResultFeatureCollection("o1"));
  });
});

describe("downloadVectorLayer", () => {
  const layer = {
    id: "v1",
    name: "cows",
    raster_id: "r1",
    count: 3,
    color: "#aabbcc",
    geojson_urls: [`${STORAGE}/v1/0.geojson?sig=a`, `${STORAGE}/v1/1.geojson?sig=b`],
  };

  it("GETs the layer, then merges every GeoJSON URL's features in order", async () => {
    const scope = api().get(p("/vector_layers/v1/")).reply(200, layer);
    const files = storage()
      .get("/v1/0.geojson")
      .query({ sig: "a" })
      .reply(200, { type: "FeatureCollection", features: [feature(1), feature(2)] })
      .get("/v1/1.geojson")
      .query({ sig: "b" })
      .reply(200, { type: "FeatureCollection", features: [feature(3)] });
    expect(await newClient().downloadVectorLayer("v1")).toEqual({
      type: "FeatureCollection",
      features: [feature(1), feature(2), feature(3)],
    });
    scope.done();
    files.done();
  });

  it("non-JSON content is a clear error", async () => {
    const scope = api().get(p("/vector_layers/v1/")).reply(200, layer);
    storage().get("/v1/0.geojson").query(true).reply(200, "not json");
    const error = await rejection(newClient().downloadVectorLayer("v1"));
    expect((error as Error).message).toContain(
      `GET ${STORAGE}/v1/0.geojson?… answered a body that is not JSON`,
    );
    scope.done();
  });

  it("JSON that is not a FeatureCollection is a clear error", async () => {
    const scope = api().get(p("/vector_layers/v1/")).reply(200, layer);
    storage().get("/v1/0.geojson").query(true).reply(200, { type: "Feature" });
    const error = await rejection(newClient().downloadVectorLayer("v1"));
    // What storage sent is not the caller's input: a PicterraError, not a ValidationError.
    expect(error).toBeInstanceOf(PicterraError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      `the GeoJSON at ${STORAGE}/v1/0.geojson?… must be a GeoJSON FeatureCollection, got type 'Feature'`,
    );
    scope.done();
  });

  it("a 404 on the layer is an APIError", async () => {
    await expectNotFound("GET", "/vector_layers/v1/", () => newClient().downloadVectorLayer("v1"));
  });
});
