import { describe, expect, it } from "vitest";
import { apiJson, expectAPIError, newClient, p, u, useNock } from "./helpers";

useNock();

const MARKER = { id: "m1", marker: { type: "Point", coordinates: [8.5, 47.3] }, text: "look here" };

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
});
