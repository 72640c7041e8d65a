import { describe, expect, it } from "vitest";
import { type APIError, InvalidResponseError, PicterraError, UploadError } from "../src/index";
import { compact } from "../src/machinery/validate";
import {
  STORAGE,
  SUCCESS,
  api,
  newClient,
  opRef,
  p,
  page,
  polls,
  rejection,
  storage,
  useNock,
} from "./helpers";

// Text from a server is data: never an object key that can set a prototype, never a terminal escape, never a
// URL trusted to parse. Every failure it causes is a PicterraError naming the call.

useNock();

const square = (x: number) => [
  [
    [x, 0],
    [x + 1, 0],
    [x + 1, 1],
    [x, 0],
  ],
];

describe("classes named __proto__ or constructor", () => {
  it("downloadResultFeatureCollection keeps them as class names, one Feature each", async () => {
    const byClass = ["__proto__", "constructor", "toString"].map((name, i) => ({
      class: { name },
      result: { url: `${STORAGE}/c${i}.geojson` },
    }));
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: byClass } }]);
    const files = storage();
    for (let i = 0; i < 3; i++) {
      files.get(`/c${i}.geojson`).reply(200, { type: "MultiPolygon", coordinates: [square(i)] });
    }
    const result = await newClient().downloadResultFeatureCollection("o1");
    expect(result.features.map((f) => f.properties.class_name)).toEqual([
      "__proto__",
      "constructor",
      "toString",
    ]);
    expect(result.features.map((f) => Object.getPrototypeOf(f.properties))).toEqual([
      Object.prototype,
      Object.prototype,
      Object.prototype,
    ]);
    op.done();
    files.done();
  });

  it("a MultiPolygon of 300 000 parts is merged without spreading it onto the stack", async () => {
    // Past what a spread can pass as arguments (about 200 000); answered by a fetch of the test's own, as
    // nock would take longer serializing it than the client takes merging it.
    const parts = JSON.stringify({
      type: "MultiPolygon",
      coordinates: Array.from({ length: 300_000 }, () => [[[0, 0]]]),
    });
    const operation = {
      ...SUCCESS,
      results: { by_class: [{ class: { name: "tree" }, result: { url: `${STORAGE}/t` } }] },
    };
    const client = newClient({
      fetch: async (request) =>
        request.url.startsWith(STORAGE)
          ? new Response(parts, { headers: { "content-type": "application/json" } })
          : Response.json(operation),
    });
    const result = await client.downloadResultFeatureCollection("o1");
    expect(result.features[0]!.geometry.coordinates).toHaveLength(300_000);
  });

  it("a per-class entry without class.name is a PicterraError, not a TypeError", async () => {
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { by_class: [{ result: {} }, null] } }]);
    const error = await rejection(newClient().downloadResultFeatureCollection("o1"));
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toContain("operation o1 has a per-class result without class.name");
    op.done();
  });

  it("compact keeps a key named __proto__ as a key and sets no prototype", () => {
    const given = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "gone": null}');
    given.skipped = undefined;
    const out = compact(given);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "constructor", "gone"]);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("server text in a message is printable", () => {
  it("escape sequences and line breaks of a body are shown escaped, never sent to the terminal", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(500, "\u001b[2J\u001b[31mboom\r\nFAKE LOG LINE\u202e", { "content-type": "text/plain" });
    const error = (await rejection(newClient().getRaster("r1"))) as APIError;
    expect(error.message).toContain("\\x1b[2J\\x1b[31mboom\\r\\nFAKE LOG LINE\\u202e");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the message.
    expect(error.message).not.toMatch(/[\u0000-\u001f\u202e]/);
    // The body itself is data, kept as it came.
    expect(error.body).toBe("\u001b[2J\u001b[31mboom\r\nFAKE LOG LINE\u202e");
    scope.done();
  });
});

describe("a URL from the server that is not one", () => {
  it("a next-page link that does not parse: InvalidResponseError, not a TypeError", async () => {
    const scope = api()
      .get(p("/rasters/"))
      .query(true)
      .reply(200, page([{ id: "a" }], { next: "http://[::1", count: 3 }));
    const first = await newClient().listRasters();
    const error = await rejection(first.next());
    expect(error).toBeInstanceOf(InvalidResponseError);
    scope.done();
  });

  it("a redirect whose Location does not parse: InvalidResponseError", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(302, "", { location: "http://[::1" });
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("was redirected to a Location that is not a URL");
    scope.done();
  });

  it.each([
    ["not a URL", "not a url"],
    ["a file: URL", "file:///etc/passwd"],
    ["a data: URL", "data:text/plain,hi"],
  ])(
    "an upload_url that is %s: UploadError whose cause is an InvalidResponseError; nothing is PUT",
    async (_, url) => {
      const scope = api()
        .post(p("/rasters/upload/file/"))
        .reply(201, { upload_url: url, raster_id: "r1" })
        .delete(p("/rasters/r1/"))
        .reply(204);
      const error = await rejection(newClient().uploadRaster(new Uint8Array([1]), "n"));
      expect(error).toBeInstanceOf(UploadError);
      expect((error as UploadError).cause).toBeInstanceOf(InvalidResponseError);
      expect(((error as UploadError).cause as Error).message).toContain(
        "is not an absolute http(s) URL for storage",
      );
      scope.done();
    },
  );

  it("a results URL that is not one: InvalidResponseError", async () => {
    const op = polls(api(), "o1", [{ ...SUCCESS, results: { url: "::nope::" } }]);
    const error = await rejection(newClient().downloadOperationResults("o1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    op.done();
  });
});

describe("an operation reference the server sends", () => {
  it("with a poll_interval that is not a number still ends (polled at the upper bound)", async () => {
    const scope = api()
      .post(p("/detectors/d1/train/"))
      .reply(201, { ...opRef("o1"), poll_interval: "soon" });
    polls(scope, "o1", [SUCCESS]);
    // 0.1 × 60 s before the first poll: an abort ends the wait at once, proving no tight loop was started.
    const controller = new AbortController();
    const done = rejection(newClient().trainDetector("d1", { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await done).toBe(controller.signal.reason);
  });
});
