import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { BaseContext } from "../context";
import { detail, notFound } from "../errors";
import { type Feature, featuresOf } from "../geo";
import { type Failed, failure } from "../operations";
import type { UploadKind, UploadRecord } from "../state";

/** Creates an upload and the signed URL that takes its one PUT. */
export function createUpload(
  ctx: BaseContext,
  kind: UploadKind,
  fields: Partial<UploadRecord> = {},
  id: string = randomUUID(),
): { upload: UploadRecord; uploadUrl: string } {
  const { store, storage } = ctx.emu;
  const upload: UploadRecord = {
    id,
    kind,
    file: store.newFile(kind),
    received: false,
    receiving: false,
    committed: false,
    ...fields,
  };
  store.uploads.set(upload.id, upload);
  return { upload, uploadUrl: storage.signPut(ctx.origin, `uploads/${kind}/${upload.id}`, upload) };
}

/** The upload a commit names: it must exist, be of that kind and for that object, and not be committed yet. */
export function uploadToCommit(
  ctx: BaseContext,
  id: string,
  kind: UploadKind,
  matches: (upload: UploadRecord) => boolean = () => true,
): UploadRecord {
  const upload = ctx.emu.store.uploads.get(id);
  if (!upload || upload.kind !== kind || !matches(upload)) throw notFound();
  if (upload.committed) throw detail(400, "This upload was already committed.");
  upload.committed = true;
  return upload;
}

export const NOT_UPLOADED = "the file was never uploaded: PUT it to the upload_url before committing";

/** The failure of an operation whose uploaded file is missing or not what it should be. */
export function fileFailure(message: string, apply?: () => void): Failed {
  return failure(message === NOT_UPLOADED ? "not_uploaded" : "invalid_file", message, apply);
}

/** The GeoJSON FeatureCollection an upload holds, or why it is not one. */
export async function readFeatureCollection(upload: UploadRecord): Promise<Feature[] | string> {
  if (!upload.received) return NOT_UPLOADED;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(upload.file, "utf8"));
  } catch {
    return "the file is not JSON (a GeoJSON FeatureCollection was expected)";
  }
  return featuresOf(value);
}
