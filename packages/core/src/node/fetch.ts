// The module objects, not their functions: `http.request` is looked up at call time, so that test tools that
// patch it (nock, msw) see every call, as they see fetch's.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

/**
 * How long a kept-alive connection may sit idle before it is closed (ms), when the server does not say: as
 * undici's fetch. Set, it also lets Node's agent follow a server's `Keep-Alive: timeout=n` (closing at n − 1 s,
 * before the server does): without it the agent ignores that hint, keeps the socket past the server's close,
 * and a request sent on it just then fails with ECONNRESET.
 */
const IDLE_SOCKET_MS = 4_000;

// One pool of kept-alive connections per protocol, for every client of the process (as undici's global
// dispatcher is for fetch). Idle sockets are unref'd by Node, so they never keep a process alive.
export const agents = {
  "http:": new http.Agent({ keepAlive: true, scheduling: "lifo", timeout: IDLE_SOCKET_MS }),
  "https:": new https.Agent({ keepAlive: true, scheduling: "lifo", timeout: IDLE_SOCKET_MS }),
};

/**
 * Bodies up to this size are read whole before the Response is made: cheaper than a stream, and a body cut
 * short then fails the fetch itself (a `NetworkError` that `@picterra/retry` can retry) rather than its read.
 */
const BUFFERED_BODY_LIMIT = 1024 * 1024;

// Statuses whose Response must have a null body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch for API calls over `node:http(s)` with a keep-alive agent: measured faster per call than Node's
 * built-in fetch, which pays for the full Fetch algorithm on every request. It takes the `Request` openapi-fetch
 * built and answers a real `Response`, so middleware sees what it would see with `fetch`. Like a fetch with
 * `redirect: "manual"`, it never follows redirects (core's transport decides where the key may go); it sends
 * no `Accept-Encoding`, so bodies come uncompressed. Bodies up to 1 MiB, of known length or chunked, are read
 * whole; larger ones stream. An abort of the request's signal rejects with the signal's reason.
 */
export async function nodeFetch(request: Request): Promise<Response> {
  const { signal } = request;
  signal.throwIfAborted();
  const url = new URL(request.url);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) throw new TypeError(`nodeFetch: unsupported protocol ${url.protocol}`);
  // No prototype: a header named `__proto__` or `constructor` is a header like any other.
  const headers: Record<string, string> = Object.create(null);
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // A light request's JSON body is already a string: no stream to read.
  const body =
    request.body === null
      ? undefined
      : typeof request.body === "string"
        ? Buffer.from(request.body)
        : Buffer.from(await request.arrayBuffer());
  if (body !== undefined) headers["content-length"] = String(body.byteLength);
  const send = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const req = send.request(url, { method: request.method, headers, agent });
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    const fail = (error: unknown) => {
      signal.removeEventListener("abort", onAbort);
      reject(signal.aborted ? signal.reason : error);
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const length = Number(res.headers["content-length"]);
      if (NULL_BODY.has(status) || request.method === "HEAD") {
        res.resume();
        signal.removeEventListener("abort", onAbort);
        resolve(toResponse(res, null, request.url));
        return;
      }
      // Large: streamed, so that core's body limit and idle timer can act on it.
      const stream = () => {
        res.once("end", () => signal.removeEventListener("abort", onAbort));
        resolve(toResponse(res, Readable.toWeb(res) as ReadableStream<Uint8Array>, request.url));
      };
      if (length > BUFFERED_BODY_LIMIT) return stream();
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size <= BUFFERED_BODY_LIMIT) return;
        // A chunked body larger than the limit: what arrived goes back in front of the rest, and it streams.
        res.pause();
        res.off("data", onData).off("error", fail).off("close", onClose).off("end", onEnd);
        res.unshift(Buffer.concat(chunks));
        stream();
      };
      const onEnd = () => {
        signal.removeEventListener("abort", onAbort);
        resolve(toResponse(res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), request.url));
      };
      // A connection that closes before the body's end (a cut chunked body) fails the fetch.
      const onClose = () => {
        if (!res.complete) fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      };
      res.on("data", onData).on("error", fail).on("close", onClose).on("end", onEnd);
    });
    req.end(body);
  });
}

function toResponse(
  res: IncomingMessage,
  body: Buffer | ReadableStream<Uint8Array> | null,
  url: string,
): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const init = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers };
  if (Buffer.isBuffer(body)) return new BufferedResponse(body, init, url);
  // A constructed Response has an empty `url`; core names URLs in errors from it.
  return withUrl(new Response(body, init), url);
}

const UNUSABLE = "Body is unusable: Body has already been read";

/**
 * A Response whose body is bytes already in memory. Giving undici's Response those bytes costs a web stream a
 * response (≈ 30 µs and its garbage, the largest cost left of a small call): this one reads them directly in
 * `text`, `json`, `arrayBuffer` and `bytes`, once, as a Response's body reads, and makes the real
 * Response only when its `body` stream, `blob`, `formData` or a clone of a read body is asked for. It is a `Response`
 * (`instanceof` holds) with the status, headers and URL node:http received.
 */
export class BufferedResponse extends Response {
  readonly #bytes: Buffer;
  readonly #url: string;
  #used = false;
  #real: Response | undefined;

  constructor(bytes: Buffer, init: { status: number; statusText: string; headers: Headers }, url: string) {
    super(null, init);
    this.#bytes = bytes;
    this.#url = url;
  }

  /** The same bytes as a real Response, made once; a body already read here is read there too. */
  #materialized(): Response {
    if (this.#real === undefined) {
      const b = this.#bytes;
      this.#real = new Response(new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as unknown as BodyInit, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
      if (this.#used) this.#real.arrayBuffer().catch(() => undefined);
    }
    return this.#real;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError(UNUSABLE);
    this.#used = true;
    return this.#bytes;
  }

  override async text(): Promise<string> {
    if (this.#real) return this.#real.text();
    return this.#take().toString("utf8");
  }

  override async json(): Promise<unknown> {
    if (this.#real) return this.#real.json();
    return JSON.parse(this.#take().toString("utf8"));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real) return this.#real.arrayBuffer();
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  // Rare on the API path, and the Blob's type is the content type as Fetch normalises it: the real Response's.
  override blob(): Promise<Blob> {
    return this.#materialized().blob();
  }

  override formData(): Promise<FormData> {
    return this.#materialized().formData();
  }

  override clone(): Response {
    if (this.#real) return withUrl(this.#real.clone(), this.#url);
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    const init = { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) };
    return new BufferedResponse(this.#bytes, init, this.#url);
  }

  static {
    // Accessors, as Response's own are (a class field would not override the prototype's getters).
    Object.defineProperties(BufferedResponse.prototype, {
      url: {
        get(this: BufferedResponse) {
          return this.#url;
        },
      },
      body: {
        get(this: BufferedResponse) {
          return this.#materialized().body;
        },
      },
      bodyUsed: {
        get(this: BufferedResponse) {
          return this.#real ? this.#real.bodyUsed : this.#used;
        },
      },
    });
  }
}

function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, "url", { value: url });
  return response;
}
