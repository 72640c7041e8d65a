import { fetchFailure, redactUrl, withRetries } from "@picterra/core/machinery";
import { markAttempts } from "./attempts-header";
import { type RetryOptions, resolveOptions } from "./options";
import { policyOf } from "./policy";
import type { MiddlewareOnError, MiddlewareOnRequest, MiddlewareOnResponse, RequestFetch } from "./types";

/** The middleware `retry()` returns: assignable to openapi-fetch's `Middleware`. */
export interface RetryMiddleware {
  /** Keeps a copy of a retryable request's body, so that a retry can send it again. */
  onRequest: MiddlewareOnRequest;
  /** Retries a response whose status is in `statusCodes`; resolves with the last attempt's response. */
  onResponse: MiddlewareOnResponse;
  /** Retries a request whose connection failed; resolves with a later attempt's response, or the error. */
  onError: MiddlewareOnError;
}

/**
 * openapi-fetch middleware that retries failed requests with exponential backoff, honouring `Retry-After`:
 * `createClient({ middleware: [retry()] })`. Retries go through the client's own fetch, within core's timeout
 * for the whole call, on core's one retry loop (`withRetries`) with the policy of `options`. A response that
 * took several attempts carries `x-picterra-attempts` (core's `APIError` says "after 3 attempts"); when the
 * connection failed every time, the error is a `NetworkError` with `attempts` and the last failure as `cause`.
 */
export function retry(options: RetryOptions = {}): RetryMiddleware {
  const o = resolveOptions(options);
  const policy = policyOf(o);
  const bodies = new PendingBodies();
  // Responses our onError recovered with: openapi-fetch passes them to onResponse too, already settled.
  const recovered = new WeakSet<Response>();

  /** Retries `request`, whose first attempt ended with `first`; resolves with the final response. */
  const settle = async (
    request: Request,
    client: object,
    id: string,
    fetch: RequestFetch,
    first: () => Promise<Response>,
  ): Promise<Response> => {
    const copy = bodies.take(client, id);
    const replayable = request.body === null || copy !== undefined;
    const { method, signal } = request;
    const url = redactUrl(request.url);
    let body: Promise<ArrayBuffer> | undefined;
    // `request` is the one sent, so headers added by later middleware are kept; only its body is used up.
    const send = async () => {
      if (!copy) return fetch(request);
      body ??= copy.arrayBuffer();
      return fetch(new Request(request, { body: await body }));
    };
    const { value, attempts } = await withRetries(
      replayable ? policy : undefined,
      { method, url, signal },
      (retriesDone) =>
        (retriesDone === 0 ? first() : send()).catch((error: unknown) => {
          throw fetchFailure(method, url, error, signal);
        }),
    );
    return markAttempts(value, attempts);
  };

  return {
    onRequest({ request, id, options: client }) {
      if (o.maxRetries > 0 && request.body !== null && o.methods.has(request.method)) {
        bodies.put(client, id, request.clone());
      }
      return undefined;
    },
    async onResponse({ request, response, id, options: client }) {
      if (recovered.has(response)) return undefined;
      if (!o.statusCodes.has(response.status)) {
        bodies.take(client, id);
        return undefined;
      }
      const final = await settle(request, client, id, client.fetch, async () => response);
      return final === response ? undefined : final;
    },
    async onError({ request, error, id, options: client }) {
      try {
        const response = await settle(request, client, id, client.fetch, () => Promise.reject(error));
        recovered.add(response);
        return response;
      } catch (final) {
        if (final instanceof Error) return final;
        throw final;
      }
    },
  };
}

/**
 * Copies of the bodies of requests in flight, by request id, so that a retry can send the body again.
 * They are grouped under openapi-fetch's `options` object, which it creates anew for every request: a copy
 * whose response never reaches us (a later middleware answered in onRequest, or threw) is then collected
 * with that object instead of staying in a map. The id keeps requests apart should `options` be shared.
 */
class PendingBodies {
  private readonly byClient = new WeakMap<object, Map<string, Request>>();

  put(client: object, id: string, copy: Request): void {
    let pending = this.byClient.get(client);
    if (!pending) {
      pending = new Map();
      this.byClient.set(client, pending);
    }
    pending.set(id, copy);
  }

  take(client: object, id: string): Request | undefined {
    const pending = this.byClient.get(client);
    const copy = pending?.get(id);
    pending?.delete(id);
    return copy;
  }
}
