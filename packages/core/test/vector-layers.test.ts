import { describe, expect, it } from "vitest";
import { api, apiJson, newClient, p, page, useNock } from "./helpers";

useNock();

describe("listRasterVectorLayers", () => {
  it("sends search and detector under the API's names", async () => {
    const scope = api()
      .get(p("/rasters/r1/vector_layers/"))
      .query({ search: "cow", detector: "d1", page_number: "2" })
      .reply(200, page([]));
    await newClient().listRasterVectorLayers("r1", { search: "cow", detectorId: "d1", pageNumber: 2 });
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
