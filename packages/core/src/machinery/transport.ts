import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import { discard, drain, limitBody, notJson } from "./bodies";
import {
  APIError,
  ATTEMPTS_HEADER,
  InvalidResponseError,
  NetworkError,
  PicterraError,
  ResponseTooLargeError,
  TimeoutError,
  fetchFailure,
} from "./errors";
import { lighten } from "./light";
import { parseUrl, redactUrl } from "./redact";
import type { Redact } from "./secrets";
import { later } from "./sleep";
import type { StorageSettings } from "./storage";

/** A fetch as openapi-fetch and this client call it. */
export type FetchLike = (input: Request) => Promise<Response>;

/**
 * How a client sends its API requests when no `fetch` is given (the `transport` option): a runtime's own way.
 * In Node, `createClient` of `@picterra/core` (its `node` export condition) passes `nodeTransport`, API calls
 * over `node:http` with a keep-alive agent; without one, API calls go through the global `fetch`.
 */
export interface ApiTransport {
  /** Sends one API request; follows no redirect (the client decides where the API key may go). */
  readonly fetch: FetchLike;
  /**
   * What openapi-fetch builds requests as while nothing but `fetch` sees them (no middleware, no `fetch`
   * option): a class lighter than the runtime's `Request`, holding what `fetch` reads. Middleware always sees
   * real Requests.
   */
  readonly Request?: typeof Request | undefined;
}

/** Everything a transport needs, resolved (`createTransport` builds it from a client's `ClientOptions`). */
export interface TransportOptions {
  /** The API key, checked: sent as `X-Api-Key` to the API's origin only, never to storage or another host. */
  apiKey: string;
  /** The API's base URL, ending with a slash. */
  apiUrl: string;
  /** How long one API call may take, in ms, middleware's retries included. */
  timeoutMs: number;
  /** The user's fetch for API calls (and storage, when `storageFetch` is not given), or undefined. */
  fetch: FetchLike | undefined;
  /** The runtime's transport, used when `fetch` is not given. */
  transport: ApiTransport | undefined;
  /** The user's fetch for storage transfers (signed URLs, no key), or undefined. */
  storageFetch: FetchLike | undefined;
  /** openapi-fetch middleware run on every API call, in order (e.g. `retry()` of `@picterra/retry`). */
  middleware: Middleware[];
  /** Headers sent with every API call (the User-Agent, where the runtime lets it be set). */
  headers: Record<string, string>;
  /** The most bytes read into memory for one response; more is a `ResponseTooLargeError`. */
  maxResponseBytes: number;
  /** How storage transfers are made: idle timeout, retry policy, redaction. */
  storage: StorageSettings;
}

/** What openapi-fetch resolves every call with. */
export interface FetchResult {
  /** The parsed body of a 2xx response. */
  data?: unknown;
  /** The parsed body of any other response. */
  error?: unknown;
  /** The response itself (its body already read). */
  response: Response;
}

/** The init of an untyped call by path template (the machinery's own calls: polls, uploads, pages). */
export interface PathInit {
  /** The call's parameters, as openapi-fetch takes them. */
  params?: {
    /** The values of the path template's `{names}`. */
    path?: Record<string, string>;
    /** The query string's parameters. */
    query?: Record<string, unknown>;
  };
  /** The JSON body, when the call sends one. */
  body?: unknown;
  /** Aborts the call at once. */
  signal?: AbortSignal;
}

/** The HTTP methods the machinery's own calls use (lower case, as openapi-fetch names them). */
export type HttpMethod = "get" | "put" | "post" | "delete";

/** The transport of any Picterra API, for machinery that works the same on each (polls, pages, uploads). */
// biome-ignore lint/complexity/noBannedTypes: openapi-fetch bounds a document's paths by `{}`; any paths fit.
export type AnyTransport = Transport<{}>;

/** How many redirects a request follows, to the API or to storage, before it fails. */
export const MAX_REDIRECTS = 5;
/** The statuses that redirect. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The one request path of an API (generic over its generated `paths`): every call goes through openapi-fetch
 * (so middleware applies), carries the API key only to the API's own origin, is bounded by a timeout for the
 * whole call (retries included), reads at most `maxResponseBytes`, and any status other than the expected one
 * becomes an `APIError`. Every failure is a `PicterraError` naming the method and URL, never the key.
 */
export class Transport<Paths extends {}> {
  /** The raw typed openapi-fetch client, with the key, timeout and body limit set. */
  readonly api: Client<Paths>;
  /** The API's base URL, ending with a slash. */
  readonly apiUrl: string;
  /** How this client moves bytes to and from signed storage URLs (read by `@picterra/node-fs` too). */
  readonly storage: StorageSettings;
  readonly #origin: string;
  readonly #base: URL;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.apiUrl = options.apiUrl;
    this.#base = new URL(options.apiUrl);
    this.#origin = this.#base.origin;
    this.storage = options.storage;
    const recordInFetch = options.middleware.length === 0;
    const config = {
      baseUrl: options.apiUrl,
      headers: { ...options.headers, "X-Api-Key": options.apiKey },
      // Redirects are followed by `send`, which knows where the key may go.
      redirect: "manual" as const,
      fetch: (request: Request) => this.#send(request, recordInFetch),
    };
    const api = createFetchClient<Paths>(config);
    if (!recordInFetch) {
      // Middleware may replace the response; registered first, this onResponse runs last and sees the final one.
      api.use({ onResponse: ({ request, response }) => void remember(response, request) });
      api.use(...options.middleware);
    }
    // Where only the transport's own fetch sees a request (no middleware, no fetch of the user's), requests
    // may be built light (see light.ts).
    const Light = options.fetch || !recordInFetch ? undefined : options.transport?.Request;
    this.api = bounded(
      Light ? lighten(api, config, Light) : api,
      options.apiUrl,
      options.timeoutMs,
      options.storage.redact,
    );
    this.#fetch = options.fetch ?? options.transport?.fetch ?? globalFetch;
  }

  /**
   * The fetch for API calls: the configured one, else the transport's (node:http in Node), else the global one
   * as it is at call time (so it can be mocked).
   */
  readonly #fetch: FetchLike;

  /** The fetch for storage: the configured storage fetch or fetch, else the global one at call time. */
  get storageFetchImpl(): FetchLike {
    return this.#options.storageFetch ?? this.#options.fetch ?? globalFetch;
  }

  /** True when the user passed their own fetch for storage (then every transfer must go through it). */
  get hasCustomFetch(): boolean {
    return (this.#options.storageFetch ?? this.#options.fetch) !== undefined;
  }

  async #send(first: Request, record: boolean): Promise<Response> {
    let request = first;
    for (let hops = 0; ; hops++) {
      if (!request.url.startsWith(`${this.#origin}/`) && request.headers.has("x-api-key")) {
        // A middleware pointed the request elsewhere: the key stays home.
        throw new InvalidResponseError(
          request.method,
          redactUrl(request.url),
          `is not on ${this.#origin}: the API key goes there only`,
        );
      }
      let response: Response;
      try {
        response = await this.#fetch(request);
      } catch (error) {
        throw requestFailure(request, error);
      }
      if (!REDIRECT_STATUSES.has(response.status) && response.type !== "opaqueredirect") {
        const limited = this.#limit(response, request);
        if (record) remember(limited, request);
        return limited;
      }
      request = this.#redirect(request, response, hops);
    }
  }

  /** The request to send next for a redirect, only under the API's base and without a body to re-send. */
  #redirect(request: Request, response: Response, hops: number): Request {
    const where = redactUrl(request.url);
    const location = response.headers.get("location");
    discard(response);
    if (response.type === "opaqueredirect" || location === null) {
      throw new InvalidResponseError(
        request.method,
        where,
        "was redirected, and the client cannot see where to",
      );
    }
    const target = parseUrl(location, request.url);
    if (!target) {
      throw new InvalidResponseError(request.method, where, "was redirected to a Location that is not a URL");
    }
    if (target.origin !== this.#origin) {
      throw new InvalidResponseError(
        request.method,
        where,
        `was redirected to ${target.origin}: the API key goes to ${this.#origin} only`,
      );
    }
    // The site holds more than the API (its web app, files served from storage): as for page links, the key
    // follows a redirect only under the API's own base.
    if (!target.pathname.startsWith(this.#base.pathname)) {
      throw new InvalidResponseError(
        request.method,
        where,
        `was redirected outside the API's base ${this.apiUrl}: not followed, the API key goes under it only`,
      );
    }
    if (hops >= MAX_REDIRECTS) {
      throw new InvalidResponseError(
        request.method,
        where,
        `was redirected more than ${MAX_REDIRECTS} times`,
      );
    }
    const method = response.status === 303 ? "GET" : request.method;
    if (request.body !== null && method !== "GET") {
      throw new InvalidResponseError(
        request.method,
        where,
        `was redirected (${response.status}) with a body the client does not send twice`,
      );
    }
    return new Request(target, {
      method,
      headers: request.headers,
      signal: request.signal,
      redirect: "manual",
    });
  }

  /** Bounds the body: a declared size over the limit fails at once, an undeclared one as it is read. */
  #limit(response: Response, request: Request): Response {
    const max = this.#options.maxResponseBytes;
    const declared = response.headers.get("content-length");
    if (declared === null) {
      if (response.body === null) return response;
      return limitBody(response, max, request.method, redactUrl(request.url, true));
    }
    if (Number(declared) > max) {
      discard(response);
      throw new ResponseTooLargeError(request.method, redactUrl(request.url, true), max);
    }
    return response;
  }

  /**
   * Awaits an openapi-fetch call and returns its data when the status is `expected` (any 2xx when omitted);
   * otherwise throws an `APIError` carrying the status and the parsed body.
   */
  async expect<R extends FetchResult>(
    call: Promise<R>,
    expected?: number,
  ): Promise<NonNullable<R["data"]> | undefined> {
    const result = await call;
    const { response } = result;
    const ok = expected === undefined ? response.ok : response.status === expected;
    if (!ok) {
      const request = requests.get(response);
      throw this.storage.redact(
        new APIError({
          status: response.status,
          body: result.error ?? result.data ?? null,
          method: request?.method ?? "request",
          // A Response a middleware built itself has an empty `url`; the request still knows it.
          url: redactUrl(response.url || request?.url || "(unknown URL)", true),
          attempts: attemptsOf(response),
        }),
      );
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
      const request = requests.get((await call).response);
      throw this.storage.redact(
        new InvalidResponseError(
          request?.method ?? "request",
          redactUrl(request?.url ?? this.apiUrl, true),
          "answered no JSON body",
        ),
      );
    }
    return data;
  }

  /** A call by path template, for the machinery's own requests (typed calls use `api`). */
  request(method: HttpMethod, path: string, init: PathInit = {}, expected?: number): Promise<unknown> {
    const call = (this.api as unknown as Record<string, (p: string, i: PathInit) => Promise<FetchResult>>)[
      method.toUpperCase()
    ]!(path, init);
    return this.expect(call, expected);
  }

  /**
   * GETs an absolute page URL (`next`/`previous`) through the same request path. Only URLs under the API's
   * own base are followed, so the API key never goes to another host.
   */
  async getAbsolute(url: string, signal?: AbortSignal): Promise<unknown> {
    const base = this.#base;
    const target = parseUrl(url, base);
    if (!target || target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) {
      throw this.storage.redact(
        new InvalidResponseError(
          "GET",
          redactUrl(target?.href ?? String(url), true),
          `is a page link outside the API's base ${this.apiUrl}: not followed`,
        ),
      );
    }
    // The link's query goes as the server wrote it (repeated keys and encoding kept), not re-serialized.
    const path = `/${target.pathname.slice(base.pathname.length)}${target.search}`;
    const data = await this.request("get", path, { signal }, 200);
    if (data === undefined || data === null) {
      throw this.storage.redact(
        new InvalidResponseError("GET", redactUrl(target.href, true), "answered an empty page"),
      );
    }
    return data;
  }

  /** The limit of every body this client reads into memory. */
  get maxResponseBytes(): number {
    return this.#options.maxResponseBytes;
  }
}

const globalFetch: FetchLike = (request) => globalThis.fetch(request);

// openapi-fetch keeps the Request; the Response only knows its URL, so the method is carried by this map.
const requests = new WeakMap<Response, { method: string; url: string }>();

function remember(response: Response, request: Request): void {
  requests.set(response, { method: request.method, url: request.url });
}

function attemptsOf(response: Response): number | undefined {
  const value = Number(response.headers.get(ATTEMPTS_HEADER));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * A fetch failure as a PicterraError naming the request (`fetchFailure`: by type, never by message); the
 * call's own timeout (its abort reason) named after this request.
 */
function requestFailure(request: Request, error: unknown): unknown {
  if (error instanceof TimeoutError)
    return new TimeoutError(request.method, redactUrl(request.url, true), error.timeoutMs);
  return fetchFailure(request.method, redactUrl(request.url, true), error, request.signal);
}

type Init = { signal?: AbortSignal | null; params?: { path?: Record<string, unknown> } };

/**
 * Puts every call of the client (the verbs and `request`) under `withDeadline`, and on the light-request
 * client while there is one (Node, nothing but the runtime's fetch sees requests); `api.use` ends that.
 */
function bounded<Paths extends {}>(
  api: Client<Paths>,
  apiUrl: string,
  timeoutMs: number,
  redact: Redact,
): Client<Paths> {
  const base = apiUrl.replace(/\/$/, "");
  type Call = (url: unknown, init?: Init) => Promise<unknown>;
  const wrap = (method: string, call: Call): Call => {
    return (url, init) => {
      const where = () =>
        base + String(url).replace(/\{(\w+)\}/g, (_, name: string) => String(init?.params?.path?.[name]));
      return withDeadline(method, where, timeoutMs, init?.signal ?? undefined, redact, (signal) =>
        call(url, { ...init, signal }),
      );
    };
  };
  const target = api as unknown as Record<string, unknown>;
  for (const method of METHODS) target[method] = wrap(method, target[method] as Call);
  const request = target.request as (method: string, url: unknown, init?: Init) => Promise<unknown>;
  target.request = (method: string, url: unknown, init?: Init) =>
    wrap(String(method).toUpperCase(), (u, i) => request(method, u, i))(url, init);
  return api;
}

/**
 * Runs one call under a signal that aborts after `timeoutMs` with a `TimeoutError` as its reason, joined with
 * the caller's own signal. Set before openapi-fetch builds the Request (no Request cloned per call), it also
 * covers middleware and reading the body. Every failure leaves as a PicterraError naming the call (a body that
 * is not JSON an `InvalidResponseError`, a body cut short or any other runtime error a `NetworkError`), or as
 * the caller's abort reason, with the client's secrets redacted.
 */
function withDeadline<T>(
  method: string,
  where: () => string,
  timeoutMs: number,
  own: AbortSignal | undefined,
  redact: Redact,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const cancel = later(timeoutMs, () => controller.abort(new TimeoutError(method, where(), timeoutMs)));
  const signal = own ? AbortSignal.any([own, controller.signal]) : controller.signal;
  return run(signal).then(
    (result) => {
      cancel();
      return result;
    },
    (error: unknown) => {
      cancel();
      throw redact(callFailure(method, where, signal, error));
    },
  );
}

/** What a failed call throws: see `withDeadline`. */
function callFailure(method: string, where: () => string, signal: AbortSignal, error: unknown): unknown {
  if (error instanceof PicterraError) return error;
  if (error instanceof SyntaxError) return notJson(method, where(), error);
  // The deadline's TimeoutError, or the caller's own reason, whatever the runtime made of the abort.
  if (signal.aborted) return signal.reason;
  return new NetworkError(method, where(), error);
}
