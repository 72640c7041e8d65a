import { exhausted, RequestError } from "./errors";
import type { Redact } from "./secrets";
import { sleep } from "./sleep";

/** What a retry policy is told about an attempt that failed. */
export interface RetryAttempt {
  /** Upper-case HTTP method. */
  method: string;
  /** The URL without its query string (safe to log). */
  url: string;
  /** How many retries were made before this attempt. */
  retriesDone: number;
  /** The status the server answered, when it answered. */
  status?: number;
  /** Its `Retry-After` header, when it sent one. */
  retryAfter?: string | null;
  /** The failure (a `RequestError`: `NetworkError`, `IdleTimeoutError`...), when the attempt got no answer. */
  error?: unknown;
}

/**
 * Decides whether a failed attempt is made again, and when: what `withRetries` asks after every failed
 * attempt. `@picterra/retry` makes them (`retryPolicy()`; `retryingFetch()` carries one under
 * `TRANSFER_RETRY`, which `@picterra/node-fs` follows for its transfers).
 */
export interface RetryPolicy {
  /** The delay in ms before retrying the attempt that just failed, or `undefined` to give up. */
  retryDelay(attempt: RetryAttempt): number | undefined;
  /** Awaited before each retry waits (e.g. the user's `onRetry`); throwing stops retrying with that error. */
  beforeRetry?(attempt: RetryAttempt & { delayMs: number }): void | Promise<void>;
}

/**
 * What `withRetries` reads of an answer: its status and headers (a `Response` has them; its body, a stream, is
 * cancelled before a retry).
 */
export interface RetryAnswer {
  /** The HTTP status: 2xx ends the attempts, anything else asks the policy. */
  readonly status: number;
  /** The answer's headers (`Retry-After` is read from them). */
  readonly headers: {
    /** A header's value by its name, or null when the answer has none. */
    get(name: string): string | null;
  };
}

/** The request `withRetries` makes attempts of. */
export interface RetryRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The URL as the policy and errors show it (no signature, no key). */
  url: string;
  /** Aborting it ends the attempts at once, a wait between them included, with its reason. */
  signal?: AbortSignal | null | undefined;
  /** Scrubs the URL and errors the policy is told (its `onRetry` may log them): the client's `storage.redact`. */
  redact?: Redact | undefined;
}

/** How the attempts ended: the last attempt's value, and how many attempts were made. */
export interface Retried<T> {
  /** What the last attempt resolved with: a success, or the failed answer the policy gave up on. */
  value: T;
  /** How many attempts were made, the first included. */
  attempts: number;
}

/**
 * The one retry loop of the Picterra packages: makes `attempt(retriesDone)` until it succeeds or `policy`
 * (none: one attempt) gives up, waiting between attempts with the abortable, clamped `sleep`.
 *
 * An attempt fails when it rejects with a `RequestError` (the request failed: `NetworkError`,
 * `IdleTimeoutError`...) or resolves with an answer (anything with a numeric `status` and `headers`, e.g. a
 * `Response`) whose status is not 2xx. After each failure the policy is asked; `beforeRetry` is awaited (its
 * error ends the loop), the answer's body cancelled, and the wait made. Anything else an attempt rejects with
 * (the caller's abort, a file error, a callback's error) ends the loop at once, as it is.
 *
 * When the policy gives up, a failed answer is returned (the caller turns it into its error, e.g. an
 * `APIError` with `attempts`), and a failure is thrown as the error of its kind saying how many attempts were
 * made (`RequestError.attempts`; see `exhausted`).
 */
export async function withRetries<T>(
  policy: RetryPolicy | undefined,
  request: RetryRequest,
  attempt: (retriesDone: number) => Promise<T>,
): Promise<Retried<T>> {
  const { method, signal, redact } = request;
  // What the policy is told holds no key either (its onRetry may log it).
  const url = redact ? redact(request.url) : request.url;
  for (let retriesDone = 0; ; retriesDone++) {
    signal?.throwIfAborted();
    let report: RetryAttempt;
    let value: T;
    try {
      value = await attempt(retriesDone);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(error instanceof RequestError)) throw error;
      report = { method, url, retriesDone, error: redact ? redact(error) : error };
      const delayMs = policy?.retryDelay(report);
      if (delayMs === undefined) throw exhausted(error, retriesDone + 1);
      await pause(policy!, report, delayMs, signal);
      continue;
    }
    const answer = answerOf(value);
    if (answer === undefined || (answer.status >= 200 && answer.status < 300)) {
      return { value, attempts: retriesDone + 1 };
    }
    report = {
      method,
      url,
      retriesDone,
      status: answer.status,
      retryAfter: answer.headers.get("retry-after"),
    };
    const delayMs = policy?.retryDelay(report);
    if (delayMs === undefined) return { value, attempts: retriesDone + 1 };
    // Frees the connection of an answer that will not be read.
    const body = (answer as { body?: { cancel?: unknown } | null }).body;
    if (typeof body?.cancel === "function") (body as ReadableStream).cancel().catch(() => undefined);
    await pause(policy!, report, delayMs, signal);
  }
}

async function pause(
  policy: RetryPolicy,
  report: RetryAttempt,
  delayMs: number,
  signal: AbortSignal | null | undefined,
): Promise<void> {
  await policy.beforeRetry?.({ ...report, delayMs });
  await sleep(delayMs, signal);
}

function answerOf(value: unknown): RetryAnswer | undefined {
  const answer = value as RetryAnswer | null | undefined;
  return typeof answer?.status === "number" && typeof answer.headers?.get === "function" ? answer : undefined;
}
