import { ValidationError } from "@picterra/core/machinery";

/** What `onRetry` is told before each retry. */
export interface RetryInfo {
  /** Which retry this is (1 for the first); equally, how many attempts have been made so far. */
  attempt: number;
  /** The `maxRetries` in force. */
  maxRetries: number;
  /** How long the retry waits first, in milliseconds (from `Retry-After` or the backoff). */
  delayMs: number;
  /** Upper-case HTTP method. */
  method: string;
  /** The URL without its query string or fragment, safe to log. */
  url: string;
  /** The status of the response being retried, when it was a response. */
  status?: number;
  /** The network error being retried, when it was one. */
  error?: unknown;
}

/**
 * How requests are retried. Every option is optional; the defaults are `DEFAULTS` below
 * (exported as `retryDefaults`).
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt, so at most `maxRetries + 1` requests. 0 turns retrying off.
   * @default 3
   */
  maxRetries?: number;
  /**
   * Response statuses that are retried (rate limited, bad gateway, unavailable, gateway timeout).
   * @default [429, 502, 503, 504]
   */
  statusCodes?: readonly number[];
  /**
   * Methods that are retried (case-insensitive). Only idempotent ones by default: a retried POST may
   * create a second raster or start a second detection. A retried request's body is kept in memory.
   * @default ["GET", "HEAD", "OPTIONS"]
   */
  methods?: readonly string[];
  /**
   * Backoff before retry n is `backoffFactorMs × 2^(n−1)`, capped by `maxDelayMs`, then jittered.
   * @default 500
   */
  backoffFactorMs?: number;
  /**
   * Upper bound of the backoff before jitter, in milliseconds (does not apply to `Retry-After`); finite.
   * @default 30000
   */
  maxDelayMs?: number;
  /**
   * How the backoff is randomised so that many clients do not retry in lockstep: `"full"` waits a random
   * time in [0, backoff), `"equal"` in [backoff/2, backoff), `"none"` exactly the backoff.
   * @default "equal"
   */
  jitter?: "full" | "equal" | "none";
  /**
   * Wait as long as the response's `Retry-After` says (seconds or an HTTP date) instead of the backoff.
   * @default true
   */
  respectRetryAfter?: boolean;
  /**
   * Longest `Retry-After` worth waiting for, in milliseconds; finite, so that no number a server sends makes a
   * wait without end. A longer one (a huge number, a date far ahead) is not waited for: the response is
   * returned as it is, so the caller sees the 429/503 at once instead of a call that hangs.
   * @default 60000
   */
  maxRetryAfterMs?: number;
  /**
   * Retry a retryable method whose connection failed or broke (refused, reset, closed by the other side).
   * An abort or a timeout is never retried: those mean stop.
   * @default true
   */
  retryOnNetworkError?: boolean;
  /** Called before each retry waits, e.g. to log it; awaited. Throwing stops retrying with that error. */
  onRetry?: (info: RetryInfo) => void | Promise<void>;
  /** Source of randomness for the jitter, returning [0, 1); for deterministic tests. @default Math.random */
  random?: () => number;
}

/** The defaults, in one place. */
export const DEFAULTS = Object.freeze({
  /** Three retries after the first attempt: four requests at most. */
  maxRetries: 3,
  /** Rate limited, bad gateway, unavailable, gateway timeout. */
  statusCodes: Object.freeze([429, 502, 503, 504]),
  /** The idempotent methods the API is called with; a POST is never retried unless asked for. */
  methods: Object.freeze(["GET", "HEAD", "OPTIONS"]),
  /**
   * 500 ms: waits of ~0.5, 1 and 2 s, so a blip is ridden out within a few seconds, which an interactive caller
   * can bear (the Python client's factor of 10 s, 10 + 20 + 40 s, is for unattended batch jobs).
   */
  backoffFactorMs: 500,
  /** The backoff never exceeds 30 s. */
  maxDelayMs: 30_000,
  /** `"equal"` keeps at least half the backoff, so an overloaded server really gets a pause, and still spreads clients apart. */
  jitter: "equal",
  /** A `Retry-After` is waited for rather than the backoff. */
  respectRetryAfter: true,
  /** A `Retry-After` longer than 60 s is not waited for: the answer is returned as it is. */
  maxRetryAfterMs: 60_000,
  /** A failed, broken or stalled connection is retried. */
  retryOnNetworkError: true,
  /** `Math.random` draws the jitter. */
  random: Math.random,
} as const satisfies Required<Omit<RetryOptions, "onRetry">>);

/** Options with the defaults filled in, lists turned into sets. */
export interface ResolvedRetryOptions {
  /** Retries after the first attempt (see `RetryOptions.maxRetries`). */
  readonly maxRetries: number;
  /** The statuses that are retried. */
  readonly statusCodes: ReadonlySet<number>;
  /** The methods that are retried, upper-case. */
  readonly methods: ReadonlySet<string>;
  /** The backoff's factor, in ms (see `RetryOptions.backoffFactorMs`). */
  readonly backoffFactorMs: number;
  /** The backoff's upper bound before jitter, in ms. */
  readonly maxDelayMs: number;
  /** How the backoff is randomised (see `RetryOptions.jitter`). */
  readonly jitter: "full" | "equal" | "none";
  /** Whether a `Retry-After` is waited for instead of the backoff. */
  readonly respectRetryAfter: boolean;
  /** The longest `Retry-After` waited for, in ms. */
  readonly maxRetryAfterMs: number;
  /** Whether a failed, broken or stalled connection is retried. */
  readonly retryOnNetworkError: boolean;
  /** Awaited before each retry waits, when given. */
  readonly onRetry?: RetryOptions["onRetry"];
  /** The source of randomness for the jitter. */
  readonly random: () => number;
}

/**
 * Merges `options` over `DEFAULTS` (an option given as `undefined` keeps its default) and checks them: a
 * `ValidationError` (a PicterraError) for a number that is negative, not finite or not an integer where one
 * is needed, or an unknown jitter.
 */
export function resolveOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const given: RetryOptions = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
  const merged = { ...DEFAULTS, ...given };
  check("maxRetries", merged.maxRetries, Number.isInteger(merged.maxRetries), "integer");
  check("backoffFactorMs", merged.backoffFactorMs, Number.isFinite(merged.backoffFactorMs));
  check("maxDelayMs", merged.maxDelayMs, Number.isFinite(merged.maxDelayMs));
  check("maxRetryAfterMs", merged.maxRetryAfterMs, Number.isFinite(merged.maxRetryAfterMs));
  if (!["full", "equal", "none"].includes(merged.jitter)) {
    throw new ValidationError(
      `retry: jitter must be "full", "equal" or "none", got ${JSON.stringify(merged.jitter)}`,
    );
  }
  return {
    ...merged,
    statusCodes: new Set(merged.statusCodes),
    methods: new Set(merged.methods.map((method) => method.toUpperCase())),
  };
}

function check(name: string, value: number, valid: boolean, kind = "finite number"): void {
  if (typeof value !== "number" || !valid || value < 0) {
    throw new ValidationError(`retry: ${name} must be a non-negative ${kind}, got ${String(value)}`);
  }
}
