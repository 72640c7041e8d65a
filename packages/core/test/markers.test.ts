import { describe, expect, it } from "vitest";
import { api, apiJson, expectAPIError, newClient, p, page, u, useNock } from "./helpers";

useNock();

const MARKER = { id: "m1", marker: { type: "Point", coordinates: [8.5, 47.3] }, text: "look here" };

describe("listRasterMarkers", () => {
  it("GETs rasters/<id>/markers/ with page_number=1 and returns the page", async () => {
    const scope = api()
      .get(p("/rasters/r1/markers/"))
      .query({ page_number: "1" })
      .reply(200, page([MARKER]));
    const markers = await newClient().listRasterMarkers("r1");
    expect(markers.results).toEqual([MARKER]);
    expect(markers.at(0)).toEqual(MARKER);
    scope.done();
  });

  it("sends the given page", async () => {
    const scope = api()
      .get(p("/rasters/r1/markers/"))
      .query({ page_number: "2", page_size: "5" })
      .reply(200, page([]));
    await newClient().listRasterMarkers("r1", { pageNumber: 2, pageSize: 5 });
    scope.done();
  });

  it("a 404 becomes an APIError with the detail", async () => {
    const scope = api()
      .get(p("/rasters/r1/markers/"))
      .query({ page_number: "1" })
      .reply(404, { detail: "Not found." });
    await expectAPIError(newClient().listRasterMarkers("r1"), {
      status: 404,
      method: "GET",
      url: u("/rasters/r1/markers/?page_number=1"),
      body: { detail: "Not found." },
      detail: "Not found.",
    });
    scope.done();
  });
});

describe("createMarker", () => {
  const body = { marker: { type: "Point", coordinates: [8.5, 47.3] }, text: "look here" };

  it("without a detector, POSTs rasters/<id>/markers/ (lng, lat order), expects 201, returns the marker", async () => {
    const scope = apiJson().post(p("/rasters/r1/markers/"), body).reply(201, MARKER);
    expect(await newClient().createMarker("r1", null, 8.5, 47.3, "look here")).toEqual(MARKER);
    scope.done();
  });

  it("with a detector, POSTs detectors/<d>/training_rasters/<r>/markers/", async () => {
    const marker = { ...MARKER, detector_id: "d1" };
    const scope = apiJson().post(p("/detectors/d1/training_rasters/r1/markers/"), body).reply(201, marker);
    expect(await newClient().createMarker("r1", "d1", 8.5, 47.3, "look here")).toEqual(marker);
    scope.done();
  });

  it("a 400 field error becomes an APIError naming the field", async () => {
    const error = { text: ["This field may not be blank."] };
    const scope = apiJson().post(p("/rasters/r1/markers/")).reply(400, error);
    await expectAPIError(newClient().createMarker("r1", null, 1, 2, ""), {
      status: 400,
      method: "POST",
      url: u("/rasters/r1/markers/"),
      body: error,
      detail: "This field may not be blank.",
    });
    scope.done();
  });

  it("on a detector's raster, a 404 becomes an APIError", async () => {
    const scope = apiJson()
      .post(p("/detectors/d1/training_rasters/r1/markers/"))
      .reply(404, { detail: "Not found." });
    await expectAPIError(newClient().createMarker("r1", "d1", 1, 2, "t"), {
      status: 404,
      method: "POST",
      url: u("/detectors/d1/training_rasters/r1/markers/"),
      body: { detail: "Not found." },
      detail: "Not found.",
    });
    scope.done();
  });
});
