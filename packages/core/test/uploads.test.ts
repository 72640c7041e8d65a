import type nock from "nock";
import { describe, expect, it, vi } from "vitest";
import {
  APIError,
  OperationFailedError,
  PicterraError,
  type Progress,
  type TransferOptions,
  UploadError,
  type Uploader,
  ValidationError,
  redactUrl,
} from "../src/index";
import {
  SIGNATURE,
  SIGNED_URL,
  SQUARE,
  SUCCESS,
  api,
  apiJson,
  countUnmatched,
  expectAPIError,
  expectErrorStatus,
  expectNoKey,
  newClient,
  opRef,
  p,
  polls,
  rejection,
  storage,
  u,
  useNock,
} from "./helpers";

useNock();

// 0xff/0xfe are not UTF-8, so nock hands the PUT body over as hex and the exact bytes can be compared.
const BYTES = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0xff, 0xfe, 0x10]);
const HEX = Buffer.from(BYTES).toString("hex");
const SIGNED_PATH = "/bucket/x";
const SIGNED_QUERY = { "X-Goog-Signature": SIGNATURE };

/** A reply that records `event` in `events`, then answers `body`. */
function recorded(events: string[], event: string, body: nock.Body = "") {
  return () => {
    events.push(event);
    return body;
  };
}

/** The pending raster a failed upload leaves: the client deletes it, and records that it did. */
function discardOf(id: string, events: string[] = []) {
  return api()
    .delete(p(`/rasters/${id}/`))
    .reply(204, recorded(events, "discard"));
}

/** The UploadError `promise` rejects with; its cause is returned. */
async function expectUploadError(
  promise: Promise<unknown>,
  expected: { id: string; step: "transfer" | "commit"; removed: boolean },
): Promise<unknown> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(UploadError);
  const e = error as UploadError;
  expect({ id: e.id, step: e.step, removed: e.removed }).toEqual(expected);
  expect(e.message).toContain(`raster ${expected.id} ${expected.removed ? "was removed" : "may be left"}`);
  expectNoKey(e);
  return e.cause;
}

/** The storage PUT of `body` (bytes as hex, or a JSON value), recorded in `events`; `scope` may match more. */
function storagePut(events: string[], body: nock.RequestBodyMatcher, scope = storage()) {
  return scope.put(SIGNED_PATH, body).query(SIGNED_QUERY).reply(200, recorded(events, "put"));
}

/** Like `storagePut`, for a GeoJSON document: sent as JSON. */
function storagePutJson(events: string[], body: nock.RequestBodyMatcher) {
  return storagePut(events, body, storage().matchHeader("content-type", "application/json"));
}

describe("uploadRaster", () => {
  function rasterFlow(
    events: string[],
    createBody: nock.RequestBodyMatcher = { name: "site", multispectral: true },
  ) {
    const create = apiJson()
      .post(p("/rasters/upload/file/"), createBody)
      .reply(201, recorded(events, "create", { upload_url: SIGNED_URL, raster_id: "r9" }));
    const commit = api()
      .post(p("/rasters/r9/commit/"))
      .reply(201, recorded(events, "commit", opRef("o1")));
    const poll = polls(api(), "o1", [{ type: "raster_upload", status: "running" }, SUCCESS]);
    return { create, commit, poll };
  }

  it("creates, PUTs the exact bytes to storage without the key, commits, waits, and returns the raster id", async () => {
    const events: string[] = [];
    const { create, commit, poll } = rasterFlow(events);
    const put = storagePut(events, HEX);
    expect(await newClient().uploadRaster(BYTES, "site")).toBe("r9");
    expect(events).toEqual(["create", "put", "commit"]);
    for (const scope of [create, put, commit, poll]) scope.done();
  });

  it("sends the raster's metadata under the API's names", async () => {
    const events: string[] = [];
    const scopes = rasterFlow(events, {
      name: "site",
      multispectral: false,
      folder_id: "f1",
      captured_at: "2020-01-01T12:34:56.789Z",
      identity_key: "ik",
      cloud_coverage: 12,
      user_tag: "t",
    });
    const put = storagePut(events, HEX);
    await newClient().uploadRaster(BYTES, "site", {
      multispectral: false,
      folderId: "f1",
      capturedAt: "2020-01-01T12:34:56.789Z",
      identityKey: "ik",
      cloudCoverage: 12,
      userTag: "t",
    });
    for (const scope of [...Object.values(scopes), put]) scope.done();
  });

  it("reports progress from 0 to the total for a Blob", async () => {
    const events: string[] = [];
    const scopes = rasterFlow(events);
    const put = storagePut(events, HEX);
    const seen: Progress[] = [];
    await newClient().uploadRaster(new Blob([BYTES]), "site", { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { loaded: 0, total: 7 },
      { loaded: 7, total: 7 },
    ]);
    for (const scope of [...Object.values(scopes), put]) scope.done();
  });

  it("streams a ReadableStream and counts its chunks as they go out", async () => {
    const events: string[] = [];
    const scopes = rasterFlow(events);
    const put = storagePut(events, HEX);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(BYTES.slice(0, 3));
        controller.enqueue(BYTES.slice(3));
        controller.close();
      },
    });
    const seen: Progress[] = [];
    await newClient().uploadRaster(stream, "site", { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { loaded: 0, total: undefined },
      { loaded: 3, total: undefined },
      { loaded: 7, total: undefined },
    ]);
    for (const scope of [...Object.values(scopes), put]) scope.done();
  });

  it("sends an ArrayBuffer's bytes", async () => {
    const events: string[] = [];
    const scopes = rasterFlow(events);
    const put = storagePut(events, HEX);
    const seen: Progress[] = [];
    await newClient().uploadRaster(BYTES.slice().buffer, "site", { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ loaded: 7, total: 7 });
    for (const scope of [...Object.values(scopes), put]) scope.done();
  });

  it("a storage 403 is an APIError without the signed query, and nothing is committed", async () => {
    const events: string[] = [];
    const { create, commit } = rasterFlow(events);
    // S3-style storage echoes the signature it was given; it must not reach the message either.
    const storageBody = `<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>${SIGNATURE}</SignatureProvided></Error>`;
    const put = storage().put(SIGNED_PATH).query(SIGNED_QUERY).reply(403, storageBody);
    const discard = discardOf("r9", events);
    const upload = newClient().uploadRaster(BYTES, "site");
    const cause = expectUploadError(upload, { id: "r9", step: "transfer", removed: true });
    const error = await expectAPIError(
      cause.then((e) => Promise.reject(e)),
      {
        status: 403,
        method: "PUT",
        url: "https://storage.test/bucket/x?…",
        body: "<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>…</SignatureProvided></Error>",
        detail: "SignatureDoesNotMatch",
      },
    );
    expect(error.url).toBe(redactUrl(SIGNED_URL, false));
    expect(error.url).not.toContain("X-Goog-Signature");
    const wrapped = await rejection(upload);
    for (const text of [String(error), error.stack ?? "", JSON.stringify(error), String(wrapped)])
      expect(text).not.toContain(SIGNATURE);
    create.done();
    put.done();
    discard.done();
    expect(commit.isDone()).toBe(false);
    expect(events).toEqual(["create", "discard"]);
  });

  it("says when the pending raster could not be deleted either", async () => {
    const { create, commit } = rasterFlow([]);
    const put = storage().put(SIGNED_PATH).query(SIGNED_QUERY).reply(503, "busy");
    const discard = api().delete(p("/rasters/r9/")).reply(500, { detail: "down" });
    const cause = await expectUploadError(newClient().uploadRaster(BYTES, "site"), {
      id: "r9",
      step: "transfer",
      removed: false,
    });
    expect((cause as APIError).status).toBe(503);
    for (const scope of [create, put, discard]) scope.done();
    expect(commit.isDone()).toBe(false);
  });

  it("an abort during the transfer deletes the pending raster and rejects with the signal's reason", async () => {
    const events: string[] = [];
    const { create, commit } = rasterFlow(events);
    const discard = discardOf("r9", events);
    const controller = new AbortController();
    const reason = new Error("stop");
    const uploader: Uploader = {
      put: (_url, { signal }) =>
        new Promise((_, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
          controller.abort(reason);
        }),
    };
    const error = await rejection(newClient().uploadRaster(uploader, "site", { signal: controller.signal }));
    expect(error).toBe(reason);
    create.done();
    discard.done();
    expect(commit.isDone()).toBe(false);
  });

  it("refuses a string (a path, most likely) before any request, pointing to node-fs", async () => {
    const unmatched = countUnmatched();
    const error = await rejection(newClient().uploadRaster("/data/site.tif" as never, "site"));
    unmatched.stop();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("'/data/site.tif'");
    expect((error as Error).message).toContain("@picterra/node-fs");
    expect(unmatched.count).toBe(0);
  });

  it("uses a custom Uploader instead of fetch, with the signed URL and the progress callback", async () => {
    const events: string[] = [];
    const scopes = rasterFlow(events);
    const unmatched = countUnmatched();
    const onProgress = vi.fn();
    const put = vi.fn(async (_url: string, options: TransferOptions) => {
      events.push("put");
      options.onProgress?.({ loaded: 7, total: 7 });
    });
    const uploader: Uploader = { size: 7, put };
    expect(await newClient().uploadRaster(uploader, "site", { onProgress })).toBe("r9");
    unmatched.stop();
    expect(events).toEqual(["create", "put", "commit"]);
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]?.[0]).toBe(SIGNED_URL);
    expect(put.mock.calls[0]?.[1].onProgress).toBe(onProgress);
    expect(onProgress).toHaveBeenCalledWith({ loaded: 7, total: 7 });
    expect(unmatched.count).toBe(0);
    for (const scope of Object.values(scopes)) scope.done();
  });

  it("stops at an Uploader's APIError, without committing", async () => {
    const events: string[] = [];
    const { create, commit } = rasterFlow(events);
    const failure = new APIError({
      status: 403,
      body: "denied",
      method: "PUT",
      url: redactUrl(SIGNED_URL, false),
    });
    const uploader: Uploader = { put: async () => Promise.reject(failure) };
    const discard = discardOf("r9");
    const upload = newClient().uploadRaster(uploader, "site");
    expect(await expectUploadError(upload, { id: "r9", step: "transfer", removed: true })).toBe(failure);
    create.done();
    discard.done();
    expect(commit.isDone()).toBe(false);
  });

  it("a failed upload operation throws OperationFailedError with the operation", async () => {
    const events: string[] = [];
    const create = apiJson()
      .post(p("/rasters/upload/file/"))
      .reply(201, { upload_url: SIGNED_URL, raster_id: "r9" });
    const put = storagePut(events, HEX);
    const failed = { type: "raster_upload", status: "failed", results: null };
    const rest = api().post(p("/rasters/r9/commit/")).reply(201, opRef("o1"));
    polls(rest, "o1", [failed]);
    const error = await rejection(newClient().uploadRaster(BYTES, "site"));
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).operationId).toBe("o1");
    expect((error as OperationFailedError).body).toEqual(failed);
    for (const scope of [create, put, rest]) scope.done();
  });

  it("a failing create step is an APIError and nothing is sent to storage", async () => {
    const create = apiJson()
      .post(p("/rasters/upload/file/"))
      .reply(400, { name: ["This field may not be blank."] });
    const unmatched = countUnmatched();
    await expectAPIError(newClient().uploadRaster(BYTES, ""), {
      status: 400,
      method: "POST",
      url: u("/rasters/upload/file/"),
      body: { name: ["This field may not be blank."] },
      detail: "This field may not be blank.",
    });
    unmatched.stop();
    expect(unmatched.count).toBe(0);
    create.done();
  });

  it("a failing commit is an APIError", async () => {
    const events: string[] = [];
    const create = apiJson()
      .post(p("/rasters/upload/file/"))
      .reply(201, { upload_url: SIGNED_URL, raster_id: "r9" });
    const put = storagePut(events, HEX);
    const commit = api().post(p("/rasters/r9/commit/")).reply(409, { detail: "Upload incomplete." });
    const discard = discardOf("r9");
    const upload = newClient().uploadRaster(BYTES, "site");
    const cause = expectUploadError(upload, { id: "r9", step: "commit", removed: true });
    await expectAPIError(
      cause.then((e) => Promise.reject(e)),
      {
        status: 409,
        method: "POST",
        url: u("/rasters/r9/commit/"),
        body: { detail: "Upload incomplete." },
        detail: "Upload incomplete.",
      },
    );
    for (const scope of [create, put, commit, discard]) scope.done();
  });
});

describe("setRasterDetectionAreas", () => {
  it("creates, PUTs the GeoJSON as JSON without the key, commits, and waits", async () => {
    const events: string[] = [];
    const create = api()
      .post(p("/rasters/r1/detection_areas/upload/file/"))
      .reply(201, recorded(events, "create", { upload_url: SIGNED_URL, upload_id: "u1" }));
    const put = storagePutJson(events, SQUARE);
    const commit = api()
      .post(p("/rasters/r1/detection_areas/upload/u1/commit/"))
      .reply(201, recorded(events, "commit", opRef("o1")));
    polls(commit, "o1", [SUCCESS]);
    expect(await newClient().setRasterDetectionAreas("r1", SQUARE)).toBeUndefined();
    expect(events).toEqual(["create", "put", "commit"]);
    for (const scope of [create, put, commit]) scope.done();
  });

  it("sends GeoJSON bytes as they are", async () => {
    const text = JSON.stringify(SQUARE);
    const create = api()
      .post(p("/rasters/r1/detection_areas/upload/file/"))
      .reply(201, { upload_url: SIGNED_URL, upload_id: "u1" });
    const put = storage().put(SIGNED_PATH, SQUARE).query(SIGNED_QUERY).reply(200);
    polls(create.post(p("/rasters/r1/detection_areas/upload/u1/commit/")).reply(201, opRef("o1")), "o1", [
      SUCCESS,
    ]);
    const seen: Progress[] = [];
    const bytes = new TextEncoder().encode(text);
    await newClient().setRasterDetectionAreas("r1", bytes, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { loaded: 0, total: text.length },
      { loaded: text.length, total: text.length },
    ]);
    create.done();
    put.done();
  });

  it("a 404 on the create step is an APIError", async () => {
    await expectErrorStatus("POST", "/rasters/r1/detection_areas/upload/file/", 404, () =>
      newClient().setRasterDetectionAreas("r1", SQUARE),
    );
  });
});

describe("importRasterFromRemoteSource", () => {
  it("creates, PUTs the AOI, commits {method, source_id, folder_id, name}, and returns metadata.raster_id", async () => {
    const events: string[] = [];
    const create = api()
      .post(p("/rasters/import/"))
      .reply(201, recorded(events, "create", { upload_url: SIGNED_URL, upload_id: "u2" }));
    const put = storagePut(events, SQUARE);
    const commit = apiJson()
      .post(p("/rasters/import/u2/commit/"), {
        method: "streaming",
        source_id: "s1",
        folder_id: "f1",
        name: "imported",
      })
      .reply(201, recorded(events, "commit", opRef("o1")));
    const poll = polls(api(), "o1", [
      { type: "raster_import", status: "running" },
      { type: "raster_import", status: "success", metadata: { raster_id: "r7", folder_id: "f1" } },
    ]);
    expect(await newClient().importRasterFromRemoteSource("imported", "f1", "s1", SQUARE)).toBe("r7");
    expect(events).toEqual(["create", "put", "commit"]);
    for (const scope of [create, put, commit, poll]) scope.done();
  });

  it("fails clearly when the finished operation names no raster", async () => {
    const scope = api().post(p("/rasters/import/")).reply(201, { upload_url: SIGNED_URL, upload_id: "u2" });
    const put = storage().put(SIGNED_PATH).query(SIGNED_QUERY).reply(200);
    polls(scope.post(p("/rasters/import/u2/commit/")).reply(201, opRef("o1")), "o1", [
      { ...SUCCESS, metadata: {} },
    ]);
    const error = await rejection(newClient().importRasterFromRemoteSource("n", "f1", "s1", SQUARE));
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(
      "the import operation succeeded but its metadata names no raster_id",
    );
    scope.done();
    put.done();
  });

  it("a 403 on the create step is an APIError", async () => {
    const scope = api().post(p("/rasters/import/")).reply(403, { detail: "Not allowed." });
    await expectAPIError(newClient().importRasterFromRemoteSource("n", "f1", "s1", SQUARE), {
      status: 403,
      method: "POST",
      url: u("/rasters/import/"),
      body: { detail: "Not allowed." },
      detail: "Not allowed.",
    });
    scope.done();
  });
});

describe("uploadVectorLayer", () => {
  it("creates, PUTs the GeoJSON, commits {name, color}, and returns results.vector_layer_id", async () => {
    const events: string[] = [];
    const create = api()
      .post(p("/vector_layers/r1/upload/"))
      .reply(201, recorded(events, "create", { upload_url: SIGNED_URL, upload_id: "u3" }));
    const put = storagePut(events, SQUARE);
    const commit = apiJson()
      .post(p("/vector_layers/r1/upload/u3/commit/"), { name: "cows", color: "#aabbcc" })
      .reply(201, recorded(events, "commit", opRef("o1")));
    const poll = polls(api(), "o1", [{ ...SUCCESS, results: { vector_layer_id: "v5" } }]);
    expect(await newClient().uploadVectorLayer("r1", SQUARE, { name: "cows", color: "#aabbcc" })).toBe("v5");
    expect(events).toEqual(["create", "put", "commit"]);
    for (const scope of [create, put, commit, poll]) scope.done();
  });

  it("commits an empty body when neither name nor color is given", async () => {
    const create = api()
      .post(p("/vector_layers/r1/upload/"))
      .reply(201, { upload_url: SIGNED_URL, upload_id: "u3" });
    const put = storage().put(SIGNED_PATH).query(SIGNED_QUERY).reply(200);
    const commit = apiJson().post(p("/vector_layers/r1/upload/u3/commit/"), {}).reply(201, opRef("o1"));
    const poll = polls(api(), "o1", [{ ...SUCCESS, results: { vector_layer_id: "v5" } }]);
    expect(await newClient().uploadVectorLayer("r1", SQUARE)).toBe("v5");
    for (const scope of [create, put, commit, poll]) scope.done();
  });

  it("fails clearly when the finished operation names no vector layer", async () => {
    const create = api()
      .post(p("/vector_layers/r1/upload/"))
      .reply(201, { upload_url: SIGNED_URL, upload_id: "u3" });
    storage().put(SIGNED_PATH).query(SIGNED_QUERY).reply(200);
    polls(create.post(p("/vector_layers/r1/upload/u3/commit/")).reply(201, opRef("o1")), "o1", [
      { ...SUCCESS, results: {} },
    ]);
    const error = await rejection(newClient().uploadVectorLayer("r1", SQUARE));
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toContain("no vector_layer_id");
    create.done();
  });

  it("a 404 on the create step is an APIError", async () => {
    await expectErrorStatus("POST", "/vector_layers/r1/upload/", 404, () =>
      newClient().uploadVectorLayer("r1", SQUARE),
    );
  });
});

describe("setAnnotations", () => {
  const base = "/detectors/d1/training_rasters/r1";

  it.each(["outline", "training_area", "testing_area", "validation_area"] as const)(
    "%s: creates, PUTs the FeatureCollection as JSON, commits, and waits",
    async (type) => {
      const events: string[] = [];
      const create = api()
        .post(p(`${base}/${type}/upload/bulk/`))
        .reply(201, recorded(events, "create", { upload_url: SIGNED_URL, upload_id: "u4" }));
      const put = storagePutJson(events, SQUARE);
      // Always a JSON body since 2024: `{}` when no class is named.
      const commit = apiJson()
        .post(p(`${base}/${type}/upload/bulk/u4/commit/`), {})
        .reply(201, recorded(events, "commit", opRef("o1")));
      const poll = polls(api(), "o1", [RUNNING_ANNOTATION, SUCCESS]);
      const seen: Progress[] = [];
      await newClient().setAnnotations("d1", "r1", type, SQUARE, { onProgress: (p) => seen.push(p) });
      expect(events).toEqual(["create", "put", "commit"]);
      const size = JSON.stringify(SQUARE).length;
      expect(seen).toEqual([
        { loaded: 0, total: size },
        { loaded: size, total: size },
      ]);
      for (const scope of [create, put, commit, poll]) scope.done();
    },
  );

  it("outlines of one class: the commit names it, {class_id}", async () => {
    const create = api()
      .post(p(`${base}/outline/upload/bulk/`))
      .reply(201, { upload_url: SIGNED_URL, upload_id: "u4" });
    const put = storage().put(SIGNED_PATH, SQUARE).query(SIGNED_QUERY).reply(200);
    const commit = apiJson()
      .post(
        p(`${base}/outline/upload/bulk/u4/commit/`),
        (body) => JSON.stringify(body) === '{"class_id":"c2"}',
      )
      .reply(201, opRef("o1"));
    const poll = polls(api(), "o1", [SUCCESS]);
    await newClient().setAnnotations("d1", "r1", "outline", SQUARE, { classId: "c2" });
    for (const scope of [create, put, commit, poll]) scope.done();
  });

  it("refuses a class for annotations that are not outlines, and a bad class id, before any request", async () => {
    const unmatched = countUnmatched();
    const client = newClient();
    const areas = await rejection(
      client.setAnnotations("d1", "r1", "training_area", SQUARE, { classId: "c2" }),
    );
    expect(areas).toBeInstanceOf(ValidationError);
    expect((areas as Error).message).toBe(
      "classId applies to outline annotations only, not to training_area",
    );
    const slash = await rejection(client.setAnnotations("d1", "r1", "outline", SQUARE, { classId: "c/2" }));
    expect((slash as Error).message).toContain("classId must be a non-empty id");
    unmatched.stop();
    expect(unmatched.count).toBe(0);
  });

  it("a 404 on the create step is an APIError, and the key is in no message", async () => {
    const scope = api()
      .post(p(`${base}/outline/upload/bulk/`))
      .reply(404, { detail: "Not found." });
    const error = await expectAPIError(newClient().setAnnotations("d1", "r1", "outline", SQUARE), {
      status: 404,
      method: "POST",
      url: u(`${base}/outline/upload/bulk/`),
      body: { detail: "Not found." },
      detail: "Not found.",
    });
    expectNoKey(error);
    scope.done();
  });
});

const RUNNING_ANNOTATION = { type: "annotations_upload", status: "running" };

describe("onCreated", () => {
  it("is told the raster id, and awaited, before any byte goes out", async () => {
    const events: string[] = [];
    const create = apiJson()
      .post(p("/rasters/upload/file/"))
      .reply(201, recorded(events, "create", { upload_url: SIGNED_URL, raster_id: "r9" }));
    const put = storagePut(events, HEX);
    const commit = api().post(p("/rasters/r9/commit/")).reply(201, opRef("o1"));
    const poll = polls(api(), "o1", [SUCCESS]);
    const id = await newClient().uploadRaster(BYTES, "site", {
      onCreated: async (rasterId) => {
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`journal ${rasterId}`);
      },
    });
    expect(id).toBe("r9");
    expect(events).toEqual(["create", "journal r9", "put"]);
    for (const scope of [create, put, commit, poll]) scope.done();
  });

  it("a failing onCreated stops the upload before the transfer, and the raster is deleted", async () => {
    const create = apiJson()
      .post(p("/rasters/upload/file/"))
      .reply(201, { upload_url: SIGNED_URL, raster_id: "r9" });
    const discard = discardOf("r9");
    const unmatched = countUnmatched();
    const failure = new Error("disk full");
    const cause = await expectUploadError(
      newClient().uploadRaster(BYTES, "site", { onCreated: () => Promise.reject(failure) }),
      { id: "r9", step: "transfer", removed: true },
    );
    unmatched.stop();
    expect(cause).toBe(failure);
    expect(unmatched.count).toBe(0);
    create.done();
    discard.done();
  });
});
