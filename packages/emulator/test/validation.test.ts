import { APIError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import { DETECTOR_DEFAULTS, call, client, emulator, expectKeyRefusals } from "./helpers";

describe("request bodies are validated against the OpenAPI document", () => {
  it("answers 400 with nested field errors for a bad enum in createDetector", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "detectors/", {
      json: { configuration: { detection_type: "cows" } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ configuration: { detection_type: ['"cows" is not a valid choice.'] } });
    expect(emu.state().detectors).toEqual([]);
  });

  it("answers 400 for training_steps below the minimum", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "detectors/", { json: { configuration: { training_steps: 100 } } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      configuration: { training_steps: ["Ensure this value is greater than or equal to 500."] },
    });
  });

  it("answers 400 for a field the document does not know", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "folders/", { json: { name: "f", colour: "red" } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ colour: ["Unknown field."] });
  });

  it("answers 400 with a detail for malformed JSON", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "folders/", {
      body: '{"name": ',
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body as object)).toEqual(["detail"]);
    expect((res.body as { detail: string }).detail).toMatch(/^JSON parse error - /);
  });

  it("reports a missing required field, every error at once, and wrong types", async () => {
    const emu = await emulator();
    expect((await call(emu, "POST", "folders/", {})).body).toEqual({ name: ["This field is required."] });
    const res = await call(emu, "POST", "rasters/upload/file/", {
      json: { name: "", cloud_coverage: 101, multispectral: "yes", captured_at: "yesterday" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      name: ["This field may not be blank."],
      cloud_coverage: ["Ensure this value is less than or equal to 100."],
      multispectral: ["Must be a valid boolean."],
      captured_at: [
        "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
      ],
    });
    const list = await call(emu, "POST", "detectors/", { json: [] });
    expect(list.body).toEqual({ non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
  });

  it("answers 415 for a body that is not JSON", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "folders/", {
      body: "name=f",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
  });

  it("coerces query parameters to their types and rejects what does not fit", async () => {
    const emu = await emulator();
    expect((await call(emu, "GET", "rasters/?max_cloud_coverage=abc")).body).toEqual({
      max_cloud_coverage: ["A valid integer is required."],
    });
    expect((await call(emu, "GET", "rasters/?page_size=1001")).body).toEqual({
      page_size: ["Ensure this value is less than or equal to 1000."],
    });
    expect((await call(emu, "GET", "detectors/?is_shared=maybe")).body).toEqual({
      is_shared: ["Must be a valid boolean."],
    });
    const ok = await call(emu, "GET", "rasters/?max_cloud_coverage=20&has_vector_layers=false&page_size=5");
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ count: 0, next: null, previous: null, page_size: 5, results: [] });
  });

  it("accepts what the client sends: a date-time without seconds, an empty commit body", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "rasters/upload/file/", {
      json: { name: "r", captured_at: "2020-01-01T12:34Z" },
    });
    expect(res.status).toBe(201);
    const id = (res.body as { raster_id: string }).raster_id;
    expect(((await call(emu, "GET", `rasters/${id}/`)).body as { captured_at: string }).captured_at).toBe(
      "2020-01-01T12:34:00.000Z",
    );
  });
});

describe("authentication", () => {
  it("answers 401 without a key, and with a wrong one", async () => {
    const emu = await emulator();
    await expectKeyRefusals((key) => call(emu, "GET", "rasters/", { key }));
  });

  it("takes the key given in the options", async () => {
    const emu = await emulator({ apiKey: "my-key" });
    expect(emu.apiKey).toBe("my-key");
    expect((await call(emu, "GET", "rasters/", { key: "my-key" })).status).toBe(200);
  });

  it("makes up a different random key for each emulator", async () => {
    const [a, b] = [await emulator(), await emulator()];
    expect(a.apiKey).toMatch(/^emulator-[\w-]{24}$/);
    expect(a.apiKey).not.toBe(b.apiKey);
  });
});

describe("unknown ids, paths and methods", () => {
  it("answers 404 Not found for unknown ids on every kind of object", async () => {
    const emu = await emulator();
    const paths = [
      "rasters/nope/",
      "rasters/nope/download/",
      "rasters/nope/markers/",
      "rasters/nope/vector_layers/",
      "detectors/nope/",
      "detectors/nope/training_rasters/",
      "folders/nope/detectors/",
      "operations/nope/",
      "vector_layers/nope/",
    ];
    for (const path of paths) {
      const res = await call(emu, "GET", path);
      expect([path, res.status, res.body]).toEqual([path, 404, { detail: "Not found." }]);
    }
    expect((await call(emu, "DELETE", "rasters/nope/")).status).toBe(404);
    expect((await call(emu, "POST", "detectors/nope/train/")).status).toBe(404);
  });

  it("throws the client's APIError with status 404 for an unknown raster", async () => {
    const emu = await emulator();
    const error = await client(emu)
      .getRaster("missing")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
  });

  it("answers a body id that names nothing with a field error", async () => {
    const emu = await emulator();
    const detector = (await call(emu, "POST", "detectors/", { json: {} })).body as { id: string };
    const res = await call(emu, "POST", `detectors/${detector.id}/training_rasters/`, {
      json: { raster_id: "x" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ raster_id: ['Invalid pk "x" - object does not exist.'] });
  });

  it("answers 404 for an unknown path, a path without its slash (with a hint), and a bad path enum", async () => {
    const emu = await emulator();
    expect((await call(emu, "GET", "nothing/")).body).toEqual({ detail: "Not found." });
    const slash = await call(emu, "GET", "rasters");
    expect(slash.status).toBe(404);
    expect(slash.body).toEqual({
      detail: "Not found. Picterra API paths end with a slash: /public/api/v2/rasters/",
    });
    const detector = (await call(emu, "POST", "detectors/", { json: {} })).body as { id: string };
    const bad = await call(emu, "POST", `detectors/${detector.id}/training_rasters/r/cows/upload/bulk/`);
    expect(bad.status).toBe(404);
    const outside = await fetch(new URL("/elsewhere/", emu.url));
    expect(outside.status).toBe(404);
  });

  it("answers 405 with Allow for a method the path does not take", async () => {
    const emu = await emulator();
    const res = await call(emu, "PATCH", "rasters/");
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: 'Method "PATCH" not allowed.' });
    expect(res.headers.get("allow")).toBe("GET, OPTIONS, HEAD");
  });

  it("answers HEAD like GET, without a body", async () => {
    const emu = await emulator();
    const res = await fetch(new URL("rasters/", emu.url), {
      method: "HEAD",
      headers: { "X-Api-Key": emu.apiKey },
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(0);
    expect(await res.text()).toBe("");
  });
});

describe("status codes are the document's", () => {
  it("answers 201 for creates, 204 for edits and deletes, 200 for reads", async () => {
    const emu = await emulator();
    const created = await call(emu, "POST", "detectors/", { json: { name: "d" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: "d",
      configuration: DETECTOR_DEFAULTS,
      is_runnable: false,
      classes: [{ id: expect.any(String), name: "class_1", color: expect.stringMatching(/^#[0-9a-f]{6}$/) }],
      user_tag: null,
    });
    const id = (created.body as { id: string }).id;
    const edited = await call(emu, "PUT", `detectors/${id}/`, {
      json: { name: "d2", configuration: { backbone: "resnet50" } },
    });
    expect([edited.status, edited.body]).toEqual([204, undefined]);
    const read = await call(emu, "GET", `detectors/${id}/`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      name: "d2",
      configuration: { backbone: "resnet50", training_steps: 500 },
    });
    expect((await call(emu, "DELETE", `detectors/${id}/`)).status).toBe(204);
    expect((await call(emu, "GET", `detectors/${id}/`)).status).toBe(404);
  });
});
