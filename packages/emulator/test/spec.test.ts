import { describe, expect, it } from "vitest";
import { FORGE_DOCUMENT, compileAll, compileSpec, loadSpec, toFieldErrors } from "../src/spec";
import { DETECTOR_DEFAULTS, documentedOperationIds, emulator } from "./helpers";

describe("the OpenAPI document", () => {
  it("is @picterra/core's, and every operation in it is served and compiles", async () => {
    const documented = documentedOperationIds(FORGE_DOCUMENT);
    const spec = loadSpec();
    expect(spec.routes.map((r) => r.operationId).sort()).toEqual(documented.sort());
    expect(documented.length).toBeGreaterThanOrEqual(37);
    expect(() => compileAll(spec)).not.toThrow();
    await emulator(); // throws when an operation has no handler
  });

  it("takes a new detector's settings from the document's defaults, and refuses a setting without one", () => {
    expect(loadSpec().detectorDefaults).toEqual(DETECTOR_DEFAULTS);
    const doc = {
      components: {
        schemas: { DetectorConfiguration: { type: "object", properties: { backbone: { type: "string" } } } },
      },
    };
    expect(() => compileSpec(doc)).toThrow("the document gives DetectorConfiguration.backbone no default");
  });

  it("refuses to serve a document with an operation the emulator does not know", () => {
    const spec = compileSpec({
      paths: { "/cows/": { get: { operationId: "listCows", responses: { "200": { description: "ok" } } } } },
    });
    expect(spec.routes.map((r) => r.operationId)).toEqual(["listCows"]);
  });
});

describe("toFieldErrors", () => {
  it("nests by path and keeps each message once", () => {
    const errors = toFieldErrors(
      [
        {
          instancePath: "/marker/coordinates",
          keyword: "minItems",
          params: { limit: 2 },
          schemaPath: "",
          message: "",
        },
        { instancePath: "/marker", keyword: "required", params: { missingProperty: "type" }, schemaPath: "" },
        { instancePath: "", keyword: "required", params: { missingProperty: "text" }, schemaPath: "" },
        { instancePath: "", keyword: "required", params: { missingProperty: "text" }, schemaPath: "" },
      ],
      { marker: { coordinates: [1] } },
    );
    expect(errors).toEqual({
      marker: {
        coordinates: ["Ensure this field has at least 2 elements."],
        type: ["This field is required."],
      },
      text: ["This field is required."],
    });
  });
});
