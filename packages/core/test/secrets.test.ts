import { inspect } from "node:util";
import fc from "fast-check";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  APIError,
  InvalidResponseError,
  NetworkError,
  OperationFailedError,
  PicterraError,
  REDACTED,
  UploadError,
  createClient,
} from "../src/index";
import { redactor } from "../src/machinery/secrets";
import {
  BASE_URL,
  KEY,
  ORIGIN,
  STORAGE,
  api,
  expectNoKey,
  newClient,
  opRef,
  p,
  page,
  polls,
  rejection,
  storage,
  u,
  useNock,
} from "./helpers";

useNock();

/** Percent-escapes with lower-case hex digits, as some servers write them. */
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

/** Every way an error can be printed or logged. */
function printed(error: unknown): string {
  return [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 8 })].join(
    "\n",
  );
}

describe("a server that echoes the API key", () => {
  it("401 {detail: \"Invalid API key '<key>'\"}: the key reads [redacted] in message, body, JSON and inspect; the rest stays", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(401, { detail: `Invalid API key '${KEY}'` });
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(APIError);
    const e = error as APIError;
    expect(e.body).toEqual({ detail: `Invalid API key '${REDACTED}'` });
    expect(e.message).toBe(
      `GET ${u("/rasters/r1/")} failed with status 401: {"detail":"Invalid API key '${REDACTED}'"}`,
    );
    expect(printed(e)).not.toContain(KEY);
    scope.done();
  });

  it("deep in a JSON body (nested objects, arrays, keys), URL-encoded, JSON-escaped, either case of hex", async () => {
    const key = 'k3y/with+odd=chars&"quote"';
    const client = createClient({ apiKey: key, baseUrl: BASE_URL });
    const body = {
      errors: [{ fields: { [key]: [`bad ${key}`] } }],
      url: `https://x.test/?k=${encodeURIComponent(key)}`,
      lower: lowerHex(encodeURIComponent(key)),
      escaped: JSON.stringify(key),
      form: new URLSearchParams({ k: key }).toString(),
    };
    const scope = nock(ORIGIN).get(p("/rasters/r1/")).reply(400, body);
    const error = (await rejection(client.getRaster("r1"))) as APIError;
    const text = printed(error) + JSON.stringify(error.body);
    for (const form of [
      key,
      encodeURIComponent(key),
      lowerHex(encodeURIComponent(key)),
      JSON.stringify(key).slice(1, -1),
    ]) {
      expect(text).not.toContain(form);
    }
    expect(JSON.stringify(error.body)).toContain(REDACTED);
    expect((error.body as typeof body).errors[0]!.fields).toHaveProperty(REDACTED);
    scope.done();
  });

  it("base64, standard or URL-safe, alone or inside a longer encoded text (Basic user:key)", async () => {
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    const encoded = [KEY, `u:${KEY}`, `us:${KEY}!`, `use:${KEY}?x`].flatMap((text) => [
      base64(text),
      Buffer.from(text).toString("base64url"),
    ]);
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(401, { detail: `Invalid credentials: ${encoded.join(" ")}` });
    const error = (await rejection(newClient().getRaster("r1"))) as APIError;
    const text = printed(error) + JSON.stringify(error.body);
    for (const form of encoded) expect(text).not.toContain(form);
    // What is left of each is a few characters either side, not the key.
    expect(text).not.toContain(base64(KEY).slice(4, 16));
    expect(error.message).toContain(REDACTED);
    scope.done();
  });

  it("a body that is not JSON, echoing the key unquoted: no part of it in the message or the cause", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(200, `{"detail": ${KEY}}`, { "content-type": "application/json" });
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    // V8's parser quotes ten characters around the fault: the key's start.
    expect(printed(error)).not.toContain(KEY.slice(1, 8));
    expect((error as Error).message).toContain("answered a body that is not JSON (Unexpected token");
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    scope.done();
  });

  it("a text (not JSON) body", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(403, `forbidden for key ${KEY}`, {
      "content-type": "text/plain",
    });
    const error = (await rejection(newClient().getRaster("r1"))) as APIError;
    expect(error.body).toBe(`forbidden for key ${REDACTED}`);
    expectNoKey(error);
    scope.done();
  });

  it("an upload URL holding the key: the storage error (URL and body) and the UploadError say [redacted]", async () => {
    const signed = `${STORAGE}/bucket/${KEY}/file?sig=abc`;
    const scope = api()
      .post(p("/rasters/upload/file/"))
      .reply(201, { upload_url: signed, raster_id: "r1" })
      .delete(p("/rasters/r1/"))
      .reply(204);
    const put = storage().put(`/bucket/${KEY}/file`).query(true).reply(403, `no access with ${KEY}`);
    const error = await rejection(newClient().uploadRaster(new Uint8Array([1]), "n"));
    expect(error).toBeInstanceOf(UploadError);
    const cause = (error as UploadError).cause as APIError;
    expect(cause).toBeInstanceOf(APIError);
    expect(cause.url).toBe(`${STORAGE}/bucket/${REDACTED}/file?…`);
    expect(cause.body).toBe(`no access with ${REDACTED}`);
    expect(printed(error)).not.toContain(KEY);
    scope.done();
    put.done();
  });

  it("a network error on an upload URL holding the key", async () => {
    const scope = api()
      .post(p("/rasters/upload/file/"))
      .reply(201, { upload_url: `${STORAGE}/${KEY}`, raster_id: "r1" })
      .delete(p("/rasters/r1/"))
      .reply(204);
    const put = storage()
      .put(`/${KEY}`)
      .replyWithError({ message: `socket hang up at /${KEY}`, code: "ECONNRESET" });
    const error = await rejection(newClient().uploadRaster(new Uint8Array([1]), "n"));
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).cause).toBeInstanceOf(NetworkError);
    expect(printed(error)).not.toContain(KEY);
    scope.done();
    put.done();
  });

  it("a failed operation whose errors hold the key", async () => {
    const failed = { type: "x", status: "failed", errors: [{ message: `key ${KEY} revoked` }] };
    const scope = polls(api(), "o1", [failed]);
    const error = (await rejection(newClient().waitForOperation(opRef("o1")))) as OperationFailedError;
    expect(error).toBeInstanceOf(OperationFailedError);
    expect(error.errors).toEqual([{ message: `key ${REDACTED} revoked` }]);
    expect(error.body).toEqual({ ...failed, errors: [{ message: `key ${REDACTED} revoked` }] });
    expect(printed(error)).not.toContain(KEY);
    scope.done();
  });

  it("a next-page link holding the key, outside the API or seen before", async () => {
    const outside = `https://elsewhere.test/?key=${KEY}`;
    const scope = api()
      .get(p("/rasters/"))
      .query(true)
      .reply(200, page([{ id: "a" }], { next: outside, count: 5 }));
    const first = await newClient().listRasters();
    const error = await rejection(first.toArray());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(printed(error)).not.toContain(KEY);
    scope.done();

    const loop = u(`/rasters/?page_number=1&k=${KEY}`);
    const scope2 = api()
      .get(p("/rasters/"))
      .query(true)
      .times(2)
      .reply(200, page([{ id: "a" }], { next: loop, count: 9 }));
    const again = await newClient().listRasters();
    const looped = await rejection(again.toArray());
    expect(looped).toBeInstanceOf(InvalidResponseError);
    expect((looped as Error).message).toContain("seen before");
    expect(printed(looped)).not.toContain(KEY);
    scope2.done();
  });

  it("a redirect whose Location holds the key", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(302, "", { location: `https://evil.test/${KEY}` });
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(printed(error)).not.toContain(KEY);
    scope.done();
  });
});

describe("the client shows no key", () => {
  it("console.log, util.inspect and JSON.stringify of the client and of client.storage", () => {
    const client = newClient();
    for (const shown of [
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
      inspect(client.storage, { depth: 10, showHidden: true }),
      String(client.storage.redact),
    ]) {
      expect(shown).not.toContain(KEY);
    }
  });

  it("client.storage.redact scrubs texts, errors (in place, along the cause chain) and JSON values", () => {
    const { redact } = newClient().storage;
    expect(redact(`a ${KEY} b`)).toBe(`a ${REDACTED} b`);
    const inner = new Error(`inner ${KEY}`);
    const outer = new PicterraError(`outer ${encodeURIComponent(KEY)}`, { cause: inner });
    expect(redact(outer)).toBe(outer);
    expect(printed(outer)).not.toContain(KEY);
    expect(redact({ list: [KEY, 1, null], n: 2 })).toEqual({ list: [REDACTED, 1, null], n: 2 });
    expect(redact(42)).toBe(42);
  });

  it("a JSON value's keys named __proto__ or constructor stay keys (no prototype is set), however deep", () => {
    const redact = redactor(["s3cret-value"]);
    const body = JSON.parse('{"__proto__": {"polluted": "s3cret-value"}, "constructor": "s3cret-value"}');
    const clean = redact(body) as Record<string, unknown>;
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.keys(clean)).toEqual(["__proto__", "constructor"]);
    expect(JSON.stringify(clean)).toBe(
      `{"__proto__":{"polluted":"${REDACTED}"},"constructor":"${REDACTED}"}`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A body nested far deeper than any call stack allows is walked without recursion.
    let deep: unknown = "s3cret-value";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let out = redact(deep);
    for (let i = 0; i < 200_000; i++) out = (out as unknown[])[0];
    expect(out).toBe(REDACTED);
  });
});

// Header-safe keys (printable ASCII, no surrounding spaces) long enough not to occur in the fixed text of a
// message by chance (a one-letter key would be found in "failed"; the mark itself holds letters).
const keys = fc
  .string({
    unit: fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=%&?#\"'\\:;@!$*()[]{}<>,^`|",
    ),
    minLength: 12,
    maxLength: 48,
  })
  .filter((key) => key.trim() === key);

describe("property: for any key and any body, the key never appears in an error", () => {
  it("APIError from any status and any body (text or JSON, holding the key raw, encoded or escaped)", async () => {
    await fc.assert(
      fc.asyncProperty(
        keys,
        fc.constantFrom(400, 401, 403, 404, 429, 500, 503),
        fc.array(
          fc.oneof(fc.string(), fc.constantFrom("raw", "uri", "json", "lower", "base64", "base64url")),
          { maxLength: 4 },
        ),
        fc.boolean(),
        async (key, status, parts, asJson) => {
          const forms: Record<string, string> = {
            raw: key,
            uri: encodeURIComponent(key),
            json: JSON.stringify(key).slice(1, -1),
            lower: lowerHex(encodeURIComponent(key)),
            base64: btoa(key),
            base64url: btoa(key).replace(/\+/g, "-").replace(/\//g, "_"),
          };
          const text = parts.map((part) => forms[part] ?? part).join(" ");
          const body = asJson ? { detail: text, nested: [{ [key]: text }] } : text;
          const client = createClient({
            apiKey: key,
            baseUrl: BASE_URL,
            fetch: async () =>
              asJson
                ? Response.json(body, { status })
                : new Response(text, { status, headers: { "content-type": "text/plain" } }),
          });
          const error = (await rejection(client.getRaster("r1"))) as APIError;
          expect(error).toBeInstanceOf(APIError);
          const seen = printed(error) + JSON.stringify(error.body);
          for (const form of Object.values(forms)) expect(seen).not.toContain(form);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("NetworkError, InvalidResponseError and OperationFailedError too", async () => {
    await fc.assert(
      fc.asyncProperty(
        keys,
        fc.string(),
        fc.constantFrom("network", "not-json", "failed"),
        async (key, extra, kind) => {
          const client = createClient({
            apiKey: key,
            baseUrl: BASE_URL,
            fetch: async () => {
              if (kind === "network") throw new TypeError(`fetch failed ${extra} ${key}`);
              if (kind === "not-json") {
                return new Response(`{oops ${key} ${extra}`, {
                  headers: { "content-type": "application/json" },
                });
              }
              return Response.json({ status: "failed", type: key, errors: [`${extra}${key}`] });
            },
          });
          const error = await rejection(client.waitForOperation({ operation_id: "o1", poll_interval: 0 }));
          expect(error).toBeInstanceOf(PicterraError);
          expect(printed(error)).not.toContain(key);
        },
      ),
      { numRuns: 100 },
    );
  });
});
