import type { CallOptions, ForgeWaitOptions, PicterraClient, TransferOptions } from "@picterra/core";
import { writeAtomically, writeFileAtomically } from "./atomic";
import { checkTargetFile } from "./input";
import type { StorageClient } from "./uploads";
import { httpGetToFile } from "./get";

/** Options of the downloads that stream bytes to a file: `signal` aborts, `onProgress` reports bytes received. */
export type DownloadOptions = TransferOptions;

/**
 * Downloads a raster's file to `filename`: streamed to a temporary file beside it, then renamed into place
 * only when complete (an existing file is left untouched on failure).
 */
export async function downloadRasterToFile(
  client: PicterraClient,
  rasterId: string,
  filename: string,
  options: DownloadOptions = {},
): Promise<void> {
  const target = await checkTargetFile("filename", filename);
  const url = await client.getRasterDownloadUrl(rasterId, { signal: options.signal });
  await downloadUrlToFile(client, url, target, options);
}

/**
 * Downloads a detection's results to a GeoJSON file: one FeatureCollection with a Feature (MultiPolygon) per
 * class, each with `properties.class_name`. Written atomically.
 */
export async function downloadResultToFeatureCollection(
  client: PicterraClient,
  operationId: string,
  filename: string,
  options: CallOptions = {},
): Promise<void> {
  const target = await checkTargetFile("filename", filename);
  const collection = await client.downloadResultFeatureCollection(operationId, options);
  await writeFileAtomically(target, JSON.stringify(collection));
}

/** Downloads the content behind an operation's results URL (`results.url`) to a file, atomically. */
export async function downloadOperationResultsToFile(
  client: PicterraClient,
  operationId: string,
  filename: string,
  options: DownloadOptions = {},
): Promise<void> {
  const target = await checkTargetFile("filename", filename);
  const url = await client.getOperationResultsUrl(operationId, { signal: options.signal });
  await downloadUrlToFile(client, url, target, options);
}

let warnedResultToFile = false;

/**
 * Downloads a set of results (`results.url`) to a local GeoJSON file.
 * @deprecated Since Picterra's Python client 1.0.0: use `downloadResultToFeatureCollection` instead.
 */
export async function downloadResultToFile(
  client: PicterraClient,
  operationId: string,
  filename: string,
  options: DownloadOptions = {},
): Promise<void> {
  if (!warnedResultToFile) {
    warnedResultToFile = true;
    process.emitWarning(
      "downloadResultToFile is deprecated: use downloadResultToFeatureCollection instead",
      "DeprecationWarning",
      "PICTERRA_DOWNLOAD_RESULT_TO_FILE",
    );
  }
  await downloadOperationResultsToFile(client, operationId, filename, options);
}

/**
 * (beta) Downloads a vector layer to a GeoJSON file (a FeatureCollection of Polygons), as Picterra serves it
 * since 2024: the download operation's file is streamed to `filename` as it is, atomically.
 */
export async function downloadVectorLayerToFile(
  client: PicterraClient,
  vectorLayerId: string,
  filename: string,
  options: DownloadOptions & Pick<ForgeWaitOptions, "onPoll" | "timeoutMs"> = {},
): Promise<void> {
  const target = await checkTargetFile("filename", filename);
  const { signal, onPoll, timeoutMs } = options;
  const url = await client.getVectorLayerDownloadUrl(vectorLayerId, waitOptions(signal, onPoll, timeoutMs));
  await downloadUrlToFile(client, url, target, options);
}

/** Streams a signed URL into `target` atomically, with the client's storage settings (idle timeout, retries). */
export async function downloadUrlToFile(
  client: StorageClient,
  url: string,
  target: string,
  options: DownloadOptions,
): Promise<void> {
  await writeAtomically(target, (file) => httpGetToFile(url, file, client.storage, options));
}

/** A wait's options as the caller gave them: `onPoll` and `timeoutMs` only when set. */
export function waitOptions<Op>(
  signal: AbortSignal | undefined,
  onPoll: ((operation: Op) => void) | undefined,
  timeoutMs: number | undefined,
): { signal?: AbortSignal; onPoll?: (operation: Op) => void; timeoutMs?: number } {
  return { signal, ...(onPoll && { onPoll }), ...(timeoutMs !== undefined && { timeoutMs }) };
}
