import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  InvalidResponseError,
  NetworkError,
  PicterraError,
  ResponseTooLargeError,
  TimeoutError,
  createClient,
} from "../src/index";
import {
  KEY,
  ORIGIN,
  PREFIX,
  api,
  countUnmatched,
  expectNoKey,
  newClient,
  p,
  page,
  rejection,
  u,
  useNock,
} from "./helpers";

useNock();

/** A fetch that never answers: only an abort of the request's signal ends it, with the signal's reason. */
function hangingFetch(): (request: Request) => Promise<Response> {
  return (request) =>
    new Promise((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });
}

describe("redirects: the key goes only to the API's origin", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} to another origin is refused, and nothing is sent there`, async () => {
      const scope = api().get(p("/rasters/r1/")).reply(status, "", { Location: "https://evil.test/steal" });
      const evil = nock("https://evil.test").get("/steal").reply(200, { id: "r1" });
      const error = await rejection(newClient().getRaster("r1"));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toBe(
        `GET ${u("/rasters/r1/")} was redirected to https://evil.test: the API key goes to ${ORIGIN} only`,
      );
      expect(evil.isDone()).toBe(false);
      expectNoKey(error);
      scope.done();
      nock.cleanAll();
    });
  }

  it("a redirect within the API's origin is followed, with the key", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(301, "", { Location: p("/rasters/r1-moved/") })
      .get(p("/rasters/r1-moved/"))
      .reply(200, { id: "r1-moved" });
    expect(await newClient().getRaster("r1")).toEqual({ id: "r1-moved" });
    scope.done();
  });

  it("a same-origin redirect outside the API's base (a storage path of the site) is refused, nothing sent there", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(302, "", { Location: "/media/rasters/r1.tif?signature=abc" });
    const media = nock(ORIGIN).get("/media/rasters/r1.tif").query(true).reply(200, "bytes");
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(
      `GET ${u("/rasters/r1/")} was redirected outside the API's base ${ORIGIN}${PREFIX}/: not followed, the API key goes under it only`,
    );
    expect(media.isDone()).toBe(false);
    scope.done();
    nock.cleanAll();
  });

  it("a same-origin 307 of a request with a body is not followed (the body is not sent twice)", async () => {
    const scope = api()
      .post(p("/folders/"))
      .reply(307, "", { Location: p("/folders/elsewhere/") });
    const error = await rejection(newClient().createFolder("f"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("was redirected (307)");
    scope.done();
  });

  it("stops after 5 redirects", async () => {
    const scope = api()
      .get(p("/rasters/r1/"))
      .times(6)
      .reply(302, "", { Location: p("/rasters/r1/") });
    const error = await rejection(newClient().getRaster("r1"));
    expect((error as Error).message).toBe(`GET ${u("/rasters/r1/")} was redirected more than 5 times`);
    scope.done();
  });

  it("a same-origin next page that redirects elsewhere is refused too", async () => {
    const first = api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(200, page([{ id: "r1" }], { count: 2, next: u("/rasters/?page_number=2") }));
    const second = api()
      .get(p("/rasters/"))
      .query({ page_number: "2" })
      .reply(302, "", { Location: "https://evil.test/page2" });
    const evil = nock("https://evil.test").get("/page2").reply(200, page([]));
    const error = await rejection((await newClient().listRasters()).toArray());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(evil.isDone()).toBe(false);
    first.done();
    second.done();
    nock.cleanAll();
  });

  it("a middleware that points a request at another origin cannot take the key there", async () => {
    const client = newClient({
      middleware: [{ onRequest: ({ request }) => new Request("https://evil.test/x", request) }],
    });
    const evil = nock("https://evil.test").get("/x").reply(200, {});
    const error = await rejection(client.getRaster("r1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(
      `GET https://evil.test/x is not on ${ORIGIN}: the API key goes there only`,
    );
    expect(evil.isDone()).toBe(false);
    nock.cleanAll();
  });
});

describe("printing the client never shows the key", () => {
  it("console.log, util.inspect and JSON.stringify", () => {
    const client = newClient();
    for (const text of [
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
      String(client),
    ]) {
      expect(text).not.toContain(KEY);
    }
    expect(inspect(client.api, { depth: 10, showHidden: true })).not.toContain(KEY);
  });
});

describe("maxResponseBytes", () => {
  it("a declared Content-Length over the limit fails before the body is read", async () => {
    const body = JSON.stringify({ id: "r1", pad: "x".repeat(2000) });
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(200, body, { "Content-Length": String(body.length) });
    const error = await rejection(newClient({ maxResponseBytes: 1000 }).getRaster("r1"));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toBe(
      `GET ${u("/rasters/r1/")} answered a body larger than maxResponseBytes (1000 bytes)`,
    );
    scope.done();
  });

  it("an endless body without a length is cut at the limit, and its stream cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(`{"pad":"${"x".repeat(1000)}`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const client = newClient({
      maxResponseBytes: 64 * 1024,
      fetch: async () =>
        new Response(endless, { status: 200, headers: { "content-type": "application/json" } }),
    });
    const error = await rejection(client.getRaster("r1"));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(cancelled).toBe(true);
    // Read only up to the limit: 64 KiB in ~1 KB chunks.
    expect(pulled).toBeLessThan(70);
  });

  it("an error body is bounded too", async () => {
    const body = "y".repeat(5000);
    const scope = api()
      .get(p("/rasters/r1/"))
      .reply(500, () => body);
    const error = await rejection(newClient({ maxResponseBytes: 1000 }).getRaster("r1"));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    scope.done();
  });

  it("is a positive number", () => {
    expect(() => newClient({ maxResponseBytes: 0 })).toThrow("maxResponseBytes must be a positive number");
  });
});

describe("network errors and bad JSON name the call", () => {
  it("a dropped connection is a NetworkError with method, URL and cause", async () => {
    const scope = api().get(p("/rasters/r1/")).replyWithError("socket hang up");
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(NetworkError);
    const e = error as NetworkError;
    expect(e.method).toBe("GET");
    expect(e.url).toBe(u("/rasters/r1/"));
    expect(e.message).toMatch(new RegExp(`^GET ${u("/rasters/r1/")} failed: .*socket hang up`));
    expect(e.cause).toBeInstanceOf(Error);
    expectNoKey(e);
    scope.done();
  });

  it("a refused connection is a NetworkError", async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    nock.enableNetConnect("127.0.0.1");
    try {
      const client = createClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/` });
      const error = await rejection(client.getRaster("r1"));
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toContain(
        `GET http://127.0.0.1:${port}/public/api/v2/rasters/r1/ failed: `,
      );
      expect((error as Error).message).toContain("ECONNREFUSED");
    } finally {
      nock.disableNetConnect();
    }
  });

  it("a success whose body is not JSON is an InvalidResponseError naming the call", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(200, "<html>maintenance</html>", {
      "Content-Type": "application/json",
    });
    const error = await rejection(newClient().getRaster("r1"));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      new RegExp(`^GET ${u("/rasters/r1/")} answered a body that is not JSON \\(.+\\)$`),
    );
    scope.done();
  });
});

describe("the timeout covers every way of calling", () => {
  it("api.request(...) is bounded like the verbs", async () => {
    const client = newClient({ timeoutMs: 50, fetch: hangingFetch() });
    const error = await rejection(
      client.api.request("get", "/rasters/{raster_id}/", { params: { path: { raster_id: "r1" } } }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`GET ${u("/rasters/r1/")} timed out after 50 ms`);
  });

  it("the verbs of api, and the client's methods", async () => {
    const client = newClient({ timeoutMs: 20, fetch: hangingFetch() });
    for (const call of [
      () => client.api.GET("/rasters/"),
      () => client.api.POST("/folders/", { body: { name: "f" } }),
      () => client.getRaster("r1"),
    ]) {
      expect(await rejection(call())).toBeInstanceOf(TimeoutError);
    }
  });

  it("every error the client throws is a PicterraError", async () => {
    const unmatched = countUnmatched();
    const client = newClient({ timeoutMs: 20, fetch: hangingFetch() });
    expect(await rejection(client.getRaster("r1"))).toBeInstanceOf(PicterraError);
    unmatched.stop();
  });
});

describe("NetworkError", () => {
  it("says how many attempts were made when a retry policy made several", () => {
    const cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const once = new NetworkError("GET", "https://s.test/f?…", cause);
    expect(once.message).toBe("GET https://s.test/f?… failed: read ECONNRESET");
    expect(once.attempts).toBeUndefined();
    const thrice = new NetworkError("GET", "https://s.test/f?…", cause, 3);
    expect(thrice.message).toBe("GET https://s.test/f?… failed after 3 attempts: read ECONNRESET");
    expect(thrice.attempts).toBe(3);
  });
});
