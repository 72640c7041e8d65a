import { parseRetryAfter } from "@picterra/retry";
import { AsyncLocalStorage } from "node:async_hooks";
import type { FetchLike } from "@picterra/core";
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
  /**
   * Sees each final answer (a clone) with its request before the caller does, and is awaited: a journal can
   * record what a call started (e.g. an operation id) before anything else happens.
   */
  observe?: (request: SentRequest, response: Response) => Promise<void>;
}

/** A request as it was sent: its body as bytes (API bodies are small JSON). */
export interface SentRequest {
  method: string;
  url: string;
  body: ArrayBuffer | null;
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
 * A fetch for API calls that asks the governor before each request and sends a request refused with 429 again
 * once the governor lets it, whatever its method: a throttled request was not processed, so sending a POST
 * again creates nothing twice. Other statuses and errors go to the caller as they are (retry() handles 5xx).
 */
export function throttledFetch(
  governor: Governor,
  events: ThrottleEvents = {},
  limits: ThrottleLimits = THROTTLE_DEFAULTS,
  fetchImpl: FetchLike = (request) => globalThis.fetch(request),
): FetchLike {
  return async (request) => {
    // API bodies are small JSON: kept, so that a refused request can be sent again.
    const body = request.body === null ? null : await request.arrayBuffer();
    for (let refusals = 0; ; refusals++) {
      const ticket = await governor.acquire(request.signal, requestPriority.getStore() ?? 0);
      let response: Response;
      try {
        response = await fetchImpl(
          new Request(request.url, {
            method: request.method,
            headers: request.headers,
            body,
            signal: request.signal,
            redirect: request.redirect,
          }),
        );
      } catch (error) {
        governor.release(ticket, undefined);
        throw error;
      }
      const retryAfterMs =
        response.status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
      const waitable = retryAfterMs === undefined || retryAfterMs <= limits.maxRetryAfterMs;
      // A wait too long to make is not the governor's either (it clamps what it is told, too): that 429 goes to
      // its caller, and the other requests pause as after a 429 without `Retry-After`.
      governor.release(ticket, response.status, waitable ? retryAfterMs : undefined);
      if (response.status !== 429 || refusals >= limits.maxRefusals || !waitable) {
        await events.observe?.({ method: request.method, url: request.url, body }, response.clone());
        return response;
      }
      await response.body?.cancel().catch(() => undefined);
      events.onThrottled?.({ method: request.method, waitMs: retryAfterMs ?? 0 });
    }
  };
}
