import {
  type RetryPolicy,
  TRANSFER_RETRY,
  fetchFailure,
  redactUrl,
  withRetries,
} from "@picterra/core/machinery";
import { markAttempts } from "./attempts-header";
import { type RetryOptions, resolveOptions } from "./options";
import { policyOf } from "./policy";
import type { FetchFn } from "./types";

/**
 * What `retryingFetch` retries by default: the idempotent reads, and PUT, since a storage PUT to a signed URL
 * stores the same bytes again (`retry()` for the API leaves PUT out).
 */
export const STORAGE_METHODS: readonly string[] = Object.freeze(["GET", "HEAD", "OPTIONS", "PUT"]);

/** A fetch that retries, and carries its policy for code that moves storage bytes itself. */
export type RetryingFetch = FetchFn & {
  /** The policy this fetch retries with, which code that moves storage bytes itself (`@picterra/node-fs`) follows. */
  readonly [TRANSFER_RETRY]: RetryPolicy;
};

/**
 * A fetch that retries like `retry()` does, for requests outside the API client such as storage transfers of
 * signed URLs: pass it as `createClient({ storageFetch: retryingFetch() })`. It carries its policy, so that
 * `@picterra/node-fs`, which moves bytes over `node:http`, retries the same way (and resumes downloads).
 * `fetchImpl` defaults to the global fetch as it is at call time. A body is sent again only when it can be (a
 * string, Blob, ArrayBuffer, typed array, FormData, URLSearchParams, or a Request's body); a request with a
 * stream body is sent once. `methods` defaults to `STORAGE_METHODS`. Whatever the fetch rejects with, but an
 * abort, is a `NetworkError` naming the request (its URL without the query); when every attempt failed so, it
 * says how many (`attempts`) and keeps the last failure as `cause`.
 */
export function retryingFetch(options: RetryOptions = {}, fetchImpl?: FetchFn): RetryingFetch {
  const o = resolveOptions({ ...options, methods: options.methods ?? STORAGE_METHODS });
  const policy = policyOf(o);
  const retrying: FetchFn = async (input, init) => {
    const fetch = fetchImpl ?? globalThis.fetch;
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const retryable =
      o.maxRetries > 0 && o.methods.has(method) && (init?.body == null || isReusableBody(init.body));
    // A Request's body can be read once: keep an unread copy to send again.
    const template =
      retryable && request && request.body !== null && init?.body == null ? request.clone() : undefined;
    const url = redactUrl(request ? request.url : input instanceof URL ? input.href : String(input));
    const signal = init?.signal ?? request?.signal;
    const { value, attempts } = await withRetries(
      retryable ? policy : undefined,
      { method, url, signal },
      (retriesDone) =>
        fetch(retriesDone > 0 && template ? template.clone() : input, init).catch((error: unknown) => {
          throw fetchFailure(method, url, error, signal);
        }),
    );
    return markAttempts(value, attempts);
  };
  return Object.assign(retrying, { [TRANSFER_RETRY]: policy });
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
