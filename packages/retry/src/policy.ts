import type { ResolvedRetryOptions } from "./options";

/** How one attempt ended: with a response, or with the error the fetch threw. */
export type Outcome<R = Response> =
  | { response: R; error?: undefined }
  | { response?: undefined; error: unknown };

/** What the policy reads of a response: its status and its `Retry-After` header (a `Response` has both). */
export interface Answer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

/** What to do after an attempt. */
export type Decision = { retry: true; delayMs: number } | { retry: false };

/** Codes (on the error or along its `cause` chain) of a connection that failed or broke: worth another try. */
const NETWORK_ERROR_CODES: readonly string[] = [
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
];

/**
 * Messages that mean the same where there is no code: undici's socket error, and the TypeErrors browsers
 * (Chromium, Firefox, Safari) throw for any failed connection.
 */
const NETWORK_ERROR_MESSAGES: readonly string[] = [
  "other side closed",
  "Failed to fetch",
  "NetworkError when attempting to fetch resource.",
  "Load failed",
];

/** Errors that mean "stop", wherever they appear in the chain: an abort, or a timeout (core's or a signal's). */
const STOP_ERROR_NAMES: readonly string[] = ["AbortError", "TimeoutError"];

const JITTER: Record<ResolvedRetryOptions["jitter"], (backoff: number, random: number) => number> = {
  full: (backoff, random) => backoff * random,
  equal: (backoff, random) => backoff / 2 + (backoff / 2) * random,
  none: (backoff) => backoff,
};

/**
 * Whether the attempt just made should be retried, and after how long. `retriesDone` counts the retries
 * already made; `replayable` is false when the request's body cannot be sent again.
 */
export function decide(
  o: ResolvedRetryOptions,
  request: { method: string; replayable: boolean },
  outcome: Outcome<Answer>,
  retriesDone: number,
): Decision {
  if (retriesDone >= o.maxRetries || !request.replayable || !o.methods.has(request.method)) {
    return { retry: false };
  }
  if (!outcome.response) {
    return o.retryOnNetworkError && isNetworkError(outcome.error)
      ? { retry: true, delayMs: backoffDelay(o, retriesDone + 1) }
      : { retry: false };
  }
  if (!o.statusCodes.has(outcome.response.status)) return { retry: false };
  const retryAfterMs = o.respectRetryAfter
    ? parseRetryAfter(outcome.response.headers.get("retry-after"))
    : undefined;
  if (retryAfterMs === undefined) return { retry: true, delayMs: backoffDelay(o, retriesDone + 1) };
  // `!(<=)`: a Retry-After too large for a number (Infinity) is too long, whatever the options say.
  return !(retryAfterMs <= o.maxRetryAfterMs) ? { retry: false } : { retry: true, delayMs: retryAfterMs };
}

/** The jittered exponential backoff before retry number `retry` (1 for the first), in whole milliseconds. */
export function backoffDelay(o: ResolvedRetryOptions, retry: number): number {
  const backoff = Math.min(o.maxDelayMs, o.backoffFactorMs * 2 ** (retry - 1));
  return Math.round(JITTER[o.jitter](backoff, o.random()));
}

/**
 * A `Retry-After` value in milliseconds: delay-seconds (`"120"`) or an HTTP date (a date already past
 * means 0). `undefined` when absent or unreadable (a negative number too), so that the backoff applies. A
 * number too large to wait for comes back as it is (`Infinity` past the float range): `decide` does not wait
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

/** A connection that failed or broke, as opposed to an abort, a timeout or a bug. */
export function isNetworkError(error: unknown): boolean {
  let found = false;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (STOP_ERROR_NAMES.includes(e.name)) return false;
    const code = (e as { code?: unknown }).code;
    if (
      (typeof code === "string" && NETWORK_ERROR_CODES.includes(code)) ||
      NETWORK_ERROR_MESSAGES.includes(e.message)
    ) {
      found = true;
    }
  }
  return found;
}
