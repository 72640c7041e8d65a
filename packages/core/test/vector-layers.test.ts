import { describe, expect, it } from "vitest";
import type { PicterraClient } from "../src/index";
import { api, apiJson, expectAPIError, newClient, p, page, u, useNock } from "./helpers";

useNock();

const LAYER = {
  id: "v1",
  name: "cows",
  raster_id: "r1",
  count: 3,
  color: "#aabbcc",
  geojson_urls: ["https://storage.test/v1/0.geojson?sig=1"],
};

describe("listRasterVectorLayers", () => {
  it("GETs rasters/<id>/vector_layers/ with page_number=1 only", async () => {
    const summary = { id: "v1", name: "cows", count: 3 };
    const scope = api()
      .get(p("/rasters/r1/vector_layers/"))
      .query({ page_number: "1" })
      .reply(200, page([summary]));
    const layers = await newClient().listRasterVectorLayers("r1");
    expect(layers.results).toEqual([summary]);
    scope.done();
  });

  it("sends search and detector under the API's names", async () => {
    const scope = api()
      .get(p("/rasters/r1/vector_layers/"))
      .query({ search: "cow", detector: "d1", page_number: "2" })
      .reply(200, page([]));
    await newClient().listRasterVectorLayers("r1", { search: "cow", detectorId: "d1", pageNumber: 2 });
    scope.done();
  });
});

describe("getVectorLayer", () => {
  it("GETs vector_layers/<id>/ and returns it", async () => {
    const scope = api().get(p("/vector_layers/v1/")).reply(200, LAYER);
    expect(await newClient().getVectorLayer("v1")).toEqual(LAYER);
    scope.done();
  });
});

describe("editVectorLayer", () => {
  it("PUTs {name, color} and expects 204", async () => {
    const scope = apiJson().put(p("/vector_layers/v1/"), { name: "n", color: "#00FF7f" }).reply(204);
    expect(await newClient().editVectorLayer("v1", { name: "n", color: "#00FF7f" })).toBeUndefined();
    scope.done();
  });

  it("sends only what is given", async () => {
    const scope = apiJson().put(p("/vector_layers/v1/"), { color: "#123456" }).reply(204);
    await newClient().editVectorLayer("v1", { color: "#123456" });
    scope.done();
  });
});

describe("deleteVectorLayer", () => {
  it("DELETEs vector_layers/<id>/ and expects 204", async () => {
    const scope = api().delete(p("/vector_layers/v1/")).reply(204);
    expect(await newClient().deleteVectorLayer("v1")).toBeUndefined();
    scope.done();
  });
});

describe("vector layer calls' error path", () => {
  const cases: [string, "GET" | "PUT" | "DELETE", string, (c: PicterraClient) => Promise<unknown>][] = [
    [
      "listRasterVectorLayers",
      "GET",
      "/rasters/r1/vector_layers/?page_number=1",
      (c) => c.listRasterVectorLayers("r1"),
    ],
    ["getVectorLayer", "GET", "/vector_layers/v1/", (c) => c.getVectorLayer("v1")],
    ["editVectorLayer", "PUT", "/vector_layers/v1/", (c) => c.editVectorLayer("v1", { name: "n" })],
    ["deleteVectorLayer", "DELETE", "/vector_layers/v1/", (c) => c.deleteVectorLayer("v1")],
  ];
  it.each(cases)("%s: a 404 becomes an APIError with the detail", async (_, method, path, call) => {
    const body = { detail: "Not found." };
    const scope = api().intercept(p(path), method).reply(404, body);
    await expectAPIError(call(newClient()), {
      status: 404,
      method,
      url: u(path),
      body,
      detail: "Not found.",
    });
    scope.done();
  });
});
