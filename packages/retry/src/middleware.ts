import type { Attempts } from "./attempts";
import { settle } from "./attempts";
import { type RetryOptions, resolveOptions } from "./options";
import type { MiddlewareOnError, MiddlewareOnRequest, MiddlewareOnResponse, RequestFetch } from "./types";

/** The middleware `retry()` returns: assignable to openapi-fetch's `Middleware`. */
export interface RetryMiddleware {
  onRequest: MiddlewareOnRequest;
  onResponse: MiddlewareOnResponse;
  onError: MiddlewareOnError;
}

/**
 * openapi-fetch middleware that retries failed requests with exponential backoff, honouring `Retry-After`:
 * `createClient({ middleware: [retry()] })`. Retries go through the client's own fetch, within core's timeout
 * for the whole call. A response that took several attempts carries `x-picterra-attempts`.
 */
export function retry(options: RetryOptions = {}): RetryMiddleware {
  const o = resolveOptions(options);
  const bodies = new PendingBodies();
  // Responses our onError recovered with: openapi-fetch passes them to onResponse too, already settled.
  const recovered = new WeakSet<Response>();

  const attemptsOf = (request: Request, client: object, id: string, fetch: RequestFetch): Attempts => {
    const copy = bodies.take(client, id);
    let body: Promise<ArrayBuffer> | undefined;
    return {
      method: request.method,
      url: request.url,
      signal: request.signal,
      replayable: request.body === null || copy !== undefined,
      // `request` is the one sent, so headers added by later middleware are kept; only its body is used up.
      send: async () => {
        if (!copy) return fetch(request);
        body ??= copy.arrayBuffer();
        return fetch(new Request(request, { body: await body }));
      },
    };
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
      return settle(o, attemptsOf(request, client, id, client.fetch), { response });
    },
    async onError({ request, error, id, options: client }) {
      try {
        const response = await settle(o, attemptsOf(request, client, id, client.fetch), { error });
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
