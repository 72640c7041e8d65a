import { describe, expect, it } from "vitest";
import { api, apiJson, newClient, p, page, useNock } from "./helpers";

useNock();

describe("listRasters", () => {
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
