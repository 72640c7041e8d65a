import { describe, expect, test } from "vitest";
import { PicterraError, ValidationError } from "@picterra/core";
import { RetryError } from "../src/errors";
import { DEFAULTS, resolveOptions } from "../src/options";
import { backoffDelay, decide, isNetworkError, parseRetryAfter } from "../src/policy";

const GET = { method: "GET", replayable: true };
const response = (status: number, headers?: Record<string, string>) => ({
  response: new Response(null, { status, headers }),
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
      const decision = decide(o, GET, response(503, { "retry-after": value }), 0);
      if (decision.retry) {
        // Unreadable (a negative number, "1e9", "NaN"): the bounded backoff, not the server's number.
        expect(decision.delayMs).toBeLessThanOrEqual(o.maxDelayMs);
      }
    }
    expect(parseRetryAfter("9".repeat(400))).toBe(Number.POSITIVE_INFINITY);
    expect(decide(o, GET, response(503, { "retry-after": "9".repeat(400) }), 0)).toEqual({ retry: false });
    expect(decide(o, GET, response(503, { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" }), 0)).toEqual({
      retry: false,
    });
    expect(parseRetryAfter("-5")).toBeUndefined();
  });
});

describe("decide", () => {
  const o = resolveOptions({ backoffFactorMs: 100, jitter: "none" });
  test("retryable statuses, within the budget, for retryable methods with a replayable body", () => {
    expect(decide(o, GET, response(503), 0)).toEqual({ retry: true, delayMs: 100 });
    expect(decide(o, GET, response(503), 2)).toEqual({ retry: true, delayMs: 400 });
    expect(decide(o, GET, response(503), 3)).toEqual({ retry: false });
    expect(decide(o, GET, response(500), 0)).toEqual({ retry: false });
    expect(decide(o, GET, response(200), 0)).toEqual({ retry: false });
    expect(decide(o, { method: "POST", replayable: true }, response(503), 0)).toEqual({ retry: false });
    expect(decide(o, { method: "GET", replayable: false }, response(503), 0)).toEqual({ retry: false });
  });

  test("Retry-After wins over the backoff unless it exceeds maxRetryAfterMs", () => {
    expect(decide(o, GET, response(429, { "retry-after": "2" }), 0)).toEqual({ retry: true, delayMs: 2000 });
    expect(decide(o, GET, response(429, { "retry-after": "61" }), 0)).toEqual({ retry: false });
    const ignoring = resolveOptions({ backoffFactorMs: 100, jitter: "none", respectRetryAfter: false });
    expect(decide(ignoring, GET, response(429, { "retry-after": "61" }), 0)).toEqual({
      retry: true,
      delayMs: 100,
    });
  });

  test("network errors only when retryOnNetworkError", () => {
    const reset = new TypeError("fetch failed", {
      cause: Object.assign(new Error("read"), { code: "ECONNRESET" }),
    });
    expect(decide(o, GET, { error: reset }, 0)).toEqual({ retry: true, delayMs: 100 });
    const off = resolveOptions({ retryOnNetworkError: false });
    expect(decide(off, GET, { error: reset }, 0)).toEqual({ retry: false });
  });
});

describe("isNetworkError", () => {
  const withCause = (cause: unknown) => new TypeError("fetch failed", { cause });
  const coded = (code: string) => Object.assign(new Error(code), { code });
  test.each(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET"])(
    "cause code %s",
    (code) => {
      expect(isNetworkError(withCause(coded(code)))).toBe(true);
    },
  );
  test("undici's 'other side closed', a browser's 'Failed to fetch', a code on the error itself", () => {
    expect(isNetworkError(withCause(new Error("other side closed")))).toBe(true);
    expect(isNetworkError(new TypeError("Failed to fetch"))).toBe(true);
    expect(isNetworkError(coded("ECONNRESET"))).toBe(true);
  });
  test("aborts, timeouts and anything else are not", () => {
    expect(isNetworkError(new DOMException("aborted", "AbortError"))).toBe(false);
    expect(isNetworkError(new DOMException("timed out", "TimeoutError"))).toBe(false);
    const timeout = Object.assign(new Error("GET timed out"), { name: "TimeoutError" });
    expect(isNetworkError(timeout)).toBe(false);
    expect(isNetworkError(Object.assign(withCause(coded("ECONNRESET")), { name: "AbortError" }))).toBe(false);
    expect(isNetworkError(withCause(new DOMException("aborted", "AbortError")))).toBe(false);
    expect(isNetworkError(withCause(coded("ENOTFOUND")))).toBe(false);
    expect(isNetworkError(new TypeError("Invalid URL"))).toBe(false);
    expect(isNetworkError("ECONNRESET")).toBe(false);
  });
});

describe("messages", () => {
  test("RetryError is a PicterraError naming the call, its URL and the URLs in its cause without their queries", () => {
    const cause = new Error("request to https://s.example.com/a?sig=s3cr3t failed, reason: socket hang up");
    const error = new RetryError({
      method: "GET",
      url: "https://s.example.com/a?sig=s3cr3t",
      attempts: 4,
      cause,
    });
    expect(error).toBeInstanceOf(PicterraError);
    expect(error.message).toBe(
      "GET https://s.example.com/a?… failed after 4 attempts: request to https://s.example.com/a?… failed, reason: socket hang up",
    );
    expect(error.method).toBe("GET");
    expect(error.url).toBe("https://s.example.com/a?…");
    expect(error.cause).toBe(cause);
    expect(error.name).toBe("RetryError");
  });
});
