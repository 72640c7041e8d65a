import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailedError, type PicterraClient } from "@picterra/core";
import { downloadResultToFeatureCollection, writeFileAtomically } from "@picterra/node-fs";
import { nongeoResultToPixelFeatureCollection } from "@picterra/nongeo";
import { type Input, isNonGeoreferenced } from "./inputs";
import { type Journal, allExist } from "./journal";
import { type BulkRun, type RasterSettings, isNotFound, uploadOnce } from "./upload-once";

/** What `picterra detect` does to each input. */
export interface DetectSettings {
  detectorId: string;
  outDir: string;
  /** Also write pixel coordinates for every input, not only PNG/JPEG files. */
  pixels: boolean;
  raster: RasterSettings;
}

/** What one input ended with. */
export interface Detected {
  rasterId: string;
  operationId: string;
  counts: Record<string, number>;
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
  settings: DetectSettings,
  itemOfRaster: Map<string, string>,
): Promise<Detected> {
  const { journal } = run;
  const { item } = input;
  let resumed = false;
  let rasterId: string;
  if (input.kind === "file") {
    const uploaded = await uploadOnce(run, input.path, settings.raster, itemOfRaster);
    rasterId = uploaded.rasterId;
    resumed ||= uploaded.resumed;
  } else {
    rasterId = input.rasterId;
  }
  itemOfRaster.set(rasterId, item);

  const { operationId, resumed: detectResumed } = await detectOnce(run, item, rasterId, settings.detectorId);
  resumed ||= detectResumed;

  const written = journal.last(item, "results-written");
  if (written?.operationId === operationId && (await allExist(written.files))) {
    return { rasterId, operationId, counts: written.counts, files: written.files, resumed: true };
  }
  const pixels = settings.pixels || (input.kind === "file" && isNonGeoreferenced(input.path));
  const { files, counts } = await downloadResults(
    run.client,
    operationId,
    join(settings.outDir, `${input.stem}.geojson`),
    pixels ? join(settings.outDir, `${input.stem}.pixels.geojson`) : undefined,
    run.signal,
  );
  await journal.append({ step: "results-written", item, operationId, files, counts });
  return { rasterId, operationId, counts, files, resumed };
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
      await client.waitForOperation(
        { operation_id: started.operationId, poll_interval: started.pollInterval },
        { signal },
      );
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
  const operationId = await client.runDetector(detectorId, rasterId, { signal });
  await journal.append({ step: "detected", item, rasterId, detectorId, operationId });
  return { operationId, resumed: false };
}

interface ResultCollection {
  features: { properties?: { class_name?: string }; geometry?: { coordinates?: unknown[] } }[];
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
): Promise<{ files: string[]; counts: Record<string, number> }> {
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

/** Objects per class: the polygons of each class's MultiPolygon. */
export function countByClass(collection: ResultCollection): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const feature of collection.features ?? []) {
    const name = feature.properties?.class_name ?? "unnamed";
    counts[name] = (counts[name] ?? 0) + (feature.geometry?.coordinates?.length ?? 0);
  }
  return counts;
}

/** Objects per class as a line: "12 tree, 3 building" ("no class" when there is none). */
export function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([name, n]) => `${n} ${name}`);
  return parts.length === 0 ? "no class" : parts.join(", ");
}
