import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  APIError,
  type FeatureCollection,
  type PicterraClient,
  type Progress,
  type ResultsPage,
} from "@picterra/core";
import {
  downloadRasterToFile,
  downloadResultToFeatureCollection,
  downloadVectorLayerToFile,
  setRasterDetectionAreasFromFile,
  uploadRaster,
  uploadVectorLayer,
} from "@picterra/node-fs";
import { type PixelFeatureCollection, nongeoResultToPixelFeatureCollection } from "@picterra/nongeo";
import { StepError, describe } from "./failure";
import { summarize, type ClassSummary } from "./summary";
import { writePictures } from "./picture";
import {
  HEIGHT,
  OBJECTS,
  type SampleFiles,
  WIDTH,
  geotiffLngLat,
  pngLngLat,
  writeSampleData,
} from "./sample-data";

/** What `runWorkflow` needs. */
export interface WorkflowOptions {
  /** A client for Picterra or the emulator (with the retry middleware, to survive transient faults). */
  client: PicterraClient;
  /** Where the results and pictures are written (created if needed). */
  outDir: string;
  /** Receives one line per step done. Default: nothing is logged. */
  log?: (line: string) => void;
  /** Makes a progress callback for an upload labelled `label`, e.g. `progressBar` from ./progress. */
  progress?: (label: string) => (progress: Progress) => void;
  /** Prefix of the names of everything the workflow creates, so that it can find them again. */
  name?: string;
  /** Aborts the workflow (e.g. on Ctrl-C); what was created is still cleaned up. */
  signal?: AbortSignal;
}

/** The files the workflow writes. */
export interface WorkflowFiles {
  /** The detections on the PNG as Picterra returns them (lon/lat), one Feature per class. */
  results: string;
  /** The same in image pixels (from @picterra/nongeo). */
  pixels: string;
  /** The PNG with the detections drawn on it. */
  svg: string;
  /** The same picture as a PNG. */
  picture: string;
  /** The generated inputs. */
  sample: SampleFiles;
}

/** What `runWorkflow` found, for printing and for the tests. */
export interface WorkflowSummary {
  /** Training score, when the server reports one. */
  score: number | undefined;
  /** Per class: how many objects were detected and their area. */
  classes: ClassSummary[];
  /** The detections in image pixels. */
  pixels: PixelFeatureCollection;
  files: WorkflowFiles;
  /** What the listing, marker, vector-layer and download steps saw. */
  checks: {
    rasterPages: number;
    rastersListed: number;
    detectorPages: number;
    detectorsListed: number;
    trainingRasters: number;
    markers: number;
    vectorLayers: number;
    vectorLayerFeatures: number;
    rasterDownloadMatches: boolean;
  };
  /** How many objects were deleted at the end. */
  cleanedUp: number;
}

/**
 * The whole Picterra workflow: makes the sample data, creates a folder and a detector, uploads a GeoTIFF and a
 * PNG, annotates and trains on the GeoTIFF, runs on the PNG, downloads the result, converts it to pixels,
 * draws it, and exercises listing, markers, vector layers, detection areas and edits on the way. Everything it
 * created is deleted at the end (also after a failure). Rejects with a `StepError` naming the failed step.
 */
export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowSummary> {
  const { client, outDir, signal } = options;
  const log = options.log ?? (() => {});
  const progress = options.progress ?? (() => undefined);
  const name = options.name ?? "picterra-ts demo";
  const cleanup: { what: string; run: () => Promise<void> }[] = [];
  const work = await mkdtemp(join(tmpdir(), "picterra-demo-"));

  const step = async <T>(what: string, run: () => Promise<T>, done?: (value: T) => string): Promise<T> => {
    let value: T;
    try {
      signal?.throwIfAborted();
      value = await run();
    } catch (error) {
      throw new StepError(what, error);
    }
    log(`✓ ${what}${done ? ` — ${done(value)}` : ""}`);
    return value;
  };
  /** Remembers how to delete what was just created; a 404 means it is gone already (e.g. a retried DELETE). */
  const created = (what: string, remove: () => Promise<void>) =>
    cleanup.push({
      what,
      run: () =>
        remove().catch((error) =>
          error instanceof APIError && error.status === 404 ? undefined : Promise.reject(error),
        ),
    });

  try {
    const files: WorkflowFiles = {
      results: join(outDir, "results.geojson"),
      pixels: join(outDir, "results.pixels.geojson"),
      svg: join(outDir, "detections.svg"),
      picture: join(outDir, "detections.png"),
      sample: await step(
        "make the sample data",
        async () => {
          await mkdir(outDir, { recursive: true });
          return writeSampleData(join(outDir, "sample"));
        },
        (s) => `${OBJECTS.length} objects drawn into ${s.geotiff} and ${s.png}`,
      ),
    };
    const { sample } = files;

    // ---- folder, detector, rasters ----------------------------------------------------------------------
    const folder = await step(
      "create a folder",
      () => client.createFolder(name, { signal }),
      (f) => f.id,
    );
    const detectorId = await step(
      "create a detector",
      () => client.createDetector({ name, detectionType: "count", outputType: "polygon", signal }),
      (id) => id,
    );
    created(`detector ${detectorId}`, () => client.deleteDetector(detectorId));

    const upload = async (path: string, label: string, captured: string) => {
      const id = await uploadRaster(client, path, `${name} — ${label}`, {
        folderId: folder.id,
        capturedAt: captured,
        onProgress: progress(`upload ${label}`),
        signal,
      });
      created(`raster ${id}`, () => client.deleteRaster(id));
      return id;
    };
    const geotiffId = await step(
      "upload the GeoTIFF",
      () => upload(sample.geotiff, "sample.tif", "2024-06-01T10:00:00Z"),
      (id) => id,
    );
    const pngId = await step(
      "upload the PNG (no georeference)",
      () => upload(sample.png, "sample.png", "2024-06-02T10:00:00Z"),
      (id) => id,
    );
    await step(
      "edit the PNG raster's metadata",
      async () => {
        await client.editRaster(pngId, {
          name: `${name} — sample.png (to detect on)`,
          cloudCoverage: 0,
          signal,
        });
        return client.getRaster(pngId, { signal });
      },
      (r) => `now named "${r.name}", status ${r.status}`,
    );

    const rasters = await step(
      "list the folder's rasters, one per page",
      () => walk(() => client.listRasters({ folderId: folder.id, pageSize: 1, signal })),
      (r) => `${r.items.length} rasters over ${r.pages} pages`,
    );
    expectIds("the folder's raster list", rasters.items, [geotiffId, pngId]);

    // ---- training -----------------------------------------------------------------------------------------
    await step("add the GeoTIFF to the detector", () =>
      client.addRasterToDetector(geotiffId, detectorId, { signal }),
    );
    const trainingRasters = await step(
      "list the detector's training rasters",
      () => walk(() => client.listDetectorRasters(detectorId, { signal })),
      (r) => `${r.items.length}`,
    );
    for (const [type, path] of [
      ["outline", sample.outline],
      ["training_area", sample.trainingArea],
      ["validation_area", sample.validationArea],
    ] as const) {
      await step(
        `set the ${type} annotations`,
        async () => {
          const geojson = JSON.parse(await readFile(path, "utf8")) as FeatureCollection;
          await client.setAnnotations(detectorId, geotiffId, type, geojson, { signal });
          return geojson.features.length;
        },
        (n) => `${n} polygon${n === 1 ? "" : "s"}`,
      );
    }
    await step(
      "put a marker on the training raster",
      () => client.createMarker(geotiffId, detectorId, ...geotiffLngLat([54, 40]), "a flat roof", { signal }),
      (m) => m.id,
    );
    const training = await step(
      "train the detector",
      () => client.trainDetector(detectorId, { signal }),
      (op) => `score ${formatScore(op.results?.score)}`,
    );
    const score = typeof training.results?.score === "number" ? training.results.score : undefined;
    await step(
      "rename the detector",
      async () => {
        await client.editDetector(detectorId, { name: `${name} (trained)`, signal });
        return client.getDetector(detectorId, { signal });
      },
      (d) => `"${d.name}"`,
    );

    // A second detector, so that listing detectors spans pages.
    const spareId = await step(
      "create a second detector",
      () => client.createDetector({ name: `${name} (spare)`, signal }),
      (id) => id,
    );
    created(`detector ${spareId}`, () => client.deleteDetector(spareId));
    const detectors = await step(
      "list the demo's detectors, one per page",
      () => walk(() => client.listDetectors({ searchString: name, pageSize: 1, signal })),
      (r) => `${r.items.length} detectors over ${r.pages} pages`,
    );
    expectIds("the detector list", detectors.items, [detectorId, spareId]);

    // ---- detection on the non-georeferenced PNG ------------------------------------------------------------
    await step("set the PNG's detection area (the whole image)", () =>
      setRasterDetectionAreasFromFile(client, pngId, sample.detectionArea, { signal }),
    );
    const operationId = await step(
      "run the detector on the PNG",
      () => client.runDetector(detectorId, pngId, { signal }),
      (id) => `operation ${id}`,
    );
    await step("remove the PNG's detection area", () => client.removeRasterDetectionAreas(pngId, { signal }));
    await step(
      "download the result",
      () => downloadResultToFeatureCollection(client, operationId, files.results, { signal }),
      () => files.results,
    );
    const result = JSON.parse(await readFile(files.results, "utf8")) as FeatureCollection;
    const pixels = await step(
      "convert the result to pixels",
      async () => {
        const converted = nongeoResultToPixelFeatureCollection(
          result as Parameters<typeof nongeoResultToPixelFeatureCollection>[0],
        );
        await writeFile(files.pixels, JSON.stringify(converted));
        return converted;
      },
      () => files.pixels,
    );
    const classes = summarize(result, pixels);
    await step(
      "draw the detections",
      async () => writePictures(await readFile(sample.png), WIDTH, HEIGHT, pixels, files.svg, files.picture),
      () => `${files.svg}, ${files.picture}`,
    );

    // ---- the rest of the API --------------------------------------------------------------------------------
    await step(
      "put a marker on the PNG",
      () => client.createMarker(pngId, null, ...pngLngLat([128, 96]), "the road", { signal }),
      (m) => m.id,
    );
    const markers = await step(
      "list the PNG's markers",
      () => walk(() => client.listRasterMarkers(pngId, { signal })),
      (r) => `${r.items.length}`,
    );
    const layerId = await step(
      "upload the drawn objects as a vector layer",
      () =>
        uploadVectorLayer(client, pngId, sample.pngObjects, {
          name: "drawn objects",
          color: "#ff2d95",
          signal,
        }),
      (id) => id,
    );
    created(`vector layer ${layerId}`, () => client.deleteVectorLayer(layerId));
    await step("rename the vector layer", () =>
      client.editVectorLayer(layerId, { name: "drawn objects (ground truth)", signal }),
    );
    const layers = await step(
      "list the PNG's vector layers",
      () => walk(() => client.listRasterVectorLayers(pngId, { signal })),
      (r) => r.items.map((l) => `"${l.name}"`).join(", "),
    );
    expectIds("the PNG's vector layers", layers.items, [layerId]);
    const layerFile = join(work, "vector-layer.geojson");
    const layerFeatures = await step(
      "download the vector layer",
      async () => {
        await downloadVectorLayerToFile(client, layerId, layerFile, { signal });
        return (JSON.parse(await readFile(layerFile, "utf8")) as FeatureCollection).features.length;
      },
      (n) => `${n} features`,
    );
    if (layerFeatures !== OBJECTS.length) {
      throw new StepError(
        "download the vector layer",
        new Error(`expected ${OBJECTS.length} features, got ${layerFeatures}`),
      );
    }
    const rasterDownloadMatches = await step(
      "download the PNG raster back",
      async () => {
        const copy = join(work, "sample.png");
        await downloadRasterToFile(client, pngId, copy, { signal });
        return Buffer.compare(await readFile(copy), await readFile(sample.png)) === 0;
      },
      (same) => (same ? "identical to the upload" : "DIFFERS from the upload"),
    );

    // ---- clean up -------------------------------------------------------------------------------------------
    const cleanedUp = await step(
      "clean up",
      async () => {
        let deleted = 0;
        // Newest first (a vector layer before its raster); a job that fails stays out of the list, the rest
        // are still tried by the `finally` below.
        for (let job = cleanup.pop(); job; job = cleanup.pop()) {
          await job.run();
          deleted++;
        }
        return deleted;
      },
      (n) => `deleted ${n} objects (the folder stays: the API cannot delete folders)`,
    );

    return {
      score,
      classes,
      pixels,
      files,
      checks: {
        rasterPages: rasters.pages,
        rastersListed: rasters.items.length,
        detectorPages: detectors.pages,
        detectorsListed: detectors.items.length,
        trainingRasters: trainingRasters.items.length,
        markers: markers.items.length,
        vectorLayers: layers.items.length,
        vectorLayerFeatures: layerFeatures,
        rasterDownloadMatches,
      },
      cleanedUp,
    };
  } finally {
    // After a failure: delete what was created, best effort, without hiding the error that stopped the run.
    for (let job = cleanup.pop(); job; job = cleanup.pop()) {
      await job.run().catch((error: unknown) => log(`! could not delete ${job.what}: ${describe(error)}`));
    }
    await rm(work, { recursive: true, force: true });
  }
}

/** Every item of a list, following `next()` page by page, and how many pages there were. */
async function walk<T>(first: () => Promise<ResultsPage<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  for (let page: ResultsPage<T> | null = await first(); page; page = await page.next()) {
    pages++;
    items.push(...page.results);
  }
  return { items, pages };
}

function expectIds(what: string, items: { id: string }[], ids: string[]): void {
  const found = new Set(items.map((item) => item.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new StepError(`check ${what}`, new Error(`${missing.join(", ")} not listed`));
}

/** A score for display: the server may send a number or nothing. */
export function formatScore(score: unknown): string {
  return typeof score === "number" ? score.toFixed(3) : "n/a";
}
