import { TRANSFER_RETRY, type TransferAttempt, type TransferRetryPolicy } from "@picterra/core/machinery";
import { type Attempts, settle } from "./attempts";
import { type ResolvedRetryOptions, type RetryOptions, resolveOptions } from "./options";
import { type Answer, type Outcome, decide } from "./policy";
import type { FetchFn } from "./types";

/**
 * What `retryingFetch` retries by default: the idempotent reads, and PUT, since a storage PUT to a signed URL
 * stores the same bytes again (`retry()` for the API leaves PUT out).
 */
export const STORAGE_METHODS: readonly string[] = Object.freeze(["GET", "HEAD", "OPTIONS", "PUT"]);

/** A fetch that retries, and carries its policy for code that moves storage bytes itself. */
export type RetryingFetch = FetchFn & { readonly [TRANSFER_RETRY]: TransferRetryPolicy };

/**
 * A fetch that retries like `retry()` does, for requests outside the API client such as storage transfers of
 * signed URLs: pass it as `createClient({ storageFetch: retryingFetch() })`. It carries its policy, so that
 * `@picterra/node-fs`, which moves bytes over `node:http`, retries the same way (and resumes downloads).
 * `fetchImpl` defaults to the global fetch as it is at call time. A body is sent again only when it can be (a
 * string, Blob, ArrayBuffer, typed array, FormData, URLSearchParams, or a Request's body); a request with a
 * stream body is sent once. `methods` defaults to `STORAGE_METHODS`.
 */
export function retryingFetch(options: RetryOptions = {}, fetchImpl?: FetchFn): RetryingFetch {
  const o = resolveOptions({ ...options, methods: options.methods ?? STORAGE_METHODS });
  const retrying: FetchFn = async (input, init) => {
    const fetch = fetchImpl ?? globalThis.fetch;
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const retryable = o.maxRetries > 0 && o.methods.has(method);
    // A Request's body can be read once: keep an unread copy to send again.
    const template =
      retryable && request && request.body !== null && init?.body == null ? request.clone() : undefined;
    const attempts: Attempts = {
      method,
      url: request ? request.url : input instanceof URL ? input.href : String(input),
      signal: init?.signal ?? request?.signal,
      replayable: init?.body == null || isReusableBody(init.body),
      send: () => fetch(template ? template.clone() : input, init),
    };
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      return settle(o, attempts, { error });
    }
    return settle(o, attempts, { response });
  };
  return Object.assign(retrying, { [TRANSFER_RETRY]: transferPolicy(o) });
}

/** The same decisions as the fetch's, for a transfer described by its status, Retry-After or error. */
function transferPolicy(o: ResolvedRetryOptions): TransferRetryPolicy {
  const outcomeOf = (a: TransferAttempt): Outcome<Answer> =>
    a.status === undefined
      ? { error: a.error }
      : {
          response: {
            status: a.status,
            headers: { get: (name) => (name === "retry-after" ? (a.retryAfter ?? null) : null) },
          },
        };
  return {
    retryDelay(attempt) {
      const decision = decide(
        o,
        { method: attempt.method, replayable: true },
        outcomeOf(attempt),
        attempt.retriesDone,
      );
      return decision.retry ? decision.delayMs : undefined;
    },
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

/** Bodies fetch reads afresh each time it is given them. */
function isReusableBody(body: BodyInit): boolean {
  return (
    typeof body === "string" ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof URLSearchParams ||
    (typeof FormData !== "undefined" && body instanceof FormData)
  );
}
