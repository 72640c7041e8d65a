import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import { NetworkError, createClient } from "@picterra/core";
import { TRANSFER_RETRY, type RetryAttempt, type RetryPolicy } from "@picterra/core/machinery";
import { ATTEMPTS_HEADER, type RetryInfo, type RetryOptions, retryingFetch } from "../src/index";
import { type Reply, type TestServer, startServer } from "./server";

const FAST: RetryOptions = { backoffFactorMs: 4, random: () => 0.5 };
const SIGNED = "/bucket/raster.tif?X-Goog-Signature=s3cr3t&X-Goog-Expires=900";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  nock.cleanAll();
});

async function setup(replies: Reply[], options: RetryOptions = {}) {
  server = await startServer(replies);
  const retries: RetryInfo[] = [];
  const fetch = retryingFetch({ ...FAST, onRetry: (info) => void retries.push(info), ...options });
  return { fetch, server, retries };
}

const status = (code: number, headers?: Record<string, string>): Reply => ({ status: code, headers });

describe("retryingFetch for storage transfers", () => {
  test("429 → 502 → 200 succeeds after 2 retries", async () => {
    const { fetch, server, retries } = await setup([
      status(429),
      status(502),
      { status: 200, body: "bytes" },
    ]);
    const response = await fetch(server.url + SIGNED);
    expect(await response.text()).toBe("bytes");
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("3");
    expect(server.requests.map((r) => r.url)).toEqual([SIGNED, SIGNED, SIGNED]);
    expect(retries.map((r) => [r.attempt, r.status, r.delayMs, r.url])).toEqual([
      [1, 429, 3, `${server.url}/bucket/raster.tif?…`],
      [2, 502, 6, `${server.url}/bucket/raster.tif?…`],
    ]);
  });

  test("with maxRetries 1, 429 → 502 → 502 returns the second 502 after exactly 2 requests", async () => {
    const { fetch, server } = await setup([status(429), status(502), status(502)], { maxRetries: 1 });
    const response = await fetch(new URL(server.url + SIGNED));
    expect(response.status).toBe(502);
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("2");
    expect(server.requests).toHaveLength(2);
  });

  test("Retry-After in seconds or as a (past) HTTP date is honoured, one above maxRetryAfterMs is not waited for", async () => {
    const honoured = await setup([status(503, { "retry-after": "0" }), status(200)]);
    expect((await honoured.fetch(honoured.server.url + SIGNED)).status).toBe(200);
    expect(honoured.retries.map((r) => r.delayMs)).toEqual([0]);
    await honoured.server.close();

    const dated = await setup([
      status(503, { "retry-after": new Date(Date.now() - 5000).toUTCString() }),
      status(200),
    ]);
    expect((await dated.fetch(dated.server.url + SIGNED)).status).toBe(200);
    expect(dated.retries.map((r) => r.delayMs)).toEqual([0]);
    await dated.server.close();

    const tooLong = await setup([status(503, { "retry-after": "3600" }), status(200)]);
    expect((await tooLong.fetch(tooLong.server.url + SIGNED)).status).toBe(503);
    expect(tooLong.server.requests).toHaveLength(1);
  });

  test("a dropped connection is retried and the GET succeeds", async () => {
    const { fetch, server } = await setup(["destroy", "destroy", { status: 200, body: "bytes" }]);
    const response = await fetch(server.url + SIGNED);
    expect(await response.text()).toBe("bytes");
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("3");
  });

  test("network errors that use up the retries throw a NetworkError with the attempts, without the signature", async () => {
    const { fetch, server } = await setup(["destroy"], { maxRetries: 1 });
    const error = await fetch(server.url + SIGNED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).attempts).toBe(2);
    expect((error as NetworkError).message).toBe(
      `GET ${server.url}/bucket/raster.tif?… failed after 2 attempts: fetch failed: other side closed (UND_ERR_SOCKET)`,
    );
    // The last failure is the cause, the runtime's error its own.
    const last = (error as NetworkError).cause as NetworkError;
    expect(last).toBeInstanceOf(NetworkError);
    expect(last.attempts).toBeUndefined();
    expect(last.cause).toBeInstanceOf(TypeError);
  });

  test.each(["Failed to fetch", "Load failed", "NetworkError when attempting to fetch resource."])(
    "a fetch that rejects with a TypeError(%j), as browsers do, is a network error: retried",
    async (message) => {
      let calls = 0;
      const failing = async () => {
        calls++;
        if (calls < 3) throw new TypeError(message);
        return new Response("bytes");
      };
      const retries: RetryInfo[] = [];
      const fetch = retryingFetch({ ...FAST, onRetry: (info) => void retries.push(info) }, failing);
      expect(await (await fetch("https://storage.test/a?sig=s3cr3t")).text()).toBe("bytes");
      expect(calls).toBe(3);
      expect(retries.map((r) => r.error)).toEqual([expect.any(NetworkError), expect.any(NetworkError)]);
      const always = retryingFetch({ ...FAST, maxRetries: 1 }, async () => {
        throw new TypeError(message);
      });
      const error = await always("https://storage.test/a?sig=s3cr3t").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).message).toBe(
        `GET https://storage.test/a?… failed after 2 attempts: ${message}`,
      );
    },
  );

  test("an abort is not a network error: not retried, the signal's reason as it is", async () => {
    let calls = 0;
    const controller = new AbortController();
    const reason = new Error("stop");
    const fetch = retryingFetch(FAST, async () => {
      calls++;
      controller.abort(reason);
      throw new DOMException("This operation was aborted", "AbortError");
    });
    expect(
      await fetch("https://storage.test/a", { signal: controller.signal }).catch((e: unknown) => e),
    ).toBe(reason);
    expect(calls).toBe(1);
  });

  test("PUT is retried by default (a storage PUT stores the same bytes again); POST is not", async () => {
    const { fetch, server } = await setup([status(503), status(200), status(503), status(200)]);
    expect((await fetch(server.url + SIGNED, { method: "PUT", body: "abc" })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect((await fetch(server.url + SIGNED, { method: "POST", body: "abc" })).status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  test("PUT is retried when allowed, with the same bytes, whether given as init or as a Request", async () => {
    const { fetch, server } = await setup([status(503), status(200), status(503), status(200)], {
      methods: ["PUT"],
    });
    const bytes = new Uint8Array([1, 2, 3, 250]);
    expect((await fetch(server.url + SIGNED, { method: "PUT", body: bytes })).status).toBe(200);
    const request = new Request(server.url + SIGNED, { method: "PUT", body: "from a Request" });
    expect((await fetch(request)).status).toBe(200);
    expect(server.requests.map((r) => r.body)).toEqual([
      Buffer.from(bytes).toString("utf8"),
      Buffer.from(bytes).toString("utf8"),
      "from a Request",
      "from a Request",
    ]);
  });

  test("a stream body cannot be sent again, so it is not retried", async () => {
    const { fetch, server } = await setup([status(503), status(200)], { methods: ["PUT"] });
    const body = new Blob(["streamed"]).stream();
    const response = await fetch(server.url + SIGNED, { method: "PUT", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test("an abort during the backoff rejects promptly", async () => {
    const controller = new AbortController();
    const { fetch, server } = await setup([status(503), status(200)], {
      backoffFactorMs: 10_000,
      jitter: "none",
      onRetry: () => {
        // With a 10 s backoff ahead, only the abort can end the call before the retry succeeds.
        setTimeout(() => controller.abort(), 20);
      },
    });
    await expect(fetch(server.url + SIGNED, { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(server.requests).toHaveLength(1);
  });

  test("uses the given fetch implementation", async () => {
    const seen: string[] = [];
    const { server } = await setup([status(502), status(200)]);
    const fetch = retryingFetch(FAST, (input, init) => {
      seen.push(String(input));
      return globalThis.fetch(input, init);
    });
    expect((await fetch(server.url + SIGNED)).status).toBe(200);
    expect(seen).toEqual([server.url + SIGNED, server.url + SIGNED]);
  });
});

describe("retryingFetch against storage mocked with nock", () => {
  test("a reset then a 503 then the bytes; no API key is ever sent", async () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const storage = nock("https://storage.example.com", { badheaders: ["x-api-key"] })
      .get("/bucket/raster.tif")
      .query({ "X-Goog-Signature": "s3cr3t", "X-Goog-Expires": "900" })
      .replyWithError(reset)
      .get("/bucket/raster.tif")
      .query(true)
      .reply(503)
      .get("/bucket/raster.tif")
      .query(true)
      .reply(200, "bytes");
    const retries: RetryInfo[] = [];
    const fetch = retryingFetch({ ...FAST, onRetry: (info) => void retries.push(info) });
    const response = await fetch(`https://storage.example.com${SIGNED}`);
    expect(await response.text()).toBe("bytes");
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("3");
    expect(retries.map((r) => [r.url, r.status, (r.error as Error | undefined)?.message])).toEqual([
      [
        "https://storage.example.com/bucket/raster.tif?…",
        undefined,
        "GET https://storage.example.com/bucket/raster.tif?… failed: read ECONNRESET",
      ],
      ["https://storage.example.com/bucket/raster.tif?…", 503, undefined],
    ]);
    expect(storage.isDone()).toBe(true);
  });
});

describe("the transfer policy retryingFetch carries (node-fs follows it)", () => {
  const policyOf = (options: RetryOptions = {}): RetryPolicy => retryingFetch(options)[TRANSFER_RETRY];
  const attempt = (over: Partial<RetryAttempt>): RetryAttempt => ({
    method: "GET",
    url: "https://storage.test/b?…",
    retriesDone: 0,
    ...over,
  });

  test("core finds it on the client's storageFetch", () => {
    const storageFetch = retryingFetch();
    const client = createClient({ apiKey: "k", storageFetch });
    expect(client.storage.retry).toBe(storageFetch[TRANSFER_RETRY]);
    expect(createClient({ apiKey: "k" }).storage.retry).toBeUndefined();
  });

  test("decides like the fetch: statuses, Retry-After, network errors, methods, the retry budget", () => {
    const policy = policyOf({ backoffFactorMs: 100, jitter: "none", maxRetries: 2 });
    expect(policy.retryDelay(attempt({ status: 503 }))).toBe(100);
    expect(policy.retryDelay(attempt({ status: 503, retriesDone: 1 }))).toBe(200);
    expect(policy.retryDelay(attempt({ status: 503, retriesDone: 2 }))).toBeUndefined();
    expect(policy.retryDelay(attempt({ status: 429, retryAfter: "3" }))).toBe(3000);
    expect(policy.retryDelay(attempt({ status: 404 }))).toBeUndefined();
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    // A failure of the connection as the transfer's fetch boundary names it: a NetworkError, by type.
    expect(
      policy.retryDelay(attempt({ error: new NetworkError("GET", "https://storage.test/b?…", reset) })),
    ).toBe(100);
    expect(policy.retryDelay(attempt({ error: new Error("bug") }))).toBeUndefined();
    expect(policy.retryDelay(attempt({ method: "PUT", status: 503 }))).toBe(100);
    expect(policy.retryDelay(attempt({ method: "POST", status: 503 }))).toBeUndefined();
    expect(
      policyOf({ methods: ["GET"] }).retryDelay(attempt({ method: "PUT", status: 503 })),
    ).toBeUndefined();
  });

  test("a status outside what a Response can carry (e.g. 999 from a proxy) is given up on, not thrown on", () => {
    expect(policyOf().retryDelay(attempt({ status: 999, retryAfter: "1" }))).toBeUndefined();
  });

  test("beforeRetry tells onRetry, like the fetch's own retries", async () => {
    const seen: RetryInfo[] = [];
    const policy = policyOf({ onRetry: (info) => void seen.push(info) });
    await policy.beforeRetry?.({ ...attempt({ status: 503, retriesDone: 1 }), delayMs: 42 });
    expect(seen).toEqual([
      { attempt: 2, maxRetries: 3, delayMs: 42, method: "GET", url: "https://storage.test/b?…", status: 503 },
    ]);
  });
});
