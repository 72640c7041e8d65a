import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import { ATTEMPTS_HEADER, APIError, PicterraError, TimeoutError, redactUrl } from "./errors";
import type { paths } from "./generated/picterra-v2";

/** A fetch as openapi-fetch and this client call it. */
export type FetchLike = (input: Request) => Promise<Response>;

export interface TransportOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: FetchLike | undefined;
  storageFetch: FetchLike | undefined;
  middleware: Middleware[];
  headers: Record<string, string>;
}

/** What openapi-fetch resolves every call with. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The one request path: every API call goes through openapi-fetch (so middleware applies), gets the API key
 * and a timeout (for the whole call, retries included), and any status other than the expected one becomes an
 * `APIError`.
 * Storage transfers go through `storageFetch`: same fetch, no key, no timeout.
 */
export class Transport {
  readonly api: Client<paths>;
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike | undefined;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch;
    const recordInFetch = options.middleware.length === 0;
    const api = createFetchClient<paths>({
      baseUrl: this.baseUrl,
      headers: { ...options.headers, "X-Api-Key": options.apiKey },
      fetch: (request) => this.send(request, recordInFetch),
    });
    if (!recordInFetch) {
      // Middleware may replace the response; registered first, this onResponse runs last and sees the final one.
      api.use({ onResponse: ({ request, response }) => void remember(response, request) });
      api.use(...options.middleware);
    }
    this.api = withTimeout(api, this.baseUrl, options.timeoutMs);
  }

  /** True when the user passed their own fetch for storage (then every transfer must go through it). */
  get hasCustomFetch(): boolean {
    return (this.options.storageFetch ?? this.fetchImpl) !== undefined;
  }

  /** The fetch to use right now: the configured one, else the global one as it is at call time (so it can be mocked). */
  private get fetch(): FetchLike {
    return this.fetchImpl ?? ((request) => globalThis.fetch(request));
  }

  private async send(request: Request, record: boolean): Promise<Response> {
    try {
      const response = await this.fetch(request);
      if (record) remember(response, request);
      return response;
    } catch (error) {
      // The timeout aborts with a TimeoutError as its reason; here the request is at hand to name it.
      if (error instanceof TimeoutError) throw new TimeoutError(request.method, request.url, error.timeoutMs);
      throw error;
    }
  }

  /**
   * Awaits an openapi-fetch call and returns its data when the status is `expected` (any 2xx when omitted);
   * otherwise throws an `APIError` carrying the status and the parsed body.
   */
  async expect<R extends FetchResult>(
    call: Promise<R>,
    expected?: number,
  ): Promise<NonNullable<R["data"]> | undefined> {
    // A timeout while the body is read rejects with the call's own TimeoutError (the abort reason).
    const result = await call;
    const { response } = result;
    const ok = expected === undefined ? response.ok : response.status === expected;
    if (!ok) {
      throw new APIError({
        status: response.status,
        body: result.error ?? result.data ?? null,
        method: requests.get(response)?.method ?? "request",
        // A Response a middleware built itself has an empty `url`; the request still knows it.
        url: response.url || requests.get(response)?.url || "(unknown URL)",
        attempts: attemptsOf(response),
      });
    }
    if (result.data === undefined) await drain(response);
    return result.data as NonNullable<R["data"]> | undefined;
  }

  /** Like `expect`, for calls whose success body must be present. */
  async expectData<R extends FetchResult>(
    call: Promise<R>,
    expected?: number,
  ): Promise<NonNullable<R["data"]>> {
    const data = await this.expect(call, expected);
    if (data === undefined || data === null) {
      throw new PicterraError("the API answered with an empty body where a JSON body was expected");
    }
    return data;
  }

  /**
   * GETs an absolute page URL (`next`/`previous`) through the same request path. Only URLs under the API's
   * own base are followed, so the API key never goes to another host.
   */
  async getAbsolute(url: string, signal?: AbortSignal): Promise<unknown> {
    const base = new URL(`${this.baseUrl}/`);
    const target = new URL(url, base);
    if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) {
      throw new PicterraError(
        `refusing to follow a page link to ${target.origin}${target.pathname}: it is not under ${base.origin}${base.pathname}`,
      );
    }
    const path = `/${target.pathname.slice(base.pathname.length)}`;
    const query = Object.fromEntries(target.searchParams);
    const get = this.api.GET as unknown as (
      path: string,
      init: { params: { query: Record<string, string> }; signal?: AbortSignal },
    ) => Promise<FetchResult>;
    return this.expectData(get(path, { params: { query }, signal }));
  }

  /** A storage request (signed URL): the configured fetch, no API key, no timeout; non-2xx becomes an APIError. */
  async storageFetch(url: string, init: RequestInit = {}): Promise<Response> {
    const method = (init.method ?? "GET").toUpperCase();
    const fetch = this.options.storageFetch ?? this.fetch;
    const response = await fetch(new Request(url, init));
    if (!response.ok) {
      let body: unknown = null;
      try {
        body = await response.text();
      } catch {
        // the body is only there to explain the error
      }
      throw new APIError({
        status: response.status,
        body: scrubSignedQuery(body, url),
        method,
        url: redactUrl(url, false),
      });
    }
    return response;
  }

  /** A browser PUT with upload progress (fetch has none); same rules as `storageFetch`. */
  putWithXhr(
    url: string,
    body: XMLHttpRequestBodyInit,
    {
      signal,
      onProgress,
    }: { signal?: AbortSignal; onProgress: (p: { loaded: number; total: number | undefined }) => void },
    total: number | undefined,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const xhr = new XMLHttpRequest();
      const onAbort = () => xhr.abort();
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      xhr.open("PUT", url);
      xhr.upload.onprogress = (e) =>
        onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : total });
      xhr.onload = () => {
        done();
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress({ loaded: total ?? 0, total });
          resolve();
        } else {
          reject(
            new APIError({
              status: xhr.status,
              body: scrubSignedQuery(xhr.responseText, url),
              method: "PUT",
              url: redactUrl(url, false),
            }),
          );
        }
      };
      xhr.onerror = () => {
        done();
        reject(new TypeError(`PUT ${redactUrl(url, false)} failed: network error`));
      };
      xhr.onabort = () => {
        done();
        reject(signal?.reason ?? new DOMException("The upload was aborted", "AbortError"));
      };
      onProgress({ loaded: 0, total });
      xhr.send(body);
    });
  }
}

// openapi-fetch keeps the Request; the Response only knows its URL, so the method is carried by this map.
const requests = new WeakMap<Response, { method: string; url: string }>();

function remember(response: Response, request: Request): void {
  requests.set(response, { method: request.method, url: request.url });
}

/**
 * Storage error bodies can echo the signed URL's parameters (S3's `<SignatureProvided>`, a canonical request),
 * and the error message carries the body: every long query value is cut out of it.
 */
function scrubSignedQuery(body: unknown, url: string): unknown {
  if (typeof body !== "string" || body === "") return body;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return body;
  }
  let text = body;
  for (const value of new Set(params.values())) {
    if (value.length < 8) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) text = text.split(form).join("…");
  }
  return text;
}

function attemptsOf(response: Response): number | undefined {
  const value = Number(response.headers.get(ATTEMPTS_HEADER));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Reads an unused body to its end: a browser shows a response whose body was never read as cancelled. */
export async function drain(response: Response): Promise<void> {
  if (response.bodyUsed || response.body === null) return;
  await response.arrayBuffer().catch(() => undefined);
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * Gives every call of the client a signal that aborts after `timeoutMs` with a `TimeoutError` as its reason,
 * joined with the caller's own signal. It is set before openapi-fetch builds the Request, so no Request is
 * cloned per call, and it also covers reading the response body.
 */
function withTimeout(api: Client<paths>, baseUrl: string, timeoutMs: number): Client<paths> {
  type Init = { signal?: AbortSignal | null; params?: { path?: Record<string, unknown> } };
  for (const method of METHODS) {
    const call = api[method] as (url: unknown, init?: Init) => Promise<unknown>;
    (api as unknown as Record<string, unknown>)[method] = (url: unknown, init?: Init) => {
      const controller = new AbortController();
      const timer = setTimeout(() => {
        // Named like the request: a middleware still waiting when time is up sees this reason as the error.
        const path = String(url).replace(/\{(\w+)\}/g, (_, name: string) =>
          String(init?.params?.path?.[name]),
        );
        controller.abort(new TimeoutError(method, `${baseUrl}${path}`, timeoutMs));
      }, timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      const own = init?.signal;
      const signal = own ? AbortSignal.any([own, controller.signal]) : controller.signal;
      return call(url, { ...init, signal }).finally(() => clearTimeout(timer));
    };
  }
  return api;
}
