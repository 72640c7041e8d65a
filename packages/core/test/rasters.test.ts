import { describe, expect, it } from "vitest";
import { type PicterraClient, ResultsPage } from "../src/index";
import { api, apiJson, expectAPIError, newClient, p, page, u, useNock } from "./helpers";

useNock();

const RASTER = { id: "r1", name: "site", status: "ready", folder_id: "f1" };

describe("listRasters", () => {
  it("GETs rasters/ with page_number=1 only, and returns the page", async () => {
    const scope = api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(200, page([RASTER]));
    const rasters = await newClient().listRasters();
    expect(rasters).toBeInstanceOf(ResultsPage);
    expect(rasters.results).toEqual([RASTER]);
    expect(rasters.count).toBe(1);
    scope.done();
  });

  it("sends every given filter under the API's names", async () => {
    const scope = api()
      .get(p("/rasters/"))
      .query({
        folder: "f1",
        search: "farm 2",
        user_tag: "tag",
        max_cloud_coverage: "20",
        captured_before: "2021-01-01T00:00:00Z",
        captured_after: "2020-01-01T12:34:56.789Z",
        has_vector_layers: "true",
        page_number: "3",
        page_size: "50",
      })
      .reply(200, page([]));
    await newClient().listRasters({
      folderId: "f1",
      searchString: "farm 2",
      userTag: "tag",
      maxCloudCoverage: 20,
      capturedBefore: "2021-01-01T00:00:00Z",
      capturedAfter: "2020-01-01T12:34:56.789Z",
      hasVectorLayers: true,
      pageNumber: 3,
      pageSize: 50,
    });
    scope.done();
  });

  it("sends has_vector_layers=false and a cloud coverage of 0 (falsy values are still given)", async () => {
    const scope = api()
      .get(p("/rasters/"))
      .query({ has_vector_layers: "false", max_cloud_coverage: "0", page_number: "1" })
      .reply(200, page([]));
    await newClient().listRasters({ hasVectorLayers: false, maxCloudCoverage: 0 });
    scope.done();
  });
});

describe("getRaster", () => {
  it("GETs rasters/<id>/ and returns the raster", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(200, RASTER);
    expect(await newClient().getRaster("r1")).toEqual(RASTER);
    scope.done();
  });
});

describe("editRaster", () => {
  it("PUTs only the given fields, expects 204 and returns the raster id", async () => {
    const scope = apiJson().put(p("/rasters/r1/"), { name: "renamed" }).reply(204);
    expect(await newClient().editRaster("r1", { name: "renamed" })).toBe("r1");
    scope.done();
  });

  it("sends every field under the API's names", async () => {
    const spec = { ranges: [[0, 255]], vizbands: [0, 1, 2] };
    const scope = apiJson()
      .put(p("/rasters/r1/"), {
        name: "n",
        multispectral_band_specification: spec,
        folder_id: "f2",
        captured_at: "2020-01-01T12:34:56+02:00",
        identity_key: "ik",
        cloud_coverage: 0,
        user_tag: "t",
      })
      .reply(204);
    const id = await newClient().editRaster("r1", {
      name: "n",
      multispectralBandSpecification: spec,
      folderId: "f2",
      capturedAt: "2020-01-01T12:34:56+02:00",
      identityKey: "ik",
      cloudCoverage: 0,
      userTag: "t",
    });
    expect(id).toBe("r1");
    scope.done();
  });

  it("sends an empty body when nothing is given", async () => {
    const scope = apiJson().put(p("/rasters/r1/"), {}).reply(204);
    await newClient().editRaster("r1");
    scope.done();
  });
});

describe("deleteRaster", () => {
  it("DELETEs rasters/<id>/ and expects 204", async () => {
    const scope = api().delete(p("/rasters/r1/")).reply(204);
    expect(await newClient().deleteRaster("r1")).toBeUndefined();
    scope.done();
  });
});

describe("getRasterDownloadUrl", () => {
  it("GETs rasters/<id>/download/ and returns download_url", async () => {
    const url = "https://storage.test/r1.tif?X-Goog-Signature=abc";
    const scope = api().get(p("/rasters/r1/download/")).reply(200, { download_url: url });
    expect(await newClient().getRasterDownloadUrl("r1")).toBe(url);
    scope.done();
  });
});

describe("removeRasterDetectionAreas", () => {
  it("DELETEs rasters/<id>/detection_areas/ and expects 204", async () => {
    const scope = api().delete(p("/rasters/r1/detection_areas/")).reply(204);
    expect(await newClient().removeRasterDetectionAreas("r1")).toBeUndefined();
    scope.done();
  });
});

describe("raster calls' error path", () => {
  const cases: [string, "get" | "put" | "delete", string, (c: PicterraClient) => Promise<unknown>][] = [
    ["listRasters", "get", "/rasters/?page_number=1", (c) => c.listRasters()],
    ["getRaster", "get", "/rasters/r1/", (c) => c.getRaster("r1")],
    ["editRaster", "put", "/rasters/r1/", (c) => c.editRaster("r1", { name: "n" })],
    ["deleteRaster", "delete", "/rasters/r1/", (c) => c.deleteRaster("r1")],
    ["getRasterDownloadUrl", "get", "/rasters/r1/download/", (c) => c.getRasterDownloadUrl("r1")],
    [
      "removeRasterDetectionAreas",
      "delete",
      "/rasters/r1/detection_areas/",
      (c) => c.removeRasterDetectionAreas("r1"),
    ],
  ];
  it.each(cases)(
    "%s: a 404 becomes an APIError with the response's detail",
    async (_, method, path, call) => {
      const body = { detail: "Not found." };
      const scope = api().intercept(p(path), method.toUpperCase()).reply(404, body);
      await expectAPIError(call(newClient()), {
        status: 404,
        method: method.toUpperCase(),
        url: u(path),
        body,
        detail: "Not found.",
      });
      scope.done();
    },
  );
});
