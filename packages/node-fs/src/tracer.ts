import { basename } from "node:path";
import {
  type Uploader,
  ValidationError,
  checkKeyedPolygonCollection,
  checkString,
} from "@picterra/core/machinery";
import { type DownloadOptions, downloadUrlToFile, waitOptions } from "./downloads";
import { checkGeoJsonFile, checkTargetFile } from "./input";
import { type StorageClient, uploaderFor } from "./uploads";

/** A plots file as Tracer's client takes it from node-fs: its base name, and an Uploader that streams it. */
export interface PlotsFileOnDisk {
  /** The file's base name, as the commit names it. */
  filename: string;
  /** The file, streamed from disk. */
  body: Uploader;
}

/** Options every Tracer call here passes on: `signal`, `onPoll` with each polled operation, the wait's `timeoutMs`. */
interface WaitOptions {
  signal?: AbortSignal;
  onPoll?: (operation: never) => void;
  /** How long the wait for the operation may last as a whole (core's `WaitOptions.timeoutMs`; default 24 h). */
  timeoutMs?: number;
}

/**
 * The part of `@picterra/tracer`'s `TracerClient` these functions use: a structural type, so that node-fs
 * never depends on `@picterra/tracer` (Forge-only users do not install it).
 */
export interface TracerFilesClient extends StorageClient {
  /** `TracerClient.createPlotsGroup`. */
  createPlotsGroup(
    name: string,
    methodologyId: string,
    plotsFiles: PlotsFileOnDisk[],
    options?: WaitOptions & { columns?: Record<string, string | number | boolean | null> },
  ): Promise<string>;
  /** `TracerClient.updatePlotsGroupPlots`. */
  updatePlotsGroupPlots(
    plotsGroupId: string,
    plotsFiles: PlotsFileOnDisk[],
    options?: WaitOptions & { deleteExistingPlots?: boolean },
  ): Promise<unknown>;
  /** `TracerClient.getPlotsGroupExportUrl`. */
  getPlotsGroupExportUrl(
    plotsGroupId: string,
    format: "excel" | "geojson",
    options?: WaitOptions,
  ): Promise<string>;
}

/**
 * Checks plots files on disk before any request (each a GeoJSON FeatureCollection of Polygon/MultiPolygon
 * features with a string `properties.plot_id`) and makes each a name and a streaming Uploader.
 */
async function plotsFilesOnDisk(
  client: StorageClient,
  filenames: readonly string[],
): Promise<PlotsFileOnDisk[]> {
  if (!Array.isArray(filenames) || filenames.length === 0) {
    throw new ValidationError("filenames must be a non-empty array of paths to plots files (GeoJSON)");
  }
  const checked = await Promise.all(
    filenames.map((filename, i) =>
      checkGeoJsonFile(`filenames[${i}]`, filename, (what, value) =>
        checkKeyedPolygonCollection(what, value, "plot_id"),
      ),
    ),
  );
  return checked.map((file) => ({ filename: basename(file.path), body: uploaderFor(file, client) }));
}

/**
 * Creates a plots group of a methodology from plots files on disk (streamed, each named by its base name),
 * and returns its id. `columns` gives the group's custom columns.
 */
export async function createPlotsGroup(
  client: TracerFilesClient,
  name: string,
  methodologyId: string,
  filenames: readonly string[],
  options: WaitOptions & { columns?: Record<string, string | number | boolean | null> } = {},
): Promise<string> {
  const files = await plotsFilesOnDisk(client, filenames);
  return client.createPlotsGroup(name, methodologyId, files, options);
}

/**
 * Adds plots files on disk to a plots group (plots with the same `plot_id` are replaced), or with
 * `deleteExistingPlots` replaces all of its plots; returns the finished operation.
 */
export async function updatePlotsGroupPlots(
  client: TracerFilesClient,
  plotsGroupId: string,
  filenames: readonly string[],
  options: WaitOptions & { deleteExistingPlots?: boolean } = {},
): Promise<unknown> {
  const files = await plotsFilesOnDisk(client, filenames);
  return client.updatePlotsGroupPlots(plotsGroupId, files, options);
}

/**
 * Exports a plots group ("geojson" or "excel") to a file: Tracer's export operation, then its file streamed to
 * `filename`, atomically (a temporary file beside it, renamed into place only when complete).
 */
export async function downloadPlotsGroupToFile(
  client: TracerFilesClient,
  plotsGroupId: string,
  format: "excel" | "geojson",
  filename: string,
  options: DownloadOptions & Pick<WaitOptions, "onPoll" | "timeoutMs"> = {},
): Promise<void> {
  const target = await checkTargetFile("filename", filename);
  const { signal, onPoll, timeoutMs } = options;
  const url = await client.getPlotsGroupExportUrl(
    plotsGroupId,
    format,
    waitOptions<never>(signal, onPoll, timeoutMs),
  );
  await downloadUrlToFile(client, url, target, options);
}

/**
 * Downloads one of a report's artifacts (an entry of `getPlotsAnalysisReport(id).artifacts`) to `filename`:
 * streamed from its signed URL (no API key) to a temporary file beside it, renamed into place only when
 * complete, in bounded memory whatever its size; the client's storage settings apply (idle timeout, retries).
 */
export async function downloadPlotsAnalysisReportArtifactToFile(
  client: StorageClient,
  artifact: { download_url?: unknown },
  filename: string,
  options: DownloadOptions = {},
): Promise<void> {
  const target = await checkTargetFile("filename", filename);
  const url = checkString("artifact.download_url", artifact?.download_url);
  await downloadUrlToFile(client, url, target, options);
}
