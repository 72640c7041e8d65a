import type { PathsWithMethod } from "openapi-typescript-helpers";
import { drain } from "./bodies";
import { InvalidResponseError, UploadError, ValidationError } from "./errors";
import { type OperationRef, type OperationState, type WaitOptions, waitForOperation } from "./operations";
import { putWithXhr, storageFetch } from "./storage-fetch";
import type { AnyTransport, HttpMethod, PathInit, Transport } from "./transport";
import { show } from "./validate";

/** How many bytes of a transfer have gone; `total` is undefined when the size is not known in advance. */
export interface Progress {
  /** How many bytes have gone so far. */
  loaded: number;
  /** How many bytes the transfer moves in all, or undefined when that is not known in advance (a stream). */
  total: number | undefined;
}

/** Options of a byte transfer to or from storage. */
export interface TransferOptions {
  /** Aborts the transfer at once. */
  signal?: AbortSignal;
  /** Called as bytes go (at least once at the start and once at the end). */
  onProgress?: (progress: Progress) => void;
}

/**
 * A custom way to PUT bytes to a signed storage URL. `@picterra/node-fs` passes one that streams a file with
 * `node:http`; anything else that can PUT bytes works. It must not send the API key.
 */
export interface Uploader {
  /** Size in bytes, when known (for progress). */
  readonly size?: number;
  /** PUTs the bytes to `url` and resolves once storage has answered with a 2xx status. */
  put(url: string, options: TransferOptions): Promise<void>;
}

/** Bytes in a form `fetch` can send as a body. A string is not accepted: it is too often a file's path. */
export type UploadSource = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;

/** What the upload methods accept: bytes, or an `Uploader` that moves them itself. */
export type UploadBody = UploadSource | Uploader;

/** Options of every upload: the transfer's, and the wait for the operation that follows. */
export interface UploadOptions<Op = OperationState> extends WaitOptions<Op> {
  /** Called as bytes go out to storage. */
  onProgress?: (progress: Progress) => void;
  /**
   * Called with the id the create step returned (a raster's id for `uploadRaster`), and awaited, before any
   * byte goes out: e.g. to write it to a journal, so that a process killed mid-upload can find it again.
   */
  onCreated?: (id: string) => void | Promise<void>;
}

/** One API call, described as data: a method, a path template of the document, its parameters and body. */
export interface ApiCall<Paths extends {}, M extends HttpMethod = HttpMethod> {
  /** The path template of the document, e.g. `"/rasters/{raster_id}/commit/"`. */
  path: PathsWithMethod<Paths, M>;
  /** The call's parameters, as openapi-fetch takes them. */
  params?: {
    /** The values of the path template's `{names}`. */
    path?: Record<string, string>;
    /** The query string's parameters. */
    query?: Record<string, unknown>;
  };
  /** The JSON body, when the call sends one. */
  body?: unknown;
}

/** The create step of a signed-URL upload, and where its answer holds the signed URL and the id. */
export interface UploadTargetCall<Paths extends {}> extends ApiCall<Paths, "post"> {
  /** The answer's fields: `upload_url` and `upload_id` (or `raster_id`...). */
  fields: {
    /** The answer's member that holds the signed URL to PUT the bytes to, e.g. `upload_url`. */
    url: string;
    /** The answer's member that holds the id the commit needs, e.g. `upload_id` or `raster_id`. */
    id: string;
  };
}

/**
 * A signed-URL upload described as data: create → PUT the bytes (no API key) → commit → wait. `discard`
 * deletes what the create step made when the upload fails before its commit went through.
 */
export interface SignedUpload<Paths extends {}> {
  /** What is uploaded, for messages: "raster", "detection areas", ... */
  what: string;
  /** The call that creates the upload and answers its signed URL and id. */
  create: UploadTargetCall<Paths>;
  /** The call that commits the upload with the created id; it answers the `OperationRef` the upload waits for. */
  commit: (id: string) => ApiCall<Paths, "post">;
  /** The call that deletes what the create step made, when the API has one; left out, a failed upload leaves it. */
  discard?: (id: string) => ApiCall<Paths, "delete">;
}

/**
 * Runs a `SignedUpload`: create, PUT the bytes, commit, wait for the operation. Returns the id from the create
 * step and the finished operation. A failure after the create step deletes what it made (when the upload can)
 * and is an `UploadError` carrying the id; an abort stays the signal's reason.
 */
export async function signedUpload<Paths extends {}, Op extends OperationState = OperationState>(
  transport: Transport<Paths>,
  upload: SignedUpload<Paths>,
  body: UploadBody,
  options: UploadOptions<Op> = {},
): Promise<{
  /** The id the create step returned (a raster's id, an upload's id). */
  id: string;
  /** The operation the commit started, as its last poll saw it (status `success`). */
  operation: Op;
}> {
  checkUploadBody(body);
  const id = await stageUpload(transport, upload.what, upload.create, body, options, upload.discard);
  let ref: OperationRef;
  try {
    ref = (await call(transport, "post", upload.commit(id), options.signal)) as OperationRef;
  } catch (error) {
    throw await failed(transport, upload.what, id, "commit", error, options.signal, upload.discard);
  }
  const operation = await waitForOperation<Op>(transport, ref, options);
  return { id, operation };
}

/**
 * The first half of a signed-URL upload: create, then PUT the bytes. Returns the id the commit needs, for APIs
 * whose commit names several uploads at once (Tracer's plots files).
 */
export async function stageUpload<Paths extends {}>(
  transport: Transport<Paths>,
  what: string,
  create: UploadTargetCall<Paths>,
  body: UploadBody,
  options: TransferOptions & { onCreated?: (id: string) => void | Promise<void> } = {},
  discard?: (id: string) => ApiCall<Paths, "delete">,
): Promise<string> {
  checkUploadBody(body);
  const { signal, onProgress } = options;
  const answer = (await call(transport, "post", create, signal)) as Record<string, unknown> | undefined;
  const url = answer?.[create.fields.url];
  const id = answer?.[create.fields.id];
  if (typeof url !== "string" || typeof id !== "string") {
    throw new InvalidResponseError(
      "POST",
      `${transport.apiUrl}${String(create.path).slice(1)}`,
      `answered no ${create.fields.url}/${create.fields.id} for the ${what} upload`,
    );
  }
  try {
    await options.onCreated?.(id);
    const transfer: TransferOptions = onProgress ? { signal, onProgress } : { signal };
    if (isUploader(body)) await body.put(url, transfer);
    else await putBytes(transport, url, body, transfer);
  } catch (error) {
    throw await failed(transport, what, id, "transfer", error, signal, discard);
  }
  return id;
}

/** Deletes what an upload made (best effort, not bounded by the caller's aborted signal) and says so on the error. */
async function failed<Paths extends {}>(
  transport: Transport<Paths>,
  what: string,
  id: string,
  step: "transfer" | "commit",
  error: unknown,
  signal: AbortSignal | undefined,
  discard: ((id: string) => ApiCall<Paths, "delete">) | undefined,
): Promise<unknown> {
  let removed = false;
  if (discard) {
    removed = await call(transport, "delete", discard(id)).then(
      () => true,
      () => false,
    );
  }
  if (signal?.aborted && error === signal.reason) return error;
  return new UploadError(what, id, step, removed, error);
}

function call(
  transport: AnyTransport,
  method: HttpMethod,
  step: { path: unknown; params?: PathInit["params"]; body?: unknown },
  signal?: AbortSignal,
): Promise<unknown> {
  const init = { params: step.params, body: step.body, signal };
  return transport.request(method, step.path as string, init);
}

/** True when `body` is an `Uploader` (an object with a `put` method), which moves its bytes itself. */
export function isUploader(body: unknown): body is Uploader {
  return typeof body === "object" && body !== null && typeof (body as Uploader).put === "function";
}

/** A JSON document as an upload body (GeoJSON for annotations, detection areas, AOIs, vector layers). */
export function jsonBody(value: unknown): Blob {
  return new Blob([JSON.stringify(value)], { type: "application/json" });
}

/** Bytes in a form the upload methods take as they are, or an Uploader. */
export function isUploadBody(body: unknown): body is UploadBody {
  return (
    isUploader(body) ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof ReadableStream !== "undefined" && body instanceof ReadableStream)
  );
}

/** Refuses what is not bytes before any request; a string gets a pointer to the file functions. */
export function checkUploadBody(body: unknown, what = "the data to upload"): asserts body is UploadBody {
  if (typeof body === "string") {
    throw new ValidationError(
      `${what} is a string (${show(body)}), not bytes: for a file's path, use @picterra/node-fs (e.g. uploadRaster(client, path, name))`,
    );
  }
  if (!isUploadBody(body)) {
    throw new ValidationError(`${what} must be a Blob, ArrayBuffer, typed array, ReadableStream or Uploader`);
  }
}

function sizeOf(body: UploadSource): number | undefined {
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  return undefined;
}

function isStream(body: UploadSource): body is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}

/** Core's own PUT of bytes to storage: XMLHttpRequest in a browser (it has progress events), else fetch. */
async function putBytes(
  transport: AnyTransport,
  url: string,
  body: UploadSource,
  { signal, onProgress }: TransferOptions,
): Promise<void> {
  const total = sizeOf(body);
  if (typeof XMLHttpRequest !== "undefined" && !transport.hasCustomFetch && !isStream(body)) {
    await putWithXhr(transport, url, body as Blob, { signal, onProgress }, total);
    return;
  }
  onProgress?.({ loaded: 0, total });
  let sent: BodyInit = body as BodyInit;
  let counted = 0;
  if (isStream(body) && onProgress) {
    sent = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          counted += chunk.byteLength;
          onProgress({ loaded: counted, total });
          controller.enqueue(chunk);
        },
      }),
    );
  }
  const init: RequestInit & { duplex?: "half" } = { method: "PUT", body: sent, signal };
  if (isStream(body)) init.duplex = "half";
  const response = await storageFetch(transport, url, init);
  await drain(response);
  if (!isStream(body) || !onProgress) onProgress?.({ loaded: total ?? counted, total });
}
