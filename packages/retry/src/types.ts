/**
 * The part of openapi-fetch's middleware contract (0.17) this package relies on, declared here so that it
 * needs neither openapi-fetch nor @picterra/core at run time. `test/types.test.ts` checks that `retry()`
 * stays assignable to openapi-fetch's own `Middleware`.
 */

/** A fetch as openapi-fetch calls it: with a `Request`. */
export type RequestFetch = (request: Request) => Promise<Response>;

/** A fetch with the standard signature, as `retryingFetch` takes and returns it. */
// `string | URL | Request` rather than the DOM lib's `RequestInfo`: Node-only projects have no DOM lib.
export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What openapi-fetch passes every middleware callback (only the fields used here). */
export interface MiddlewareCallbackParams {
  /** In `onRequest` the request about to be sent; in `onResponse` and `onError` the one that was sent. */
  request: Request;
  /** Unique per request, the same in its `onRequest`, `onResponse` and `onError`. */
  readonly id: string;
  /** The client's options; `fetch` is the fetch the client sends with (core's applies the per-attempt timeout). */
  readonly options: {
    /** The fetch the client sends with; a retry sends through it too, so core's timeout bounds every attempt. */
    readonly fetch: RequestFetch;
  };
}

type MaybePromise<T> = T | Promise<T>;

/** Called before the request is sent; may return a replacement Request, or a Response to skip the fetch. */
export type MiddlewareOnRequest = (
  params: MiddlewareCallbackParams,
  // biome-ignore lint/suspicious/noConfusingVoidType: as openapi-fetch declares it
) => MaybePromise<Request | Response | undefined | void>;

/** Called with the response (middleware run last to first); may return a replacement Response. */
export type MiddlewareOnResponse = (
  params: MiddlewareCallbackParams & { response: Response },
  // biome-ignore lint/suspicious/noConfusingVoidType: as openapi-fetch declares it
) => MaybePromise<Response | undefined | void>;

/** Called when the fetch threw; may return a Response to recover, or an Error to pass on instead. */
export type MiddlewareOnError = (
  params: MiddlewareCallbackParams & { error: unknown },
  // biome-ignore lint/suspicious/noConfusingVoidType: as openapi-fetch declares it
) => MaybePromise<Response | Error | void>;

/** An openapi-fetch middleware: an object with at least one of the three hooks. */
export interface Middleware {
  /** Called before each request is sent. */
  onRequest?: MiddlewareOnRequest;
  /** Called with each response. */
  onResponse?: MiddlewareOnResponse;
  /** Called when the fetch rejected. */
  onError?: MiddlewareOnError;
}
