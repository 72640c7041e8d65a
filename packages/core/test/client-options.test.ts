import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import {
  APIError,
  DEFAULT_SITE_URL,
  type Middleware,
  PicterraClient,
  VERSION,
  ValidationError,
  createClient,
} from "../src/index";
import {
  KEY,
  ORIGIN,
  SIGNED_URL,
  STORAGE,
  SUCCESS,
  USER_AGENT,
  api,
  countUnmatched,
  newClient,
  opRef,
  p,
  rasterUpload,
  rejection,
  storage,
  u,
  useNock,
} from "./helpers";
import { expectExactlyMethods } from "./kit";

useNock();

/** Every public method of the client; each has its own tests in the file named for its concern. */
const PUBLIC_METHODS = [
  // rasters.test.ts, uploads.test.ts, downloads.test.ts
  "uploadRaster",
  "listRasters",
  "getRaster",
  "editRaster",
  "deleteRaster",
  "getRasterDownloadUrl",
  "downloadRaster",
  "setRasterDetectionAreas",
  "removeRasterDetectionAreas",
  "importRasterFromRemoteSource",
  // markers.test.ts
  "listRasterMarkers",
  "createMarker",
  // vector-layers.test.ts, uploads.test.ts, downloads.test.ts
  "listRasterVectorLayers",
  "uploadVectorLayer",
  "getVectorLayer",
  "getVectorLayerDownloadUrl",
  "downloadVectorLayer",
  "editVectorLayer",
  "deleteVectorLayer",
  // folders.test.ts
  "createFolder",
  "listFolders",
  "getFolder",
  "getUserInfo",
  "getAuthorizationGrants",
  "setAuthorizationGrants",
  // detectors.test.ts, uploads.test.ts
  "createDetector",
  "listDetectors",
  "getDetector",
  "editDetector",
  "deleteDetector",
  "listFolderDetectors",
  "addRasterToDetector",
  "listDetectorRasters",
  "setAnnotations",
  "trainDetector",
  "runDatasetRecommendation",
  "runDetector",
  // operations.test.ts, downloads.test.ts
  "getOperation",
  "waitForOperation",
  "getOperationResults",
  "getOperationResultsUrl",
  "downloadOperationResults",
  "downloadResultFeatureCollection",
];

describe("the client", () => {
  it("has exactly the public methods these tests cover, each named as its Python twin in camelCase", () => {
    expectExactlyMethods(PicterraClient, PUBLIC_METHODS);
    expect(PUBLIC_METHODS).toHaveLength(43);
  });

  it("reports this package's version", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(USER_AGENT).toMatch(
      new RegExp(`^picterra-ts/${pkg.version.replace(/\./g, "\\.")} \\(Node \\d+\\.\\d+\\.\\d+; \\w+\\)$`),
    );
  });

  it("exposes baseUrl without a trailing slash, and works the same when given without one", async () => {
    expect(newClient().baseUrl).toBe(`${ORIGIN}/public/api/v2`);
    const client = newClient({ baseUrl: `${ORIGIN}/public/api/v2` });
    expect(client.baseUrl).toBe(`${ORIGIN}/public/api/v2`);
    const scope = api().get(p("/rasters/r1/")).reply(200, { id: "r1" });
    await client.getRaster("r1");
    scope.done();
  });
});

describe("middleware added later through api.use", () => {
  it("sees a real Request with the key, the timeout signal and the body, on both client and api calls", async () => {
    const client = newClient();
    const seen: string[] = [];
    client.api.use({
      onRequest: async ({ request }) => {
        const body = request.body ? await request.clone().text() : "";
        seen.push(
          `${request instanceof Request} ${request.method} ${request.headers.get("x-api-key")} ${request.signal instanceof AbortSignal} ${body}`,
        );
      },
    });
    const scope = api().post(p("/folders/"), { name: "f" }).reply(201, { id: "f1", name: "f" });
    expect(await client.createFolder("f")).toBe("f1");
    scope.done();
    expect(seen).toEqual([`true POST ${KEY} true {"name":"f"}`]);
  });
});

describe("headers", () => {
  it("sends X-Api-Key and User-Agent picterra-ts/<version> (Node <version>; <platform>) on an API call", async () => {
    const scope = nock(ORIGIN)
      .matchHeader("x-api-key", KEY)
      .matchHeader(
        "user-agent",
        `picterra-ts/${VERSION} (Node ${process.versions.node}; ${process.platform})`,
      )
      .get(p("/detectors/d1/"))
      .reply(200, { id: "d1", name: "x" });
    await newClient().getDetector("d1");
    scope.done();
  });

  it("prepends a custom userAgent", async () => {
    const scope = api({ "user-agent": `my-app/1.2 ${USER_AGENT}` })
      .get(p("/rasters/r1/"))
      .reply(200, { id: "r1" });
    await newClient({ userAgent: "my-app/1.2" }).getRaster("r1");
    scope.done();
  });

  it("sends the key on the raw api client's calls too", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(200, { id: "r1", name: "a", status: "ready" });
    const { data, response } = await newClient().api.GET("/rasters/{raster_id}/", {
      params: { path: { raster_id: "r1" } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: "r1", name: "a", status: "ready" });
    scope.done();
  });
});

describe("options of the wrong type (untyped configuration)", () => {
  it.each([
    [{ fetch: 123 }, "fetch must be a function, got 123"],
    [{ storageFetch: {} }, "storageFetch must be a function, got {}"],
    [{ transport: 5 }, "transport must be an object with a fetch function, got 5"],
    [
      { middleware: "x" },
      "middleware must be an array of objects with onRequest, onResponse or onError, got 'x'",
    ],
    [
      { middleware: [{}] },
      "middleware must be an array of objects with onRequest, onResponse or onError, got [{}]",
    ],
    [{ userAgent: 5 }, "userAgent must be a string, got 5"],
  ])("%j is a ValidationError naming the option, when the client is made", (options, message) => {
    const unmatched = countUnmatched();
    expect(() => newClient(options as never)).toThrow(new ValidationError(message));
    unmatched.stop();
    expect(unmatched.count).toBe(0);
  });
});

describe("a custom fetch", () => {
  it("carries every API call (with the key) and storage transfer (without it)", async () => {
    const seen: string[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      seen.push(`${request.method} ${request.url} key=${request.headers.get("x-api-key")}`);
      if (request.url === SIGNED_URL) {
        expect(new Uint8Array(await request.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
        return new Response(null, { status: 200 });
      }
      if (request.url.endsWith("/upload/file/"))
        return Response.json({ upload_url: SIGNED_URL, raster_id: "r1" });
      if (request.url.endsWith("/commit/")) return Response.json(opRef("o1"), { status: 201 });
      return Response.json(SUCCESS);
    };
    const unmatched = countUnmatched();
    expect(await newClient({ fetch }).uploadRaster(new Uint8Array([1, 2, 3]), "n")).toBe("r1");
    unmatched.stop();
    expect(seen).toEqual([
      `POST ${u("/rasters/upload/file/")} key=${KEY}`,
      `PUT ${SIGNED_URL} key=null`,
      `POST ${u("/rasters/r1/commit/")} key=${KEY}`,
      `GET ${u("/operations/o1/")} key=${KEY}`,
    ]);
    expect(unmatched.count).toBe(0);
  });
});

describe("a custom storageFetch", () => {
  it("carries storage transfers only; API calls keep going through fetch", async () => {
    const storageSeen: string[] = [];
    const storageFetch = async (request: Request): Promise<Response> => {
      storageSeen.push(`${request.method} ${request.url} key=${request.headers.get("x-api-key")}`);
      return new Response(request.method === "GET" ? "bytes" : null, { status: 200 });
    };
    const url = `${STORAGE}/rasters/r1.tif?sig=1`;
    const scope = rasterUpload("r2", api().get(p("/rasters/r1/download/")).reply(200, { download_url: url }));
    const client = newClient({ storageFetch });
    expect(await (await client.downloadRaster("r1")).text()).toBe("bytes");
    expect(await client.uploadRaster(new TextEncoder().encode("abc"), "n")).toBe("r2");
    expect(storageSeen).toEqual([`GET ${url} key=null`, `PUT ${SIGNED_URL} key=null`]);
    scope.done();
  });
});

describe("middleware", () => {
  it("runs on API calls in the given order, and a header it adds reaches the server", async () => {
    const log: string[] = [];
    const first: Middleware = {
      onRequest: ({ request }) => {
        log.push(`first ${request.method} ${new URL(request.url).pathname}`);
        request.headers.set("x-trace", "t-1");
      },
    };
    const second: Middleware = {
      onRequest: ({ request }) => void log.push(`second sees ${request.headers.get("x-trace")}`),
      onResponse: ({ response }) => void log.push(`second response ${response.status}`),
    };
    const scope = api({ "x-trace": "t-1" }).get(p("/rasters/r1/")).reply(200, { id: "r1" });
    await newClient({ middleware: [first, second] }).getRaster("r1");
    expect(log).toEqual([`first GET ${p("/rasters/r1/")}`, "second sees t-1", "second response 200"]);
    scope.done();
  });

  it("does not run on storage transfers", async () => {
    const urls: string[] = [];
    const middleware: Middleware = { onRequest: ({ request }) => void urls.push(request.url) };
    const create = rasterUpload("r1");
    const put = storage().put("/bucket/x").query(true).reply(200);
    await newClient({ middleware: [middleware] }).uploadRaster(new TextEncoder().encode("abc"), "n");
    expect(urls).toEqual([u("/rasters/upload/file/"), u("/rasters/r1/commit/"), u("/operations/o1/")]);
    expect(urls.some((url) => url.startsWith(STORAGE))).toBe(false);
    create.done();
    put.done();
  });

  it("an x-picterra-attempts header on the final response goes into APIError.attempts and the message", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(503, { detail: "Busy." }, { "x-picterra-attempts": "4" });
    const error = (await rejection(newClient().getRaster("r1"))) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.attempts).toBe(4);
    expect(error.message).toBe(
      `GET ${u("/rasters/r1/")} failed with status 503 after 4 attempts: {"detail":"Busy."}`,
    );
    scope.done();
  });

  it("a response a middleware builds itself still gives the error its method, URL and attempts", async () => {
    const marking: Middleware = {
      onResponse: async ({ response }) =>
        new Response(await response.text(), {
          status: response.status,
          headers: { "content-type": "application/json", "x-picterra-attempts": "3" },
        }),
    };
    const scope = api().delete(p("/rasters/r1/")).reply(502, { detail: "Bad gateway." });
    const error = (await rejection(newClient({ middleware: [marking] }).deleteRaster("r1"))) as APIError;
    expect(error.attempts).toBe(3);
    expect(error.method).toBe("DELETE");
    expect(error.url).toBe(u("/rasters/r1/"));
    expect(error.message).toBe(
      `DELETE ${u("/rasters/r1/")} failed with status 502 after 3 attempts: {"detail":"Bad gateway."}`,
    );
    scope.done();
  });

  it("one attempt is not mentioned", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(500, "oops", { "x-picterra-attempts": "1" });
    const error = (await rejection(newClient().getRaster("r1"))) as APIError;
    expect(error.attempts).toBe(1);
    expect(error.message).toBe(`GET ${u("/rasters/r1/")} failed with status 500: oops`);
    scope.done();
  });
});

describe("baseUrl: a site root or an API's full URL", () => {
  const cases: [given: string, api: string][] = [
    ["https://app.picterra.ch/", "https://app.picterra.ch/public/api/v2"],
    ["https://app.picterra.ch", "https://app.picterra.ch/public/api/v2"],
    ["https://app.picterra.ch/public/api/v2/", "https://app.picterra.ch/public/api/v2"],
    ["https://app.picterra.ch/public/api/v2", "https://app.picterra.ch/public/api/v2"],
    // Another Picterra API's URL names the same site.
    ["https://app.picterra.ch/public/api/plots_analysis/v1/", "https://app.picterra.ch/public/api/v2"],
    ["https://proxy.test/picterra/", "https://proxy.test/picterra/public/api/v2"],
    ["https://proxy.test/picterra", "https://proxy.test/picterra/public/api/v2"],
    ["http://127.0.0.1:8080/?x=1#y", "http://127.0.0.1:8080/public/api/v2"],
  ];
  it.each(cases)("%s → %s", (given, expected) => {
    expect(newClient({ baseUrl: given }).baseUrl).toBe(expected);
  });

  it("defaults to Picterra's site root", () => {
    vi.stubEnv("PICTERRA_BASE_URL", "");
    expect(DEFAULT_SITE_URL).toBe("https://app.picterra.ch/");
    expect(createClient({ apiKey: KEY }).baseUrl).toBe("https://app.picterra.ch/public/api/v2");
    vi.unstubAllEnvs();
  });

  it("refuses credentials in the URL and other protocols", () => {
    expect(() => newClient({ baseUrl: "https://user:pw@app.picterra.ch/" })).toThrow(
      "baseUrl must not hold credentials",
    );
    expect(() => newClient({ baseUrl: "ftp://app.picterra.ch/" })).toThrow("baseUrl must be an http(s) URL");
  });

  it("a URL that does not parse, or of another protocol, is shown without its credentials", () => {
    expect(() => newClient({ baseUrl: "https://user:hunter2-secret@app picterra.ch/" })).toThrow(
      "baseUrl must be an absolute http(s) URL, got 'https://…@app picterra.ch/'",
    );
    expect(() => newClient({ baseUrl: "ftp://user:hunter2-secret@app.picterra.ch/" })).toThrow(
      "baseUrl must be an http(s) URL, got 'ftp://…@app.picterra.ch/'",
    );
  });
});
