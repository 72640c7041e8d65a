import { ValidationError } from "./errors";
import { type WaitOptions, waitForOperation } from "./operations";
import type { Operation, OperationRef } from "./schemas";
import { type Transport, drain } from "./transport";

/** How many bytes of a transfer have gone; `total` is undefined when the size is not known in advance. */
export interface Progress {
  loaded: number;
  total: number | undefined;
}

/** Options of a byte transfer to or from storage. */
export interface TransferOptions {
  /** Aborts the transfer at once. */
  signal?: AbortSignal;
  /** Called as bytes go out (at least once at the start and once at the end). */
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

/** Bytes in a form `fetch` can send as a body. */
export type UploadSource = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | string;

/** What the upload methods accept: bytes, or an `Uploader` that moves them itself. */
export type UploadBody = UploadSource | Uploader;

/** Options of every upload: the transfer's, and the wait for the operation that follows. */
export interface UploadOptions extends WaitOptions {
  /** Called as bytes go out to storage. */
  onProgress?: (progress: Progress) => void;
}

/** The two API steps around a signed-URL transfer. */
export interface SignedUploadSteps {
  /** Asks the API for a signed URL; returns it with the id the commit needs. */
  create(signal?: AbortSignal): Promise<{ uploadUrl: string; id: string }>;
  /** Tells the API the bytes are there; returns the operation to wait for. */
  commit(id: string, signal?: AbortSignal): Promise<OperationRef>;
}

/**
 * The three-step signed-URL upload all five uploads share: create → PUT the bytes (no API key, no timeout) →
 * commit → wait for the operation. Returns the id from the create step and the finished operation.
 */
export async function uploadViaSignedUrl(
  transport: Transport,
  steps: SignedUploadSteps,
  body: UploadBody,
  options: UploadOptions = {},
): Promise<{ id: string; operation: Operation }> {
  checkUploadBody(body);
  const { signal, onProgress } = options;
  const { uploadUrl, id } = await steps.create(signal);
  const transfer: TransferOptions = onProgress ? { signal, onProgress } : { signal };
  if (isUploader(body)) await body.put(uploadUrl, transfer);
  else await putBytes(transport, uploadUrl, body, transfer);
  const ref = await steps.commit(id, signal);
  const operation = await waitForOperation(transport, ref, options);
  return { id, operation };
}

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
    typeof body === "string" ||
    isUploader(body) ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof ReadableStream !== "undefined" && body instanceof ReadableStream)
  );
}

function checkUploadBody(body: unknown): asserts body is UploadBody {
  if (!isUploadBody(body)) {
    throw new ValidationError(
      "the data to upload must be a Blob/File, ArrayBuffer, typed array, ReadableStream, string or an Uploader",
    );
  }
}

function sizeOf(body: UploadSource): number | undefined {
  if (typeof body === "string") return new TextEncoder().encode(body).byteLength;
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  return undefined;
}

/** Core's own PUT of bytes to storage: XMLHttpRequest in a browser when progress is wanted, else fetch. */
async function putBytes(
  transport: Transport,
  url: string,
  body: UploadSource,
  { signal, onProgress }: TransferOptions,
): Promise<void> {
  const total = sizeOf(body);
  if (onProgress && typeof XMLHttpRequest !== "undefined" && !transport.hasCustomFetch && !isStream(body)) {
    // fetch cannot report upload progress; a browser's XMLHttpRequest can.
    await transport.putWithXhr(url, body as XMLHttpRequestBodyInit, { signal, onProgress }, total);
    return;
  }
  onProgress?.({ loaded: 0, total });
  let sent: BodyInit = body as BodyInit;
  let counted = 0;
  if (isStream(body)) {
    sent = onProgress
      ? body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              counted += chunk.byteLength;
              onProgress({ loaded: counted, total });
              controller.enqueue(chunk);
            },
          }),
        )
      : body;
  }
  const init: RequestInit & { duplex?: "half" } = { method: "PUT", body: sent, signal };
  if (isStream(body)) init.duplex = "half";
  const response = await transport.storageFetch(url, init);
  await drain(response);
  if (!isStream(body) || !onProgress) onProgress?.({ loaded: total ?? counted, total });
}

function isStream(body: UploadSource): body is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}
