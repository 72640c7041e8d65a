// The module objects, not their functions: `http.request` is looked up at call time, so that test tools that
// patch it (nock, msw) see every call, as they see fetch's.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

// One pool of kept-alive connections per protocol, for every client of the process (as undici's global
// dispatcher is for fetch). Idle sockets are unref'd by Node, so they never keep a process alive.
const agents = {
  "http:": new http.Agent({ keepAlive: true, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, scheduling: "lifo" }),
};

/** Bodies up to this size are read whole before the Response is made (cheaper than a stream). */
const BUFFERED_BODY_LIMIT = 1024 * 1024;

// Statuses whose Response must have a null body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch for API calls over `node:http(s)` with a keep-alive agent: measured faster per call than Node's
 * built-in fetch, which pays for the full Fetch algorithm on every request. It takes the `Request` openapi-fetch
 * built and answers a real `Response`, so middleware sees what it would see with `fetch`. Like a fetch with
 * `redirect: "manual"`, it never follows redirects (core's transport decides where the key may go); it sends
 * no `Accept-Encoding`, so bodies come uncompressed. Small bodies with a known length are read whole; others
 * stream. An abort of the request's signal rejects with the signal's reason.
 */
export async function nodeFetch(request: Request): Promise<Response> {
  const { signal } = request;
  signal.throwIfAborted();
  const url = new URL(request.url);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) throw new TypeError(`nodeFetch: unsupported protocol ${url.protocol}`);
  const headers: Record<string, string> = {};
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
      if (Number.isFinite(length) && length <= BUFFERED_BODY_LIMIT) {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", fail);
        res.on("end", () => {
          signal.removeEventListener("abort", onAbort);
          resolve(toResponse(res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), request.url));
        });
        return;
      }
      // Large or of unknown length: streamed, so that core's body limit and idle timer can act on it.
      res.once("end", () => signal.removeEventListener("abort", onAbort));
      resolve(toResponse(res, Readable.toWeb(res) as ReadableStream<Uint8Array>, request.url));
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
  if (!Buffer.isBuffer(body)) {
    const response = new Response(body, init);
    // A constructed Response has an empty `url`; core names URLs in errors from it.
    Object.defineProperty(response, "url", { value: url });
    return response;
  }
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as unknown as BodyInit;
  const response = new Response(bytes, init);
  // The bytes are at hand: `text` and `json` read them directly rather than through the body's web stream
  // (undici's JSON reading was the largest cost of a page), once, as a Response's body reads.
  let read = false;
  const text = async () => {
    if (read || response.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    read = true;
    return body.toString("utf8");
  };
  Object.defineProperties(response, {
    url: { value: url },
    text: { value: text },
    json: { value: async () => JSON.parse(await text()) },
  });
  return response;
}
