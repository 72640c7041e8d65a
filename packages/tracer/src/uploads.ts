import {
  type FetchResult,
  type TransferOptions,
  type UploadBody,
  type UploadTargetCall,
  runOperation,
  stageUpload,
} from "@picterra/core/machinery";
import type { paths } from "./generated/picterra-tracer-v1";
import type { Operation, Tracer, TracerWaitOptions } from "./schemas";

/** Every Tracer file goes through one kind of upload: `POST upload/file/` → `{upload_id, upload_url}`. */
const CREATE_UPLOAD: UploadTargetCall<paths> = {
  path: "/upload/file/",
  fields: { url: "upload_url", id: "upload_id" },
};

/** A fresh upload of `body` (create, then PUT without the key); returns the `upload_id` the next call names. */
export function uploadFile(
  t: Tracer,
  what: string,
  body: UploadBody,
  options: TransferOptions = {},
): Promise<string> {
  return stageUpload(t, what, CREATE_UPLOAD, body, options);
}

/**
 * Uploads `{"plot_ids": [...]}` (a fresh upload), then makes the call `start` builds with its `upload_id` and
 * waits for the operation. The file is PUT as `application/json`, or with no Content-Type when `untyped` (the
 * analysis precheck's, as Picterra's client sends it: signed URLs may bind the type they were signed for).
 */
export async function withPlotIds(
  t: Tracer,
  plotIds: string[],
  untyped: boolean,
  start: (uploadId: string) => Promise<FetchResult>,
  options: TracerWaitOptions,
): Promise<Operation> {
  // A Blob without a type makes fetch and XMLHttpRequest send no Content-Type at all.
  const file = new Blob([JSON.stringify({ plot_ids: plotIds })], untyped ? {} : { type: "application/json" });
  const uploadId = await uploadFile(t, "plot ids", file, { signal: options.signal });
  return runOperation<Operation>(t, t.expectData(start(uploadId)), options);
}
