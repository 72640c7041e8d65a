import { basename, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { APIError, OperationFailedError, type PicterraClient, type RasterMetadata } from "@picterra/core";
import { uploadRaster } from "@picterra/node-fs";
import type { Journal } from "./journal";
import { type Progress, countBytes } from "./progress";

/** What a bulk run shares between its items. */
export interface BulkRun {
  client: PicterraClient;
  /** Absent when the user asked for no journal (plain `rasters upload` without `--journal`). */
  journal: Journal | undefined;
  progress: Progress;
  signal: AbortSignal;
}

/** How each raster of a bulk upload is made. */
export interface RasterSettings extends RasterMetadata {
  multispectral?: boolean;
}

/** The name a file's raster gets: the file's base name, as Picterra's web uploader names it. */
export function rasterName(file: string): string {
  return basename(file);
}

/** The journal's name for a file: its absolute path. */
export function fileItem(file: string): string {
  return resolve(file);
}

/** The poll interval (seconds) a resumed wait keeps, whatever a server or a journal says: at most a minute. */
export const POLL_INTERVAL_LIMITS = Object.freeze({ minSeconds: 0, maxSeconds: 60, defaultSeconds: 5 });

/** A server's poll interval as a wait may use it: a finite number within POLL_INTERVAL_LIMITS. */
export function clampPollInterval(seconds: unknown): number {
  const { minSeconds, maxSeconds, defaultSeconds } = POLL_INTERVAL_LIMITS;
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return defaultSeconds;
  return Math.min(maxSeconds, Math.max(minSeconds, seconds));
}

/** The operation a journal entry names, to wait for (its poll interval clamped: journals can be old or edited). */
export function operationRef(entry: { operationId: string; pollInterval: unknown }): {
  operation_id: string;
  poll_interval: number;
} {
  return { operation_id: entry.operationId, poll_interval: clampPollInterval(entry.pollInterval) };
}

/**
 * Uploads a file once across runs: a file the journal holds as uploaded is skipped; rasters an earlier
 * (killed) run created for it are looked at first — a processed one is taken, one still processing is waited
 * for, one whose bytes never all arrived is deleted — and only then is the file uploaded, its raster id
 * journaled (`onCreated`) before any byte goes and its commit's operation (`onStarted`) before core waits for
 * it. Returns the raster id and whether it came from an earlier run.
 */
export async function uploadOnce(
  run: BulkRun,
  file: string,
  settings: RasterSettings,
): Promise<{ rasterId: string; resumed: boolean }> {
  const item = fileItem(file);
  const { journal, client, signal } = run;
  const done = journal?.last(item, "uploaded");
  if (done) return { rasterId: done.rasterId, resumed: true };
  if (journal) {
    const taken = await recover(run, journal, item, settings);
    if (taken) return { rasterId: taken, resumed: true };
    await journal.append({
      step: "upload-started",
      item,
      name: rasterName(file),
      folderId: settings.folderId,
    });
  }
  let created = "";
  const rasterId = await uploadRaster(client, file, rasterName(file), {
    ...settings,
    signal,
    onCreated: async (id) => {
      created = id;
      await journal?.append({ step: "upload-created", item, rasterId: id });
    },
    onStarted: async ({ operationId, pollInterval }) => {
      const operation = { operationId, pollInterval: clampPollInterval(pollInterval) };
      await journal?.append({ step: "upload-committed", item, rasterId: created, ...operation });
    },
    onProgress: countBytes(run.progress),
  });
  await journal?.append({ step: "uploaded", item, rasterId });
  return { rasterId, resumed: false };
}

/** Settles the rasters earlier runs made for `item`; returns the one taken, if any. */
async function recover(
  run: BulkRun,
  journal: Journal,
  item: string,
  settings: RasterSettings,
): Promise<string | undefined> {
  const { client, signal } = run;
  const entries = journal.about(item);
  const discarded = new Set(entries.flatMap((e) => (e.step === "upload-discarded" ? [e.rasterId] : [])));
  const open = entries.flatMap((e) =>
    e.step === "upload-created" && !discarded.has(e.rasterId) ? [e.rasterId] : [],
  );
  let taken: string | undefined;
  for (const rasterId of open.reverse()) {
    const status = taken ? "extra" : await settledStatus(run, journal, item, rasterId);
    if (status === "ready") {
      taken = rasterId;
      await journal.append({ step: "uploaded", item, rasterId });
      run.progress.log(`${basename(item)}: took raster ${rasterId}, uploaded by an earlier run`);
      continue;
    }
    if (status !== "gone") await client.deleteRaster(rasterId, { signal }).catch(unlessNotFound);
    await journal.append({ step: "upload-discarded", item, rasterId });
    if (status !== "gone") {
      run.progress.log(
        `${basename(item)}: deleted raster ${rasterId}, whose upload an earlier run left unfinished`,
      );
    }
  }
  if (!taken) await sweepUnjournaled(run, journal, item, entries, settings);
  return taken;
}

/** A raster's status once it is no longer processing (waiting for its commit's operation when journaled). */
async function settledStatus(
  run: BulkRun,
  journal: Journal,
  item: string,
  rasterId: string,
): Promise<"ready" | "pending" | "failed" | "gone"> {
  const { client, signal } = run;
  const raster = await client.getRaster(rasterId, { signal }).catch(unlessNotFound);
  if (!raster) return "gone";
  if (raster.status !== "processing")
    return raster.status === "ready" ? "ready" : raster.status === "failed" ? "failed" : "pending";
  const commit = journal.entries.find(
    (e) => e.step === "upload-committed" && e.item === item && e.rasterId === rasterId,
  );
  if (commit?.step === "upload-committed") {
    try {
      await client.waitForOperation(operationRef(commit), { signal });
      return "ready";
    } catch (error) {
      if (error instanceof OperationFailedError) return "failed";
      if (isNotFound(error)) return "pending";
      throw error;
    }
  }
  // Committed, but the run was killed before its operation was journaled: Picterra finishes it by itself.
  for (;;) {
    await sleep(PROCESSING_POLL_MS, undefined, { signal }).catch((error: unknown) => {
      throw signal.aborted ? signal.reason : error;
    });
    const again = await client.getRaster(rasterId, { signal }).catch(unlessNotFound);
    if (!again) return "gone";
    if (again.status !== "processing") return again.status === "ready" ? "ready" : "failed";
  }
}

const PROCESSING_POLL_MS = 5_000;

/**
 * A run killed between the create step's answer and the journal's write leaves a raster the journal never
 * heard of: still `pending` (no byte was sent), named after the file, in the same folder. When the journal
 * shows an upload started after the last raster it knows of, such rasters are deleted.
 */
async function sweepUnjournaled(
  run: BulkRun,
  journal: Journal,
  item: string,
  entries: ReturnType<Journal["about"]>,
  settings: RasterSettings,
): Promise<void> {
  const lastStart = entries.findLastIndex((e) => e.step === "upload-started");
  const lastCreate = entries.findLastIndex((e) => e.step === "upload-created");
  if (lastStart < 0 || lastStart < lastCreate) return;
  const name = rasterName(item);
  const known = new Set(journal.entries.map((e) => ("rasterId" in e ? e.rasterId : undefined)));
  const page = await run.client.listRasters({
    searchString: name,
    folderId: settings.folderId,
    signal: run.signal,
  });
  for await (const raster of page.all({ signal: run.signal })) {
    if (raster.name !== name || raster.status !== "pending" || known.has(raster.id)) continue;
    await run.client.deleteRaster(raster.id, { signal: run.signal }).catch(unlessNotFound);
    await journal.append({ step: "upload-discarded", item, rasterId: raster.id });
    run.progress.log(
      `${basename(item)}: deleted raster ${raster.id}, created by a run killed before it was journaled`,
    );
  }
}

/** Whether an error is the API's 404: what was asked about is gone (or never was). */
export function isNotFound(error: unknown): boolean {
  return error instanceof APIError && error.status === 404;
}

/** `null` for a 404 (the thing is gone), the error otherwise. */
export function unlessNotFound(error: unknown): null {
  if (isNotFound(error)) return null;
  throw error;
}
