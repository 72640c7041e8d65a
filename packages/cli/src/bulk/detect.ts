import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailedError, type PicterraClient } from "@picterra/core";
import { downloadResultToFeatureCollection, writeFileAtomically } from "@picterra/node-fs";
import { nongeoResultToPixelFeatureCollection } from "@picterra/nongeo";
import { type Input, isNonGeoreferenced } from "./inputs";
import { type Journal, allExist } from "./journal";
import {
  type BulkRun,
  type RasterSettings,
  clampPollInterval,
  isNotFound,
  operationRef,
  uploadOnce,
} from "./upload-once";

/** What `picterra detect` adds to an input's name for its files: every one is checked free when names are given. */
export const DETECT_SUFFIXES = Object.freeze({ results: ".geojson", pixels: ".pixels.geojson" });

/** What `picterra detect` does to each input. */
export interface DetectSettings {
  detectorId: string;
  outDir: string;
  /** Also write pixel coordinates for every input, not only PNG/JPEG files. */
  pixels: boolean;
  raster: RasterSettings;
  /**
   * More files an item gets once its results are on disk (the GIS outputs of `--format` and `--preview`), made
   * from those files; returns them.
   */
  moreOutputs?: (run: BulkRun & { journal: Journal }, done: ItemResults) => Promise<string[]>;
}

/** An item whose results are on disk: what it was, its name in the output folder, its raster and operation. */
export interface ItemResults {
  input: Input;
  name: string;
  rasterId: string;
  operationId: string;
}

/** What one input ended with. */
export interface Detected {
  rasterId: string;
  operationId: string;
  /** Objects by class name (a Map: class names are the server's text). */
  counts: Map<string, number>;
  files: string[];
  /** Steps taken from the journal rather than done in this run. */
  resumed: boolean;
}

/**
 * One input through the pipeline, each step skipped when the journal holds it: upload (a file), run the
 * detector (or wait for the run an earlier process started), download the results (and pixels).
 */
export async function detectOne(
  run: BulkRun & { journal: Journal },
  input: Input,
  /** The input's name in the output folder (names.ts): its files are `<name>.geojson`, `<name>.pixels.geojson`. */
  name: string,
  settings: DetectSettings,
): Promise<Detected> {
  const { item } = input;
  let resumed = false;
  let rasterId: string;
  if (input.kind === "file") {
    const uploaded = await uploadOnce(run, input.path, settings.raster);
    rasterId = uploaded.rasterId;
    resumed ||= uploaded.resumed;
  } else {
    rasterId = input.rasterId;
  }

  const { operationId, resumed: detectResumed } = await detectOnce(run, item, rasterId, settings.detectorId);
  resumed ||= detectResumed;

  const detected = await writeResultsOnce(run, input, name, settings, operationId);
  // The GIS outputs come from the results files: a re-run with other formats or another CRS writes them
  // again without downloading anything.
  const more = settings.moreOutputs
    ? await settings.moreOutputs(run, { input, name, rasterId, operationId })
    : [];
  return {
    rasterId,
    operationId,
    ...detected,
    files: [...detected.files, ...more],
    resumed: resumed || detected.resumed,
  };
}

/** Downloads an operation's results (and pixels) once across runs: the journal says when they are on disk. */
async function writeResultsOnce(
  run: BulkRun & { journal: Journal },
  input: Input,
  name: string,
  settings: DetectSettings,
  operationId: string,
): Promise<{ counts: Map<string, number>; files: string[]; resumed: boolean }> {
  const { journal } = run;
  const { item } = input;
  const written = journal.last(item, "results-written");
  if (written?.operationId === operationId && (await allExist(written.files))) {
    const counts = new Map(Object.entries(written.counts ?? {}));
    return { counts, files: written.files, resumed: true };
  }
  const pixels = settings.pixels || (input.kind === "file" && isNonGeoreferenced(input.path));
  const { files, counts } = await downloadResults(
    run.client,
    operationId,
    join(settings.outDir, `${name}${DETECT_SUFFIXES.results}`),
    pixels ? join(settings.outDir, `${name}${DETECT_SUFFIXES.pixels}`) : undefined,
    run.signal,
  );
  await journal.append({ step: "results-written", item, operationId, files, counts: countsRecord(counts) });
  return { counts, files, resumed: false };
}

/** Runs the detector on a raster once across runs; returns the operation id. */
async function detectOnce(
  run: BulkRun & { journal: Journal },
  item: string,
  rasterId: string,
  detectorId: string,
): Promise<{ operationId: string; resumed: boolean }> {
  const { journal, client, signal } = run;
  const same = (e: { rasterId: string; detectorId: string }) =>
    e.rasterId === rasterId && e.detectorId === detectorId;
  const detected = journal.last(item, "detected");
  if (detected && same(detected)) return { operationId: detected.operationId, resumed: true };
  const started = journal.last(item, "detect-started");
  if (started && same(started)) {
    try {
      await client.waitForOperation(operationRef(started), { signal });
      await journal.append({
        step: "detected",
        item,
        rasterId,
        detectorId,
        operationId: started.operationId,
      });
      return { operationId: started.operationId, resumed: true };
    } catch (error) {
      // A run that failed, or that Picterra no longer knows, is started again; anything else stops the item.
      const again = error instanceof OperationFailedError || isNotFound(error);
      if (!again) throw error;
    }
  }
  const operationId = await client.runDetector(detectorId, rasterId, {
    signal,
    // Journaled as soon as Picterra answered the run, so that a run killed during the wait waits for it again.
    onStarted: ({ operationId, pollInterval }) =>
      journal.append({
        step: "detect-started",
        item,
        rasterId,
        detectorId,
        operationId,
        pollInterval: clampPollInterval(pollInterval),
      }),
  });
  await journal.append({ step: "detected", item, rasterId, detectorId, operationId });
  return { operationId, resumed: false };
}

/** A results FeatureCollection as the server wrote it: every field may be missing or of another type. */
interface ResultCollection {
  features?: ({ properties?: { class_name?: unknown }; geometry?: { coordinates?: unknown } } | null)[];
}

/**
 * Downloads an operation's results as one FeatureCollection to `geojson` and, when `pixels` is given, writes
 * them in pixel coordinates there too; returns the files written and the objects per class.
 */
export async function downloadResults(
  client: PicterraClient,
  operationId: string,
  geojson: string,
  pixels: string | undefined,
  signal?: AbortSignal,
): Promise<{ files: string[]; counts: Map<string, number> }> {
  await downloadResultToFeatureCollection(client, operationId, geojson, { signal });
  const collection = JSON.parse(await readFile(geojson, "utf8")) as ResultCollection;
  const files = [geojson];
  if (pixels !== undefined) {
    signal?.throwIfAborted();
    await writeFileAtomically(
      pixels,
      JSON.stringify(nongeoResultToPixelFeatureCollection(collection as never)),
    );
    files.push(pixels);
  }
  return { files, counts: countByClass(collection) };
}

/** Objects per class: the polygons of each class's MultiPolygon. A Map: class names are the server's text. */
export function countByClass(collection: ResultCollection | null): Map<string, number> {
  const counts = new Map<string, number>();
  const features = Array.isArray(collection?.features) ? collection.features : [];
  for (const feature of features) {
    const given = feature?.properties?.class_name;
    const name = typeof given === "string" ? given : "unnamed";
    const polygons = feature?.geometry?.coordinates;
    counts.set(name, (counts.get(name) ?? 0) + (Array.isArray(polygons) ? polygons.length : 0));
  }
  return counts;
}

/** Counts as JSON data (summary, journal): an object without a prototype, so "__proto__" stays a class name. */
export function countsRecord(counts: ReadonlyMap<string, number>): Record<string, number> {
  const record: Record<string, number> = Object.create(null);
  for (const [name, n] of counts) record[name] = n;
  return record;
}

/** Objects per class as a line: "12 tree, 3 building" ("no class" when there is none). */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  const parts = [...counts].map(([name, n]) => `${n} ${name}`);
  return parts.length === 0 ? "no class" : parts.join(", ");
}
