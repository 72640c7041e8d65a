import { describe, expect, it } from "vitest";
import {
  APIError,
  OperationFailedError,
  type PicterraClient,
  PicterraError,
  TimeoutError,
  ValidationError,
  redactUrl,
} from "../src/index";
import {
  KEY,
  SQUARE,
  api,
  expectAPIError,
  expectNoKey,
  newClient,
  opRef,
  p,
  polls,
  rejection,
  u,
  useNock,
} from "./helpers";

useNock();

describe("an error response's body surfaces in the APIError", () => {
  it('{"detail": "Not found."} → the message contains "Not found."', async () => {
    const scope = api().get(p("/rasters/r1/")).reply(404, { detail: "Not found." });
    const error = await expectAPIError(newClient().getRaster("r1"), {
      status: 404,
      method: "GET",
      url: u("/rasters/r1/"),
      body: { detail: "Not found." },
      detail: "Not found.",
    });
    expect(error.message).toBe(`GET ${u("/rasters/r1/")} failed with status 404: {"detail":"Not found."}`);
    expect(error).toBeInstanceOf(PicterraError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("APIError");
    scope.done();
  });

  it("a 400 with field errors → the parsed errors in body and message", async () => {
    const body = {
      name: ["This field may not be blank."],
      configuration: { training_steps: ["Ensure this value is less than or equal to 40000."] },
    };
    const scope = api().post(p("/detectors/")).reply(400, body);
    const error = await expectAPIError(newClient().createDetector({ name: "" }), {
      status: 400,
      method: "POST",
      url: u("/detectors/"),
      body,
      detail: "This field may not be blank.",
    });
    expect(error.message).toContain("Ensure this value is less than or equal to 40000.");
    scope.done();
  });

  it("a non-JSON body is kept as text", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(502, "<html>Bad Gateway</html>", { "content-type": "text/html" });
    await expectAPIError(newClient().getRaster("r1"), {
      status: 502,
      method: "GET",
      url: u("/rasters/r1/"),
      body: "<html>Bad Gateway</html>",
      detail: "<html>Bad Gateway</html>",
    });
    scope.done();
  });

  it("an empty error body gives a message without a detail", async () => {
    const scope = api().delete(p("/rasters/r1/")).reply(401);
    const error = (await rejection(newClient().deleteRaster("r1"))) as APIError;
    expect(error.message).toBe(`DELETE ${u("/rasters/r1/")} failed with status 401`);
    scope.done();
  });

  it("a long body is cut in the message but kept whole in `body`", async () => {
    const detail = "x".repeat(2000);
    const scope = api().get(p("/rasters/r1/")).reply(500, { detail });
    const error = (await rejection(newClient().getRaster("r1"))) as APIError;
    expect(error.body).toEqual({ detail });
    expect(error.message).toBe(
      `GET ${u("/rasters/r1/")} failed with status 500: ${`{"detail":"${detail}`.slice(0, 500)}…`,
    );
    scope.done();
  });

  it("a success with an empty body where JSON was expected is a clear error", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(200);
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(`GET ${u("/rasters/r1/")} answered no JSON body`);
    scope.done();
  });
});

describe("expected statuses", () => {
  type Call = (c: PicterraClient) => Promise<unknown>;
  const created: [string, "POST", string, Call][] = [
    ["createDetector", "POST", "/detectors/", (c) => c.createDetector()],
    [
      "addRasterToDetector",
      "POST",
      "/detectors/d1/training_rasters/",
      (c) => c.addRasterToDetector("r1", "d1"),
    ],
    ["createMarker", "POST", "/rasters/r1/markers/", (c) => c.createMarker("r1", null, 1, 2, "t")],
    [
      "createMarker on a detector",
      "POST",
      "/detectors/d1/training_rasters/r1/markers/",
      (c) => c.createMarker("r1", "d1", 1, 2, "t"),
    ],
    ["createFolder", "POST", "/folders/", (c) => c.createFolder("f")],
  ];
  const noContent: [string, "PUT" | "DELETE", string, Call][] = [
    ["editRaster", "PUT", "/rasters/r1/", (c) => c.editRaster("r1", { name: "n" })],
    ["deleteRaster", "DELETE", "/rasters/r1/", (c) => c.deleteRaster("r1")],
    [
      "removeRasterDetectionAreas",
      "DELETE",
      "/rasters/r1/detection_areas/",
      (c) => c.removeRasterDetectionAreas("r1"),
    ],
    ["editDetector", "PUT", "/detectors/d1/", (c) => c.editDetector("d1", { name: "n" })],
    ["deleteDetector", "DELETE", "/detectors/d1/", (c) => c.deleteDetector("d1")],
    ["editVectorLayer", "PUT", "/vector_layers/v1/", (c) => c.editVectorLayer("v1", { name: "n" })],
    ["deleteVectorLayer", "DELETE", "/vector_layers/v1/", (c) => c.deleteVectorLayer("v1")],
  ];
  const ok: [string, "GET", string, Call][] = [
    ["getRaster", "GET", "/rasters/r1/", (c) => c.getRaster("r1")],
    ["getDetector", "GET", "/detectors/d1/", (c) => c.getDetector("d1")],
    ["getVectorLayer", "GET", "/vector_layers/v1/", (c) => c.getVectorLayer("v1")],
    ["getOperation", "GET", "/operations/o1/", (c) => c.getOperation("o1")],
    ["getRasterDownloadUrl", "GET", "/rasters/r1/download/", (c) => c.getRasterDownloadUrl("r1")],
    ["listRasters", "GET", "/rasters/?page_number=1", (c) => c.listRasters()],
  ];

  it.each(created)("%s expects 201: a 200 is an APIError", async (_, method, path, call) => {
    const body = { id: "x", name: "x", raster_id: "r1" };
    const scope = api().intercept(p(path), method).reply(200, body);
    await expectAPIError(call(newClient()), { status: 200, method, url: u(path), body });
    scope.done();
  });

  it.each(noContent)("%s expects 204: a 200 is an APIError", async (_, method, path, call) => {
    const scope = api().intercept(p(path), method).reply(200, { ok: true });
    await expectAPIError(call(newClient()), { status: 200, method, url: u(path), body: { ok: true } });
    scope.done();
  });

  it.each(ok)("%s expects 200: a 201 is an APIError", async (_, method, path, call) => {
    const scope = api().intercept(p(path), method).reply(201, { id: "x" });
    await expectAPIError(call(newClient()), { status: 201, method, url: u(path), body: { id: "x" } });
    scope.done();
  });

  it("operation-starting calls accept any 2xx (the API answers 201 or 200)", async () => {
    const scope = api().post(p("/detectors/d1/train/")).reply(200, opRef("o1"));
    polls(scope, "o1", [{ type: "training", status: "success" }]);
    expect(await newClient().trainDetector("d1")).toEqual({ type: "training", status: "success" });
    scope.done();
  });
});

describe("the API key never appears in an error", () => {
  it("not in an APIError", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(403, { detail: "Invalid API key." });
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(APIError);
    expectNoKey(error);
    scope.done();
  });

  it("not in a TimeoutError", async () => {
    const scope = api().get(p("/rasters/r1/")).delay(500).reply(200, {});
    const error = await rejection(newClient({ timeoutMs: 20 }).getRaster("r1"));
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoKey(error);
    scope.done();
  });

  it("not in an OperationFailedError", async () => {
    const failed = { type: "x", status: "failed" };
    const scope = polls(api(), "o1", [failed]);
    const error = await rejection(newClient().waitForOperation(opRef("o1")));
    expect(error).toBeInstanceOf(OperationFailedError);
    expectNoKey(error);
    scope.done();
  });

  it("not in a network error", async () => {
    const scope = api().get(p("/rasters/r1/")).replyWithError("socket hang up");
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(Error);
    expectNoKey(error);
    expect(String((error as Error).cause ?? "")).not.toContain(KEY);
    scope.done();
  });

  it("not in a ValidationError", async () => {
    const error = await rejection(
      newClient().setRasterDetectionAreas("r1", { ...SQUARE, type: "Nope" } as never),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expectNoKey(error);
  });
});

describe("redactUrl", () => {
  it("drops a signed URL's query string, keeping a mark that there was one", () => {
    expect(redactUrl("https://storage.test/b/x?X-Goog-Signature=s&X-Goog-Expires=60", false)).toBe(
      "https://storage.test/b/x?…",
    );
    expect(redactUrl("https://storage.test/b/x", false)).toBe("https://storage.test/b/x");
    expect(redactUrl("https://api.test/rasters/?page_number=2", true)).toBe(
      "https://api.test/rasters/?page_number=2",
    );
  });
});
