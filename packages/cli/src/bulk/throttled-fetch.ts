import { AsyncLocalStorage } from "node:async_hooks";
import {
  type FetchLike,
  type RetryPolicy,
  nodeTransport,
  redactUrl,
  withRetries,
} from "@picterra/core/machinery";
import { parseRetryAfter } from "@picterra/retry";
import type { Governor } from "./governor";

/**
 * The priority of the API requests made within `requestPriority.run(priority, fn)`: a bulk run gives each item
 * its position, so that the governor lets the requests of items started first go first.
 */
export const requestPriority = new AsyncLocalStorage<number>();

/** What the throttled fetch tells its caller, e.g. to count retries on the progress line. */
export interface ThrottleEvents {
  /** A request was refused with 429 and will be sent again after `waitMs`. */
  onThrottled?: (info: { method: string; waitMs: number }) => void;
}

/** Limits of the throttled fetch; defaults in `THROTTLE_DEFAULTS`. */
export interface ThrottleLimits {
  /** A `Retry-After` longer than this is not waited for: the 429 goes to the caller (an APIError). */
  maxRetryAfterMs: number;
  /** How many 429s one request may get before the last one goes to the caller. */
  maxRefusals: number;
}

export const THROTTLE_DEFAULTS: ThrottleLimits = Object.freeze({
  maxRetryAfterMs: 10 * 60_000,
  maxRefusals: 20,
});

/**
 * The policy of a throttled request on core's retry loop: a 429 is sent again, whatever the method (a throttled
 * request was not processed, so sending a POST again creates nothing twice), at once: the governor's `acquire`
 * before each attempt makes the wait. A 429 whose `Retry-After` is too long to wait, or one too many, goes to
 * the caller; other statuses and errors too (retry() handles 5xx and dropped connections).
 */
export function throttlePolicy(limits: ThrottleLimits, events: ThrottleEvents = {}): RetryPolicy {
  return {
    retryDelay: ({ status, retryAfter, retriesDone }) =>
      status === 429 && retriesDone < limits.maxRefusals && waitable(retryAfter ?? null, limits)
        ? 0
        : undefined,
    beforeRetry: ({ method, retryAfter }) =>
      events.onThrottled?.({ method, waitMs: parseRetryAfter(retryAfter ?? null) ?? 0 }),
  };
}

function waitable(retryAfter: string | null, limits: ThrottleLimits): boolean {
  const ms = parseRetryAfter(retryAfter);
  return ms === undefined || ms <= limits.maxRetryAfterMs;
}

/**
 * A fetch for API calls that asks the governor before each request, sends it with `fetchImpl` (core's Node
 * transport by default: `node:http` with a keep-alive agent), tells the governor how it was answered, and
 * sends a request refused with 429 again once the governor lets it (`throttlePolicy`).
 */
export function throttledFetch(
  governor: Governor,
  events: ThrottleEvents = {},
  limits: ThrottleLimits = THROTTLE_DEFAULTS,
  fetchImpl: FetchLike = nodeTransport.fetch,
): FetchLike {
  const policy = throttlePolicy(limits, events);
  return async (request) => {
    // API bodies are small JSON: kept, so that a refused request can be sent again.
    const body = request.body === null ? null : await request.arrayBuffer();
    const { method, signal } = request;
    const attempt = async () => {
      const ticket = await governor.acquire(signal, requestPriority.getStore() ?? 0);
      let response: Response;
      try {
        response = await fetchImpl(
          new Request(request.url, {
            method,
            headers: request.headers,
            body,
            signal,
            redirect: request.redirect,
          }),
        );
      } catch (error) {
        governor.release(ticket, undefined);
        throw error;
      }
      const retryAfter = response.status === 429 ? response.headers.get("retry-after") : null;
      // A wait too long to make is not the governor's either (it clamps what it is told, too): that 429 goes to
      // its caller, and the other requests pause as after a 429 without `Retry-After`.
      const retryAfterMs = waitable(retryAfter, limits) ? parseRetryAfter(retryAfter) : undefined;
      governor.release(ticket, response.status, retryAfterMs);
      return response;
    };
    const { value } = await withRetries(policy, { method, url: redactUrl(request.url), signal }, attempt);
    return value;
  };
}
