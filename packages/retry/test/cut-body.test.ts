import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { NetworkError, createClient } from "@picterra/core";
import { afterEach, expect, test } from "vitest";
import { type RetryInfo, retry } from "../src/index";

// An API response whose chunked body is cut mid-way, the first time only: core reads a body of up to 1 MiB
// whole before middleware sees the response, so the cut is a NetworkError of the fetch, which retry() retries
// for an idempotent method.

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const PAGE = JSON.stringify({
  count: 1,
  next: null,
  previous: null,
  results: [{ id: "d1", name: "x".repeat(5000) }],
});

/** A server whose first `cuts` answers send half a chunked body and destroy the socket; the next ones are whole. */
async function start(cuts: number): Promise<{ base: string; requests: () => number }> {
  let requests = 0;
  server = createServer((_, res) => {
    requests++;
    res.writeHead(200, { "content-type": "application/json" });
    if (requests > cuts) return res.end(PAGE);
    res.write(PAGE.slice(0, PAGE.length / 2), () => setImmediate(() => res.socket?.destroy()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests: () => requests };
}

const FAST = { backoffFactorMs: 4, random: () => 0.5 };

test("a GET whose body is cut once is retried and succeeds", async () => {
  const { base, requests } = await start(1);
  const retries: RetryInfo[] = [];
  const client = createClient({
    apiKey: "cut-body-key-0123",
    baseUrl: base,
    middleware: [retry({ ...FAST, onRetry: (info) => void retries.push(info) })],
  });
  const page = await client.listDetectors();
  expect(page.results).toEqual([{ id: "d1", name: "x".repeat(5000) }]);
  expect(requests()).toBe(2);
  expect(retries).toHaveLength(1);
  expect(retries[0]!.error).toBeInstanceOf(NetworkError);
});

test("cut every time: a NetworkError naming the call after the retries, never a bare `Error: aborted`", async () => {
  const { base, requests } = await start(100);
  const client = createClient({
    apiKey: "cut-body-key-0123",
    baseUrl: base,
    middleware: [retry({ ...FAST, maxRetries: 2 })],
  });
  const error = await client.listDetectors().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).attempts).toBe(3);
  expect((error as Error).message).toMatch(
    /^GET http:\/\/127\.0\.0\.1:\d+\/public\/api\/v2\/detectors\/\?page_number=1 failed after 3 attempts: /,
  );
  expect(requests()).toBe(3);
});

test("a POST whose body is cut is not retried: a NetworkError naming it", async () => {
  const { base, requests } = await start(1);
  const client = createClient({ apiKey: "cut-body-key-0123", baseUrl: base, middleware: [retry(FAST)] });
  const error = await client.createFolder("f").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as Error).message).toContain("POST http://127.0.0.1");
  expect(requests()).toBe(1);
});
