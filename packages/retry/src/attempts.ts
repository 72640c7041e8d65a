import { redactUrl, sleep } from "@picterra/core/machinery";
import { ATTEMPTS_HEADER, RetryError } from "./errors";
import type { ResolvedRetryOptions } from "./options";
import { type Outcome, decide, isNetworkError } from "./policy";

/** One request, as the retry loop needs it. */
export interface Attempts {
  /** Upper-case HTTP method. */
  method: string;
  /** The full URL; only its redacted form leaves this package. */
  url: string;
  /** The request's signal: aborting it ends the wait at once. */
  signal: AbortSignal | null | undefined;
  /** False when the body cannot be sent again (e.g. a stream): then the request is never retried. */
  replayable: boolean;
  /** Sends the request once more. */
  send: () => Promise<Response>;
}

// Statuses whose Response must be constructed with a null body.
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * Given how the first attempt ended, retries while the policy allows and returns the final response
 * (with `x-picterra-attempts` when it took more than one attempt), or throws the final error: a
 * `RetryError` when network errors used up the retries, otherwise the error as it was (an abort, a timeout).
 */
export async function settle(o: ResolvedRetryOptions, request: Attempts, first: Outcome): Promise<Response> {
  let outcome = first;
  let attempts = 1;
  for (;;) {
    const decision = decide(o, request, outcome, attempts - 1);
    if (!decision.retry) break;
    discard(outcome.response);
    await o.onRetry?.({
      attempt: attempts,
      maxRetries: o.maxRetries,
      delayMs: decision.delayMs,
      method: request.method,
      url: redactUrl(request.url),
      ...(outcome.response ? { status: outcome.response.status } : { error: outcome.error }),
    });
    await sleep(decision.delayMs, request.signal);
    attempts++;
    try {
      outcome = { response: await request.send() };
    } catch (error) {
      outcome = { error };
    }
  }
  if (outcome.response) return attempts > 1 ? withAttempts(outcome.response, attempts) : outcome.response;
  if (attempts > 1 && isNetworkError(outcome.error)) {
    throw new RetryError({ method: request.method, url: request.url, attempts, cause: outcome.error });
  }
  throw outcome.error;
}

/** Frees the connection of a response that will not be read. */
function discard(response: Response | undefined): void {
  response?.body?.cancel().catch(() => {});
}

/** The same response (body, status, headers) plus the attempts header. */
function withAttempts(response: Response, attempts: number): Response {
  const headers = new Headers(response.headers);
  headers.set(ATTEMPTS_HEADER, String(attempts));
  const marked = new Response(NULL_BODY_STATUSES.has(response.status) ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  // A constructed Response has an empty `url`, and core names the URL of an APIError from it.
  if (response.url) Object.defineProperty(marked, "url", { value: response.url });
  return marked;
}
