import { describe, expect, it } from "vitest";
import { TRACER_DOCUMENT, compileAll, loadSpec } from "../src/spec";
import { documentedOperationIds, emulator } from "./helpers";
import { tracer } from "./tracer-helpers";

describe("Tracer's OpenAPI document", () => {
  it("is @picterra/tracer's, and every operation in it is served and compiles", async () => {
    const documented = documentedOperationIds(TRACER_DOCUMENT);
    const spec = loadSpec(TRACER_DOCUMENT);
    expect(spec.routes.map((r) => r.operationId).sort()).toEqual(documented.sort());
    expect(documented).toHaveLength(20);
    expect(spec).not.toBe(loadSpec());
    expect(loadSpec(TRACER_DOCUMENT)).toBe(spec);
    expect(() => compileAll(spec)).not.toThrow();
    await emulator(); // throws when an operation has no handler
  });

  it("checks Tracer's answers against Tracer's document, not Forge's", () => {
    const spec = loadSpec(TRACER_DOCUMENT);
    const route = spec.routes.find((r) => r.operationId === "getPlotsGroup")!;
    const group = {
      id: "g",
      name: "n",
      created_at: "2025-09-29T10:04:08.143098Z",
      methodology: "Coffee - EUDR",
    };
    expect(spec.checkResponse(route, 200, group)).toBeNull();
    expect(spec.checkResponse(route, 200, { ...group, created_at: "yesterday" })).toContain("date-time");
    expect(spec.checkResponse(route, 204, undefined)).toBe("status 204 is not documented for getPlotsGroup");
    const op = spec.routes.find((r) => r.operationId === "getOperation")!;
    const failed = {
      id: "o",
      type: "plots_analysis",
      status: "failed",
      metadata: {},
      results: null,
      errors: [],
    };
    expect(spec.checkResponse(op, 200, failed)).toBeNull();
    expect(spec.checkResponse(op, 200, { ...failed, errors: undefined })).toContain("errors");
  });

  it("keeps Forge and Tracer apart under one site root", async () => {
    const emu = await emulator();
    expect(new URL(emu.url).origin).toBe(new URL(emu.tracerUrl).origin);
    // Forge has no methodologies, Tracer no rasters.
    expect((await tracer(emu, "GET", `${emu.url}methodologies/`)).status).toBe(404);
    expect((await tracer(emu, "GET", `${emu.tracerUrl}rasters/`)).status).toBe(404);
    expect((await tracer(emu, "GET", `${new URL(emu.url).origin}/public/api/`)).status).toBe(404);
  });
});
