import { type Attempts, settle } from "./attempts";
import { type RetryOptions, resolveOptions } from "./options";
import type { FetchFn } from "./types";

/**
 * A fetch that retries like `retry()` does, for requests outside the API client such as storage GETs of
 * signed URLs. `fetchImpl` defaults to the global fetch as it is at call time. A body is sent again only
 * when it can be (a string, Blob, ArrayBuffer, typed array, FormData, URLSearchParams, or a Request's
 * body); a request with a stream body is sent once.
 */
export function retryingFetch(options: RetryOptions = {}, fetchImpl?: FetchFn): FetchFn {
  const o = resolveOptions(options);
  return async (input, init) => {
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
