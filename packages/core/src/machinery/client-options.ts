import type { Middleware } from "openapi-fetch";
import { DEFAULT_SITE_URL, resolveApiUrl } from "./base-url";
import { canSetUserAgent, readEnv, runtimeDescription } from "./env";
import { ValidationError } from "./errors";
import { redactor } from "./secrets";
import { transferRetryOf } from "./storage";
import { type ApiTransport, type FetchLike, Transport } from "./transport";
import { show } from "./validate";

/** Options of `createClient` and of every other Picterra API's client (e.g. `createTracerClient`). */
export interface ClientOptions {
  /**
   * The API key; defaults to the `PICTERRA_API_KEY` environment variable where there is one. Surrounding
   * whitespace is trimmed; a blank key is no key; a key with a character an HTTP header cannot carry (a line
   * break, a control character, a non-ASCII character) is refused before any request, without showing it.
   * The key never appears in an error: wherever a server echoes it, it reads `[redacted]`.
   */
  apiKey?: string;
  /**
   * Picterra's site root (`https://app.picterra.ch/`, as Picterra's own clients take it) or the API's full
   * URL (`https://app.picterra.ch/public/api/v2/`); defaults to `PICTERRA_BASE_URL`, else the site root.
   */
  baseUrl?: string;
  /**
   * How long one API call may take, in ms, retries by middleware included (storage transfers have no timeout
   * but the idle one). Default 30 000.
   */
  timeoutMs?: number;
  /**
   * The fetch to use for API calls and storage transfers, e.g. a mock in tests; it replaces `transport` for
   * API calls. Defaults to the global `fetch` (storage) and the transport (API calls).
   */
  fetch?: FetchLike;
  /**
   * How API calls go over the network when no `fetch` is given. In Node, `createClient` passes
   * `nodeTransport` (`node:http` with a keep-alive agent; `@picterra/core/machinery` exports it under the
   * `node` condition); elsewhere, and for a client made with `new`, the global `fetch` is used.
   */
  transport?: ApiTransport;
  /**
   * The fetch for storage transfers (signed URLs: no API key); defaults to `fetch`. E.g. `retryingFetch()`
   * from `@picterra/retry` to retry storage transfers too (`@picterra/node-fs` follows its retry policy).
   */
  storageFetch?: FetchLike;
  /** openapi-fetch middleware, run on every API call in order (e.g. `retry()` from `@picterra/retry`). */
  middleware?: Middleware[];
  /** Prepended to the User-Agent, e.g. `"my-app/1.2"` (where the runtime lets us set it). */
  userAgent?: string;
  /** The most bytes the client reads into memory for one response (API JSON, results). Default 256 MiB. */
  maxResponseBytes?: number;
  /** A storage transfer that moves no byte for this long fails (ms). Default 60 000. */
  storageIdleTimeoutMs?: number;
}

/** The defaults of the options, in one place. */
export const CLIENT_DEFAULTS = Object.freeze({
  /** How long one API call may take, retries included: 30 s. */
  timeoutMs: 30_000,
  /** The most bytes read into memory for one response: 256 MiB. */
  maxResponseBytes: 256 * 1024 * 1024,
  /** How long a storage transfer may move no byte before it fails: 60 s. */
  storageIdleTimeoutMs: 60_000,
});

/** What identifies the API a transport speaks to. */
export interface Product {
  /** Its path under the site root, e.g. `public/api/v2/`. */
  path: string;
  /** The version of the package that speaks it, for the User-Agent. */
  version: string;
}

/**
 * Resolves the options (environment, defaults, checks; a ValidationError for anything wrong) and builds the
 * transport of one Picterra API.
 */
export function createTransport<Paths extends {}>(
  options: ClientOptions,
  product: Product,
): Transport<Paths> {
  const apiKey = checkApiKey(options.apiKey ?? readEnv("PICTERRA_API_KEY"));
  const apiUrl = resolveApiUrl(
    options.baseUrl ?? readEnv("PICTERRA_BASE_URL", true) ?? DEFAULT_SITE_URL,
    product.path,
  );
  const timeoutMs = positive("timeoutMs", options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs);
  const maxResponseBytes = positive(
    "maxResponseBytes",
    options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes,
  );
  const idleTimeoutMs = positive(
    "storageIdleTimeoutMs",
    options.storageIdleTimeoutMs ?? CLIENT_DEFAULTS.storageIdleTimeoutMs,
  );
  checkTypes(options);
  const userAgent = options.userAgent && headerValue("userAgent", options.userAgent);
  const agent = `${userAgent ? `${userAgent} ` : ""}picterra-ts/${product.version} (${runtimeDescription()})`;
  return new Transport<Paths>({
    apiKey,
    apiUrl,
    timeoutMs,
    maxResponseBytes,
    fetch: options.fetch,
    transport: options.transport,
    storageFetch: options.storageFetch,
    middleware: options.middleware ?? [],
    headers: canSetUserAgent() ? { "User-Agent": agent } : {},
    storage: { idleTimeoutMs, retry: transferRetryOf(options.storageFetch), redact: redactor([apiKey]) },
  });
}

/** The key as it is sent: trimmed, present, and made only of what an HTTP header value carries. */
function checkApiKey(given: unknown): string {
  if (given !== undefined && typeof given !== "string") {
    throw new ValidationError(`apiKey must be a string, got ${given === null ? "null" : typeof given}`);
  }
  const key = given?.trim();
  if (!key) throw new ValidationError("no Picterra API key: pass { apiKey } or set PICTERRA_API_KEY");
  return headerValue("the API key", key, true);
}

/**
 * `value` when every character is printable ASCII (what an HTTP header value can carry without being
 * mangled), else a ValidationError naming the position and the kind of character; a secret is never shown.
 */
function headerValue(what: string, value: string, secret = false): string {
  const at = value.search(/[^\x20-\x7e]/);
  if (at === -1) return value;
  const code = value.charCodeAt(at);
  const kind =
    code === 10 || code === 13
      ? "a line break"
      : code < 32 || code === 127
        ? "a control character"
        : "a non-ASCII character";
  throw new ValidationError(
    `${what} has ${kind} at position ${at + 1} of ${value.length}, which an HTTP header cannot carry${secret ? " (the key is not shown): check how it was copied" : `: ${JSON.stringify(value)}`}`,
  );
}

/**
 * The options that are functions, objects or strings checked as such: a client built from untyped
 * configuration fails here with a ValidationError naming the option, not at its first call with a TypeError.
 */
function checkTypes(options: ClientOptions): void {
  const o = options as Record<string, unknown>;
  const wrong = (name: string, what: string) =>
    new ValidationError(`${name} must be ${what}, got ${show(o[name])}`);
  for (const [name, type] of [
    ["fetch", "function"],
    ["storageFetch", "function"],
    ["userAgent", "string"],
  ] as const) {
    if (o[name] !== undefined && typeof o[name] !== type) throw wrong(name, `a ${type}`);
  }
  if (o.transport !== undefined && typeof (o.transport as { fetch?: unknown })?.fetch !== "function") {
    throw wrong("transport", "an object with a fetch function");
  }
  const hooks = (m: Record<string, unknown> | null) =>
    ["onRequest", "onResponse", "onError"].some((hook) => typeof m?.[hook] === "function");
  if (o.middleware !== undefined && !(Array.isArray(o.middleware) && o.middleware.every(hooks))) {
    throw wrong("middleware", "an array of objects with onRequest, onResponse or onError");
  }
}

function positive(name: string, value: number): number {
  if (typeof value !== "number" || !(value > 0)) {
    throw new ValidationError(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
