import { createReadStream } from "node:fs";
import {
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request as httpRequest,
} from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable, Transform, type TransformCallback, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { APIError, PicterraError, type TransferOptions, redactUrl } from "@picterra/core";
import { ProgressReporter } from "./progress";

/** Read size for files sent to storage: 1 MiB chunks moved bytes ~2× faster than the 64 KiB default. */
export const CHUNK_SIZE = 1024 * 1024;
/** How much of a storage error body is kept: enough to explain it, never a whole file. */
const ERROR_BODY_LIMIT = 4096;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A file on disk and the number of bytes of it to send. */
export interface FileToSend {
  path: string;
  size: number;
}

/**
 * PUTs a file to a signed storage URL with `node:http(s)`, streaming it from disk with a known Content-Length.
 * Never sends the API key; a non-2xx answer becomes an `APIError` whose URL has no query string.
 */
export async function httpPut(url: string, file: FileToSend, options: TransferOptions = {}): Promise<void> {
  const { signal, onProgress } = options;
  const target = storageUrl(url);
  signal?.throwIfAborted();
  const progress = new ProgressReporter(onProgress, file.size);
  progress.start();
  const req = send(target, "PUT", { "content-length": String(file.size) });
  const response = responseOf(req);
  const stop = onAbort(signal, () => req.destroy(signal?.reason));
  const source =
    file.size === 0
      ? Readable.from([])
      : createReadStream(file.path, { highWaterMark: CHUNK_SIZE, start: 0, end: file.size - 1 });
  const counter = new ByteCounter(
    progress,
    file.size,
    (n) =>
      new PicterraError(`${file.path} changed while it was uploaded: ${n} of ${file.size} bytes were read`),
  );
  // Settles with the error, if any: the response is what decides the outcome (storage may answer early).
  const sent = pipeline(source, counter, req).then(
    () => undefined,
    (error: unknown) => error ?? new Error("the upload failed"),
  );
  try {
    const res = await response;
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const body = await readSome(res);
      req.destroy();
      throw new APIError({ status, body, method: "PUT", url: redactUrl(url, false) });
    }
    res.resume();
    const error = await sent;
    if (error) throw error;
    progress.done(file.size);
  } catch (error) {
    req.destroy();
    throw failure("PUT", url, error, signal);
  } finally {
    stop();
  }
}

/**
 * GETs a signed storage URL with `node:http(s)` and pipes the body into `sink`, following up to 5 redirects
 * (never with the API key). Rejects on a non-2xx answer, a dropped connection, a body shorter than its
 * Content-Length, or an abort; `sink` is destroyed then.
 */
export async function httpGet(url: string, sink: Writable, options: TransferOptions = {}): Promise<void> {
  const { signal, onProgress } = options;
  let current = storageUrl(url);
  let req: ClientRequest | undefined;
  let res: IncomingMessage | undefined;
  const stop = onAbort(signal, () => {
    req?.destroy(signal?.reason);
    res?.destroy(signal?.reason);
  });
  try {
    signal?.throwIfAborted();
    for (let redirects = 0; ; redirects++) {
      req = send(current, "GET", {});
      req.end();
      res = await responseOf(req);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        res.resume();
        if (redirects === MAX_REDIRECTS) {
          throw new PicterraError(
            `GET ${redactUrl(url, false)} was redirected more than ${MAX_REDIRECTS} times`,
          );
        }
        current = storageUrl(new URL(location, current).href);
        continue;
      }
      if (status < 200 || status >= 300) {
        const body = await readSome(res);
        throw new APIError({ status, body, method: "GET", url: redactUrl(current.href, false) });
      }
      const total = contentLength(res.headers["content-length"]);
      const progress = new ProgressReporter(onProgress, total);
      progress.start();
      const where = redactUrl(current.href, false);
      const counter = new ByteCounter(
        progress,
        total,
        (n) => new PicterraError(`GET ${where} ended after ${n} of ${total} bytes (truncated body)`),
      );
      await pipeline(res, counter, sink);
      progress.done(counter.bytes);
      return;
    }
  } catch (error) {
    req?.destroy();
    res?.destroy();
    sink.destroy();
    throw failure("GET", current.href, error, signal);
  } finally {
    stop();
  }
}

/** Counts the bytes going through, reports progress, and fails at the end when fewer than expected arrived. */
class ByteCounter extends Transform {
  bytes = 0;

  constructor(
    private readonly progress: ProgressReporter,
    private readonly expected: number | undefined,
    private readonly short: (bytes: number) => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    try {
      this.progress.update(this.bytes);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.expected !== undefined && this.bytes !== this.expected ? this.short(this.bytes) : null);
  }
}

function storageUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PicterraError(`the storage URL is not an absolute URL: ${redactUrl(url, false)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new PicterraError(`the storage URL must be http(s), got ${parsed.protocol}`);
  }
  return parsed;
}

function send(url: URL, method: string, headers: OutgoingHttpHeaders): ClientRequest {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return request(url, { method, headers });
}

function responseOf(req: ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once("response", resolve);
    // `on`, not `once`: a second error event without a listener would crash the process.
    req.on("error", reject);
    req.once("close", () => reject(new PicterraError("the connection closed before storage answered")));
  });
}

/** The start of an error body, as text: it explains the error, and a large one must not be read whole. */
async function readSome(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // the body only explains the error
  }
  res.destroy();
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString("utf8");
}

function contentLength(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

function onAbort(signal: AbortSignal | undefined, abort: () => void): () => void {
  if (!signal) return () => {};
  signal.addEventListener("abort", abort, { once: true });
  return () => signal.removeEventListener("abort", abort);
}

/** An abort rejects with the signal's reason; socket errors say which (redacted) URL failed. */
function failure(method: string, url: string, error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof PicterraError) return error;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string") {
    return new PicterraError(`${method} ${redactUrl(url, false)} failed: ${error.message}`, { cause: error });
  }
  return error;
}
