import { readBounded, readJson } from "./bodies";
import { APIError, IdleTimeoutError, InvalidResponseError, NetworkError, fetchFailure } from "./errors";
import { parseUrl, redactUrl, scrubSignedQuery } from "./redact";
import { IdleTimer, watchBody } from "./storage";
import { type AnyTransport, MAX_REDIRECTS, REDIRECT_STATUSES } from "./transport";

/** How much of a storage error body is kept: enough to explain it, never a whole file. */
export const ERROR_BODY_LIMIT = 4096;

/**
 * A request to a signed storage URL: the client's storage fetch, no API key, no overall timeout but an idle
 * one (no byte for `storage.idleTimeoutMs` fails the transfer, the body included). The idle timer runs from the
 * start for a request without a body or with a stream body (each chunk sent counts); a Blob or buffer sent by
 * fetch shows no progress, so for those it starts with the answer (a slow link is not a stalled one).
 * A non-2xx answer becomes an `APIError` whose URL and body hold no signature; a failed connection a
 * `NetworkError`; a URL that is not an absolute http(s) one an `InvalidResponseError`. No error shows the key.
 */
export async function storageFetch(
  transport: AnyTransport,
  url: string,
  init: RequestInit & { duplex?: "half" } = {},
): Promise<Response> {
  try {
    return await storageRequest(transport, url, init);
  } catch (error) {
    throw transport.storage.redact(error);
  }
}

/** The parsed signed URL, or an `InvalidResponseError` when it is not an absolute http(s) URL. */
export function storageUrl(method: string, url: string): URL {
  const parsed = parseUrl(url);
  if (parsed?.protocol !== "http:" && parsed?.protocol !== "https:") {
    throw new InvalidResponseError(
      method,
      redactUrl(String(url)),
      "is not an absolute http(s) URL for storage",
    );
  }
  return parsed;
}

/**
 * Where a storage answer sends a transfer next, for code that follows storage redirects itself (no API key
 * goes anywhere: `@picterra/node-fs` over `node:http`): the `location` resolved against `current` when
 * `status` redirects, else `undefined`. After `MAX_REDIRECTS` hops (`hops` made so far), or to a Location that
 * is not an absolute http(s) URL, an `InvalidResponseError` naming `first`, the URL the transfer began with.
 */
export function storageRedirect(
  method: string,
  first: string,
  current: URL,
  answer: { status: number; location: string | undefined },
  hops: number,
): URL | undefined {
  if (!REDIRECT_STATUSES.has(answer.status) || !answer.location) return undefined;
  if (hops >= MAX_REDIRECTS) {
    throw new InvalidResponseError(
      method,
      redactUrl(first),
      `was redirected more than ${MAX_REDIRECTS} times`,
    );
  }
  return storageUrl(method, parseUrl(answer.location, current)?.href ?? answer.location);
}

async function storageRequest(
  transport: AnyTransport,
  url: string,
  init: RequestInit & { duplex?: "half" },
): Promise<Response> {
  const method = (init.method ?? "GET").toUpperCase();
  storageUrl(method, url);
  const shown = redactUrl(url);
  const controller = new AbortController();
  const idleMs = transport.storage.idleTimeoutMs;
  const timer = new IdleTimer(idleMs, () => controller.abort(new IdleTimeoutError(method, shown, idleMs)));
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
  let body = init.body;
  if (body instanceof ReadableStream) body = watchBody(body, timer, false, signal);
  if (!init.body || body !== init.body) timer.touch();
  let response: Response;
  try {
    response = await transport.storageFetchImpl(new Request(url, { ...init, body, signal }));
  } catch (error) {
    timer.stop();
    throw fetchFailure(method, shown, error, signal);
  }
  timer.touch();
  if (!response.ok) {
    timer.stop();
    // The body is only there to explain the error.
    const bytes = await readBounded(response, transport.maxResponseBytes, method, shown).catch(
      () => new Uint8Array(0),
    );
    const body = new TextDecoder().decode(bytes.subarray(0, ERROR_BODY_LIMIT));
    throw new APIError({ status: response.status, body: scrubSignedQuery(body, url), method, url: shown });
  }
  if (response.body === null) {
    timer.stop();
    return response;
  }
  // The caller reads the body: a read that fails is a PicterraError naming this transfer, without the key.
  const failure = (error: unknown) => transport.storage.redact(fetchFailure(method, shown, error, signal));
  const watched = new Response(watchBody(response.body, timer, true, signal, failure), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(watched, "url", { value: response.url });
  return watched;
}

/** The body of a storage response as JSON, read within `maxResponseBytes`, or a PicterraError saying what it is. */
export async function storageJson(
  transport: AnyTransport,
  url: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const response = await storageFetch(transport, url, { signal });
  const shown = redactUrl(url);
  try {
    return await readJson(response, transport.maxResponseBytes, "GET", shown);
  } catch (error) {
    throw transport.storage.redact(fetchFailure("GET", shown, error, signal));
  }
}

/** A browser PUT with upload progress (fetch has none); same rules as `storageFetch`, progress resets the idle timer. */
export function putWithXhr(
  transport: AnyTransport,
  url: string,
  // Not the DOM lib's XMLHttpRequestBodyInit: the published types must compile without the DOM lib.
  body: Blob | ArrayBuffer | ArrayBufferView,
  {
    signal,
    onProgress,
  }: { signal?: AbortSignal; onProgress?: (p: { loaded: number; total: number | undefined }) => void },
  total: number | undefined,
): Promise<void> {
  const shown = redactUrl(url);
  const redact = transport.storage.redact;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    storageUrl("PUT", url);
    const xhr = new XMLHttpRequest();
    let failure: unknown;
    const idleMs = transport.storage.idleTimeoutMs;
    const timer = new IdleTimer(idleMs, () => {
      failure = new IdleTimeoutError("PUT", shown, idleMs);
      xhr.abort();
    });
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      timer.stop();
      signal?.removeEventListener("abort", onAbort);
    };
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => {
      timer.touch();
      onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : total });
    };
    xhr.onprogress = () => timer.touch();
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.({ loaded: total ?? 0, total });
        resolve();
      } else {
        reject(
          new APIError({
            status: xhr.status,
            body: scrubSignedQuery(xhr.responseText.slice(0, ERROR_BODY_LIMIT), url),
            method: "PUT",
            url: shown,
          }),
        );
      }
    };
    xhr.onerror = () => {
      done();
      reject(new NetworkError("PUT", shown, new TypeError("network error")));
    };
    xhr.onabort = () => {
      done();
      reject(failure ?? signal?.reason ?? new DOMException("The upload was aborted", "AbortError"));
    };
    onProgress?.({ loaded: 0, total });
    timer.touch();
    xhr.send(body as Blob);
  }).catch((error: unknown) => {
    throw redact(error);
  });
}
