// Core's checks read their bounds from the values generated from the document: with other values (a newer
// document), the same calls are checked against those, so no check keeps a copy of a number.
import { expect, it, vi } from "vitest";
import { ValidationError } from "../src/index";
import { newClient, rejection, useNock } from "./helpers";

vi.mock("../src/generated/picterra-v2.values", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/generated/picterra-v2.values")>();
  const percent = { minimum: 0, maximum: 10 };
  return {
    ...real,
    parameterValues: { PageNumber: { minimum: 2, default: 2 }, PageSize: { minimum: 5, maximum: 50 } },
    propertyValues: { ...real.propertyValues, RasterUploadInput: { cloud_coverage: percent } },
    operationParameterValues: { listRasters: { max_cloud_coverage: percent } },
  };
});

useNock();

it.each([
  [
    "pageSize over the document's maximum",
    { pageSize: 51 },
    "pageSize must be an integer between 5 and 50, got 51",
  ],
  ["pageSize under its minimum", { pageSize: 4 }, "pageSize must be an integer between 5 and 50"],
  ["pageNumber under its minimum", { pageNumber: 1 }, "pageNumber must be an integer between 2"],
  [
    "maxCloudCoverage over its maximum",
    { maxCloudCoverage: 11 },
    "maxCloudCoverage must be an integer between 0 and 10",
  ],
])("listRasters: %s is refused before any request", async (_, options, message) => {
  const error = await rejection(newClient().listRasters(options));
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toContain(message);
});

it("uploadRaster: cloudCoverage over the document's maximum is refused before any request", async () => {
  const error = await rejection(newClient().uploadRaster(new Uint8Array(1), "n", { cloudCoverage: 11 }));
  expect((error as Error).message).toContain("cloudCoverage must be an integer between 0 and 10, got 11");
});
