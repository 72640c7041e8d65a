import {
  CLIENT_DEFAULTS,
  type ImportRasterOptions,
  type PicterraClient,
  type UploadOptions,
  type UploadRasterOptions,
  type Uploader,
  ValidationError,
  type StorageSettings,
  type VectorLayerOptions,
  checkFeatureCollection,
  checkPolygonCollection,
} from "@picterra/core";
import { type InputFile, checkGeoJsonFile, checkInputFile } from "./input";
import { httpPut } from "./put";

/** A Picterra client as far as file transfers go: its storage settings (`PicterraClient` has them). */
export interface StorageClient {
  /** How the client moves storage bytes: idle timeout, retry policy, redaction of the key. */
  readonly storage: StorageSettings;
}

/** A client's defaults, for an uploader made without one. */
const DEFAULT_STORAGE: StorageSettings = {
  idleTimeoutMs: CLIENT_DEFAULTS.storageIdleTimeoutMs,
  retry: undefined,
  // Without a client there is no key to hide.
  redact: (value) => value,
};

/**
 * Core's upload seam for a file on disk, for any core method that takes an `UploadBody`: checks the file
 * (ValidationError) and returns an `Uploader` that streams it with a `node:http(s)` PUT, never reading it whole.
 * Pass the client to follow its storage settings (idle timeout, the retry policy of `retryingFetch()`);
 * without one, the defaults apply and nothing is retried.
 */
export async function fileUploader(filename: string, client?: StorageClient): Promise<Uploader> {
  return uploaderFor(await checkInputFile("filename", filename), client);
}

export function uploaderFor(file: InputFile, client: StorageClient | undefined): Uploader {
  const storage = client?.storage ?? DEFAULT_STORAGE;
  return {
    size: file.size,
    put: (url, options) => httpPut(url, file, storage, options),
  };
}

/**
 * Uploads a raster file (streamed from disk) and returns the new raster's id once Picterra has processed it.
 * `onProgress` reports the bytes sent; `signal` aborts the upload or the wait.
 */
export async function uploadRaster(
  client: PicterraClient,
  filename: string,
  name: string,
  options: UploadRasterOptions = {},
): Promise<string> {
  const file = await checkInputFile("filename", filename);
  if (file.size === 0) throw new ValidationError(`filename '${file.path}' is empty (0 bytes): not a raster`);
  return client.uploadRaster(uploaderFor(file, client), name, options);
}

/**
 * (experimental) Sets a raster's detection areas from a GeoJSON file: a FeatureCollection of Polygon or
 * MultiPolygon, checked before anything is sent.
 */
export async function setRasterDetectionAreasFromFile(
  client: PicterraClient,
  rasterId: string,
  filename: string,
  options: UploadOptions = {},
): Promise<void> {
  const file = await checkGeoJsonFile("filename", filename, checkPolygonCollection);
  await client.setRasterDetectionAreas(rasterId, uploaderFor(file, client), options);
}

/**
 * (experimental) Imports a raster from a remote imagery source over the AOI in a GeoJSON file (a
 * FeatureCollection of Polygon or MultiPolygon) and returns the new raster's id.
 */
export async function importRasterFromRemoteSource(
  client: PicterraClient,
  rasterName: string,
  folderId: string,
  sourceId: string,
  aoiFilename: string,
  options: ImportRasterOptions = {},
): Promise<string> {
  const file = await checkGeoJsonFile("aoiFilename", aoiFilename, checkPolygonCollection);
  return client.importRasterFromRemoteSource(
    rasterName,
    folderId,
    sourceId,
    uploaderFor(file, client),
    options,
  );
}

/** (beta) Uploads a GeoJSON file (any FeatureCollection) as a vector layer on a raster; returns the layer's id. */
export async function uploadVectorLayer(
  client: PicterraClient,
  rasterId: string,
  filename: string,
  options: VectorLayerOptions = {},
): Promise<string> {
  const file = await checkGeoJsonFile("filename", filename, checkFeatureCollection);
  return client.uploadVectorLayer(rasterId, uploaderFor(file, client), options);
}
