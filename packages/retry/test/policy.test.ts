import { describe, expect, test } from "vitest";
import { IdleTimeoutError, NetworkError, PicterraError, TimeoutError, ValidationError } from "@picterra/core";
import type { RetryAttempt } from "@picterra/core/machinery";
import { DEFAULTS, resolveOptions } from "../src/options";
import { backoffDelay, isNetworkError, parseRetryAfter, retryDelay, retryPolicy } from "../src/policy";

const at = (method: string, status: number, retryAfter?: string): RetryAttempt => ({
  method,
  url: "https://api.test/a/",
  retriesDone: 0,
  status,
  retryAfter,
});
const GET = (status: number, headers: { "retry-after"?: string } = {}) =>
  at("GET", status, headers["retry-after"]);
const failed = (error: unknown, retriesDone = 0): RetryAttempt => ({
  method: "GET",
  url: "https://api.test/a/",
  retriesDone,
  error,
});

describe("options", () => {
  test("defaults", () => {
    const o = resolveOptions();
    expect(o.maxRetries).toBe(3);
    expect([...o.statusCodes]).toEqual([429, 502, 503, 504]);
    expect([...o.methods]).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(o.backoffFactorMs).toBe(500);
    expect(o.maxRetryAfterMs).toBe(60_000);
    expect(o.random).toBe(Math.random);
    expect(Object.isFrozen(DEFAULTS) && Object.isFrozen(DEFAULTS.methods)).toBe(true);
  });

  test("an option given as undefined keeps its default; methods are upper-cased", () => {
    const o = resolveOptions({ maxRetries: undefined, methods: ["get", "Put"] });
    expect(o.maxRetries).toBe(3);
    expect([...o.methods]).toEqual(["GET", "PUT"]);
  });

  test("invalid numbers are refused", () => {
    expect(() => resolveOptions({ maxRetries: -1 })).toThrow("maxRetries must be a non-negative integer");
    expect(() => resolveOptions({ maxRetries: 1.5 })).toThrow(ValidationError);
    expect(() => resolveOptions({ backoffFactorMs: Number.NaN })).toThrow("backoffFactorMs");
    expect(() => resolveOptions({ jitter: "some" as "full" })).toThrow("jitter");
  });

  test("every refusal is a ValidationError (a PicterraError), never a bare RangeError", () => {
    for (const bad of [{ maxRetries: -1 }, { backoffFactorMs: -1 }, { jitter: "x" as "full" }]) {
      let error: unknown;
      try {
        resolveOptions(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toBeInstanceOf(PicterraError);
    }
  });

  test("maxRetryAfterMs and maxDelayMs must be finite: no option makes a wait without end", () => {
    expect(() => resolveOptions({ maxRetryAfterMs: Number.POSITIVE_INFINITY })).toThrow(
      "retry: maxRetryAfterMs must be a non-negative finite number, got Infinity",
    );
    expect(() => resolveOptions({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow("maxDelayMs");
  });
});

describe("backoff", () => {
  test("factor × 2^(n−1), capped by maxDelayMs, with each kind of jitter", () => {
    const at = (jitter: "full" | "equal" | "none", random: number) =>
      resolveOptions({ backoffFactorMs: 500, maxDelayMs: 3000, jitter, random: () => random });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(at("none", 0.9), n))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay(at("full", 0.5), n))).toEqual([250, 500, 1000]);
    expect([1, 2, 3].map((n) => backoffDelay(at("equal", 0), n))).toEqual([250, 500, 1000]);
    expect([1, 2, 3].map((n) => backoffDelay(at("equal", 0.5), n))).toEqual([375, 750, 1500]);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  test.each([
    ["1", 1000],
    [" 120 ", 120_000],
    ["0.5", 500],
    ["Wed, 01 Jan 2025 00:00:30 GMT", 30_000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    ["", undefined],
  ])("%j → %j ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  test("absent → the backoff", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  test("a huge number or a date far ahead is never waited for: the response comes back at once", () => {
    const o = resolveOptions({ maxRetryAfterMs: 2 ** 40 });
    for (const value of [
      "1e9",
      "9".repeat(400),
      "99999999999999",
      "Fri, 31 Dec 9999 23:59:59 GMT",
      "-5",
      "NaN",
    ]) {
      const delay = retryDelay(o, GET(503, { "retry-after": value }));
      if (delay !== undefined) {
        // Unreadable (a negative number, "1e9", "NaN"): the bounded backoff, not the server's number.
        expect(delay).toBeLessThanOrEqual(o.maxDelayMs);
      }
    }
    expect(parseRetryAfter("9".repeat(400))).toBe(Number.POSITIVE_INFINITY);
    expect(retryDelay(o, GET(503, { "retry-after": "9".repeat(400) }))).toBeUndefined();
    expect(retryDelay(o, GET(503, { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" }))).toBeUndefined();
    expect(parseRetryAfter("-5")).toBeUndefined();
  });
});

describe("retryDelay", () => {
  const o = resolveOptions({ backoffFactorMs: 100, jitter: "none" });
  test("retryable statuses, within the budget, for retryable methods", () => {
    expect(retryDelay(o, GET(503))).toBe(100);
    expect(retryDelay(o, { ...GET(503), retriesDone: 2 })).toBe(400);
    expect(retryDelay(o, { ...GET(503), retriesDone: 3 })).toBeUndefined();
    expect(retryDelay(o, GET(500))).toBeUndefined();
    expect(retryDelay(o, GET(200))).toBeUndefined();
    expect(retryDelay(o, at("POST", 503))).toBeUndefined();
    expect(retryDelay(o, at("get", 503))).toBe(100);
  });

  test("Retry-After wins over the backoff unless it exceeds maxRetryAfterMs", () => {
    expect(retryDelay(o, GET(429, { "retry-after": "2" }))).toBe(2000);
    expect(retryDelay(o, GET(429, { "retry-after": "61" }))).toBeUndefined();
    const ignoring = resolveOptions({ backoffFactorMs: 100, jitter: "none", respectRetryAfter: false });
    expect(retryDelay(ignoring, GET(429, { "retry-after": "61" }))).toBe(100);
  });

  test("network errors only when retryOnNetworkError", () => {
    const reset = new NetworkError("GET", "https://api.test/a/", new TypeError("fetch failed"));
    expect(retryDelay(o, failed(reset))).toBe(100);
    const off = resolveOptions({ retryOnNetworkError: false });
    expect(retryDelay(off, failed(reset))).toBeUndefined();
  });

  test("the policy tells onRetry before each wait, and its error stops the retries", async () => {
    const told: unknown[] = [];
    const policy = retryPolicy({
      backoffFactorMs: 100,
      jitter: "none",
      onRetry: (info) => void told.push(info),
    });
    expect(policy.retryDelay(GET(503))).toBe(100);
    await policy.beforeRetry?.({ ...GET(503), delayMs: 100 });
    expect(told).toEqual([
      { attempt: 1, maxRetries: 3, delayMs: 100, method: "GET", url: "https://api.test/a/", status: 503 },
    ]);
    const stopping = retryPolicy({
      onRetry: () => {
        throw new Error("stop");
      },
    });
    await expect(stopping.beforeRetry?.({ ...GET(503), delayMs: 1 })).rejects.toThrow("stop");
    expect(() => retryPolicy({ maxRetries: -1 })).toThrow(ValidationError);
  });
});

describe("isNetworkError: by type, as the fetch boundary made it, never by message", () => {
  test("a NetworkError (a connection refused, reset, a browser's 'Load failed') or a stall is", () => {
    for (const cause of [
      new TypeError("Failed to fetch"),
      new TypeError("Load failed"),
      new Error("anything"),
    ]) {
      expect(isNetworkError(new NetworkError("GET", "https://api.test/a/", cause))).toBe(true);
    }
    expect(isNetworkError(new IdleTimeoutError("GET", "https://s.test/a", 60_000))).toBe(true);
  });
  test("aborts, timeouts, errors no fetch boundary named, and anything else are not", () => {
    expect(isNetworkError(new DOMException("aborted", "AbortError"))).toBe(false);
    expect(isNetworkError(new DOMException("timed out", "TimeoutError"))).toBe(false);
    expect(isNetworkError(new TimeoutError("GET", "https://api.test/a/", 30_000))).toBe(false);
    // Its message is a browser's, but nothing said it came from a fetch: the boundary (fetchFailure) decides.
    expect(isNetworkError(new TypeError("Failed to fetch"))).toBe(false);
    expect(isNetworkError(new PicterraError("no"))).toBe(false);
    expect(isNetworkError("ECONNRESET")).toBe(false);
  });
});
