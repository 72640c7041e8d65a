import {
  IdleTimeoutError,
  NetworkError,
  type RetryAttempt,
  type RetryPolicy,
} from "@picterra/core/machinery";
import { type RetryOptions, type ResolvedRetryOptions, resolveOptions } from "./options";

const JITTER: Record<ResolvedRetryOptions["jitter"], (backoff: number, random: number) => number> = {
  full: (backoff, random) => backoff * random,
  equal: (backoff, random) => backoff / 2 + (backoff / 2) * random,
  none: (backoff) => backoff,
};

/**
 * How requests are retried, as the policy of core's one retry loop (`withRetries` of
 * `@picterra/core/machinery`): `retry()`, `retryingFetch()` and `@picterra/node-fs`'s transfers all ask it.
 * A failed attempt is retried, for a method in `methods`, within `maxRetries`, when it answered a status in
 * `statusCodes` (after its `Retry-After`, up to `maxRetryAfterMs`, else the jittered backoff) or its
 * connection failed, broke or stalled (`retryOnNetworkError`); `onRetry` is awaited before each wait.
 * Options out of range are a `ValidationError`.
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return policyOf(resolveOptions(options));
}

/** `retryPolicy` of options already resolved. */
export function policyOf(o: ResolvedRetryOptions): RetryPolicy {
  return {
    retryDelay: (attempt) => retryDelay(o, attempt),
    async beforeRetry(attempt) {
      await o.onRetry?.({
        attempt: attempt.retriesDone + 1,
        maxRetries: o.maxRetries,
        delayMs: attempt.delayMs,
        method: attempt.method,
        url: attempt.url,
        ...(attempt.status === undefined ? { error: attempt.error } : { status: attempt.status }),
      });
    },
  };
}

/** The delay before retrying the attempt that just failed, or `undefined` not to retry it. */
export function retryDelay(o: ResolvedRetryOptions, attempt: RetryAttempt): number | undefined {
  const { retriesDone, status } = attempt;
  if (retriesDone >= o.maxRetries || !o.methods.has(attempt.method.toUpperCase())) return undefined;
  if (status === undefined) {
    return o.retryOnNetworkError && isNetworkError(attempt.error)
      ? backoffDelay(o, retriesDone + 1)
      : undefined;
  }
  if (!o.statusCodes.has(status)) return undefined;
  const retryAfterMs = o.respectRetryAfter ? parseRetryAfter(attempt.retryAfter ?? null) : undefined;
  if (retryAfterMs === undefined) return backoffDelay(o, retriesDone + 1);
  // `!(<=)`: a Retry-After too large for a number (Infinity) is too long, whatever the options say.
  return !(retryAfterMs <= o.maxRetryAfterMs) ? undefined : retryAfterMs;
}

/** The jittered exponential backoff before retry number `retry` (1 for the first), in whole milliseconds. */
export function backoffDelay(o: ResolvedRetryOptions, retry: number): number {
  const backoff = Math.min(o.maxDelayMs, o.backoffFactorMs * 2 ** (retry - 1));
  return Math.round(JITTER[o.jitter](backoff, o.random()));
}

/**
 * A `Retry-After` value in milliseconds: delay-seconds (`"120"`) or an HTTP date (a date already past
 * means 0). `undefined` when absent or unreadable (a negative number too), so that the backoff applies. A
 * number too large to wait for comes back as it is (`Infinity` past the float range): the policy does not wait
 * for more than `maxRetryAfterMs`.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A connection that failed, broke or stalled, as opposed to an abort, a timeout of the call, an answer that is
 * not usable, or a bug: by type, as the fetch boundary made it (core's `fetchFailure`: whatever a fetch rejects
 * with that is not an abort, "Failed to fetch" and "Load failed" included, is a `NetworkError`), never by its
 * message.
 */
export function isNetworkError(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof IdleTimeoutError;
}
