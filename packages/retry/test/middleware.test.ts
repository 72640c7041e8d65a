import createClient from "openapi-fetch";
import { afterEach, describe, expect, test } from "vitest";
import { NetworkError, TimeoutError, createClient as createPicterraClient } from "@picterra/core";
import { ATTEMPTS_HEADER, type RetryInfo, type RetryOptions, retry } from "../src/index";
import { type Reply, type TestServer, startServer, type paths } from "./server";

const API_KEY = "key-that-must-not-leak";
// Small, deterministic delays: backoff 4 ms × 2^(n−1), equal jitter at random 0.5 → 3, 6, 12 ms.
const FAST: RetryOptions = { backoffFactorMs: 4, random: () => 0.5 };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  replies: Reply[],
  options: RetryOptions = {},
  fetch?: (request: Request) => Promise<Response>,
) {
  server = await startServer(replies);
  const retries: RetryInfo[] = [];
  const client = createClient<paths>({
    baseUrl: server.url,
    headers: { "X-Api-Key": API_KEY },
    ...(fetch ? { fetch } : {}),
  });
  client.use(retry({ ...FAST, onRetry: (info) => void retries.push(info), ...options }));
  return { client, server, retries };
}

const json = (status: number, headers?: Record<string, string>): Reply => ({ status, headers });

describe("retry() as openapi-fetch middleware", () => {
  test("429 → 502 → 200 succeeds after 2 retries", async () => {
    const { client, server, retries } = await setup([json(429), json(502), json(200)]);
    const { data, response } = await client.GET("/items/");
    expect(data).toEqual({ status: 200 });
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => r.status)).toEqual([429, 502]);
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("3");
    expect(response.url).toBe(`${server.url}/items/`);
  });

  test("429 → 502 → 502 with maxRetries 1 gives up after exactly 2 requests, marked with the attempts", async () => {
    const { client, server } = await setup([json(429), json(502), json(502)], { maxRetries: 1 });
    const { data, error, response } = await client.GET("/items/");
    expect(data).toBeUndefined();
    expect(error).toEqual({ status: 502 });
    expect(response.status).toBe(502);
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("2");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(server.requests).toHaveLength(2);
  });

  test("a first-time success is passed through untouched", async () => {
    const { client, retries } = await setup([json(200)]);
    const { response } = await client.GET("/items/");
    expect(response.headers.has(ATTEMPTS_HEADER)).toBe(false);
    expect(retries).toEqual([]);
  });

  test("statuses outside statusCodes are not retried", async () => {
    const { client, server } = await setup([json(500), json(200)]);
    const { response } = await client.GET("/items/");
    expect(response.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  test("maxRetries 0 turns retrying off", async () => {
    const { client, server } = await setup([json(503), json(200)], { maxRetries: 0 });
    expect((await client.GET("/items/")).response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test("Retry-After in seconds is honoured", async () => {
    const { client, server, retries } = await setup([json(429, { "Retry-After": "1" }), json(200)]);
    const { response } = await client.GET("/items/");
    expect(response.status).toBe(200);
    expect(retries.map((r) => r.delayMs)).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
  });

  test("Retry-After as an HTTP date is honoured", async () => {
    const date = new Date(Date.now() + 1500).toUTCString();
    const { client, retries } = await setup([json(503, { "Retry-After": date }), json(200)]);
    expect((await client.GET("/items/")).response.status).toBe(200);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.delayMs).toBeGreaterThan(0);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(1500);
  });

  test("a Retry-After above maxRetryAfterMs is not waited for: that response is returned", async () => {
    const { client, server, retries } = await setup([json(429, { "Retry-After": "120" }), json(200)], {
      maxRetryAfterMs: 60_000,
    });
    const { response } = await client.GET("/items/");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("120");
    expect(server.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  test("respectRetryAfter false uses the backoff instead", async () => {
    const { client, retries } = await setup([json(429, { "Retry-After": "120" }), json(200)], {
      respectRetryAfter: false,
    });
    expect((await client.GET("/items/")).response.status).toBe(200);
    expect(retries.map((r) => r.delayMs)).toEqual([3]);
  });

  test("POST is not retried by default", async () => {
    const { client, server } = await setup([json(503), json(201)]);
    const { response } = await client.POST("/items/", { body: { name: "site", size: 3 } });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test("POST is retried when methods includes it, with the same body and headers", async () => {
    const { client, server } = await setup([json(503), json(502), json(201)], { methods: ["get", "post"] });
    const { data, response } = await client.POST("/items/", { body: { name: "site", size: 3 } });
    expect(data).toEqual({ status: 201 });
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("3");
    expect(server.requests).toHaveLength(3);
    for (const received of server.requests) {
      expect(received.method).toBe("POST");
      expect(received.body).toBe(JSON.stringify({ name: "site", size: 3 }));
      expect(received.headers["content-type"]).toBe("application/json");
      expect(received.headers["x-api-key"]).toBe(API_KEY);
    }
  });

  test("retries send the request as later middleware left it", async () => {
    const { client, server } = await setup([json(503), json(201)], { methods: ["POST"] });
    client.use({
      onRequest: ({ request }) => {
        request.headers.set("x-signed", "yes");
        return request;
      },
    });
    await client.POST("/items/", { body: { name: "site", size: 3 } });
    expect(server.requests.map((r) => [r.headers["x-signed"], r.body])).toEqual([
      ["yes", '{"name":"site","size":3}'],
      ["yes", '{"name":"site","size":3}'],
    ]);
  });

  test("retries go through the client's fetch (core's, which applies the per-attempt timeout)", async () => {
    const sent: string[] = [];
    const { client } = await setup([json(502), json(503), json(200)], {}, (request) => {
      sent.push(request.method);
      return fetch(request);
    });
    expect((await client.GET("/items/")).response.status).toBe(200);
    expect(sent).toEqual(["GET", "GET", "GET"]);
  });

  test("an abort during the backoff rejects promptly with the signal's reason", async () => {
    const controller = new AbortController();
    const { client, server } = await setup([json(503), json(200)], {
      backoffFactorMs: 10_000,
      jitter: "none",
      onRetry: () => {
        // With a 10 s backoff ahead, only the abort can end the call before the retry succeeds.
        setTimeout(() => controller.abort(), 20);
      },
    });
    const call = client.GET("/items/", { signal: controller.signal });
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
  });

  test("a dropped connection is retried and the request succeeds", async () => {
    const { client, server, retries } = await setup(["destroy", json(200)]);
    const { data, response } = await client.GET("/items/");
    expect(data).toEqual({ status: 200 });
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("2");
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.status).toBeUndefined();
    // What the fetch rejected with, as the NetworkError naming the request that the fetch boundary makes it.
    expect(retries[0]!.error).toBeInstanceOf(NetworkError);
    expect((retries[0]!.error as NetworkError).cause).toBeInstanceOf(TypeError);
  });

  test("a dropped connection then a retryable status keeps retrying within the same budget", async () => {
    const { client, server } = await setup(["destroy", json(503), json(503)], { maxRetries: 2 });
    const { response } = await client.GET("/items/");
    expect(response.status).toBe(503);
    expect(response.headers.get(ATTEMPTS_HEADER)).toBe("3");
    expect(server.requests).toHaveLength(3);
  });

  test("network errors that use up the retries throw a NetworkError with the attempts and the last failure", async () => {
    const { client, server } = await setup(["destroy"], { maxRetries: 2 });
    const error = await client.GET("/items/", { params: { query: { page: 2, signature: "s3cr3t" } } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    const exhausted = error as NetworkError;
    expect(exhausted.attempts).toBe(3);
    expect(exhausted.method).toBe("GET");
    expect(exhausted.url).toBe(`${server.url}/items/?…`);
    expect(exhausted.message).toBe(
      `GET ${server.url}/items/?… failed after 3 attempts: fetch failed: other side closed (UND_ERR_SOCKET)`,
    );
    expect(exhausted.cause).toBeInstanceOf(NetworkError);
    expect((exhausted.cause as NetworkError).cause).toBeInstanceOf(TypeError);
    expect(exhausted.message).not.toContain("s3cr3t");
    expect(exhausted.message).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(3);
  });

  test.each(["Failed to fetch", "Load failed"])(
    "core's client retries a fetch that rejects with a browser's TypeError(%j), and says so when it always does",
    async (message) => {
      let calls = 0;
      const flaky = async () => {
        calls++;
        if (calls === 1) throw new TypeError(message);
        return Response.json({ id: "r1" });
      };
      const picterra = createPicterraClient({ apiKey: API_KEY, fetch: flaky, middleware: [retry(FAST)] });
      expect(await picterra.getRaster("r1")).toEqual({ id: "r1" });
      expect(calls).toBe(2);
      const down = createPicterraClient({
        apiKey: API_KEY,
        fetch: async () => {
          throw new TypeError(message);
        },
        middleware: [retry({ ...FAST, maxRetries: 2 })],
      });
      const error = await down.getRaster("r1").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).attempts).toBe(3);
      expect((error as Error).message).toMatch(/\/rasters\/r1\/ failed after 3 attempts: /);
      expect((error as Error).message).toContain(message);
    },
  );

  test("a dropped POST is not retried by default: the original error surfaces", async () => {
    const { client, server } = await setup(["destroy", json(201)]);
    await expect(client.POST("/items/", { body: { name: "a", size: 1 } })).rejects.toThrow("fetch failed");
    expect(server.requests).toHaveLength(1);
  });

  test("retryOnNetworkError false leaves network errors alone", async () => {
    const { client, server } = await setup(["destroy", json(200)], { retryOnNetworkError: false });
    await expect(client.GET("/items/")).rejects.toThrow("fetch failed");
    expect(server.requests).toHaveLength(1);
  });

  test("a timeout (core's TimeoutError) is never retried", async () => {
    const { client, server } = await setup(["hang", json(200)], {}, async (request) => {
      const timeout = AbortSignal.timeout(50);
      try {
        return await fetch(new Request(request, { signal: AbortSignal.any([request.signal, timeout]) }));
      } catch (error) {
        throw timeout.aborted ? new TimeoutError("GET", request.url, 50) : error;
      }
    });
    await expect(client.GET("/items/")).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  test("onRetry gets attempt, maxRetries, delay, method, status and the URL without its query", async () => {
    const { client, server, retries } = await setup([json(503), json(504), json(200)]);
    await client.GET("/items/", { params: { query: { page: 2, signature: "s3cr3t" } } });
    expect(server.requests[0]!.url).toBe("/items/?page=2&signature=s3cr3t");
    expect(retries).toEqual([
      { attempt: 1, maxRetries: 3, delayMs: 3, method: "GET", url: `${server.url}/items/?…`, status: 503 },
      { attempt: 2, maxRetries: 3, delayMs: 6, method: "GET", url: `${server.url}/items/?…`, status: 504 },
    ]);
  });

  test("an onRetry that throws stops retrying with its error", async () => {
    const { client, server } = await setup([json(503), json(200)], {
      onRetry: () => {
        throw new Error("stop");
      },
    });
    await expect(client.GET("/items/")).rejects.toThrow("stop");
    expect(server.requests).toHaveLength(1);
  });
});
