/**
 * What openapi-fetch builds a request as, when nothing but core's node:http fetch will see it (no middleware, no
 * fetch of the user's): its URL, method, headers, body, signal. Building an undici `Request` costs more than
 * anything else core does per call; this holds the same fields. Middleware always gets a real `Request`.
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal;
  readonly redirect: RequestRedirect;

  constructor(
    url: string | URL,
    init: {
      method?: string;
      headers?: HeadersInit;
      body?: BodyInit | null;
      signal?: AbortSignal | null;
      redirect?: RequestRedirect;
    } = {},
  ) {
    this.url = String(url);
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? new AbortController().signal;
    this.redirect = init.redirect ?? "follow";
  }

  /** The body's bytes (a JSON string, as openapi-fetch serializes one, or anything fetch takes). */
  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.body === null) return new ArrayBuffer(0);
    return new Response(this.body).arrayBuffer();
  }
}
