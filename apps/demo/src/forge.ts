import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FeatureCollection } from "@picterra/core";
import {
  downloadRasterToFile,
  downloadResultToFeatureCollection,
  downloadVectorLayerToFile,
  setRasterDetectionAreasFromFile,
  uploadRaster,
  uploadVectorLayer,
} from "@picterra/node-fs";
import { type PixelFeatureCollection, nongeoResultToPixelFeatureCollection } from "@picterra/nongeo";
import type { DemoContext } from "./context";
import { StepError } from "./failure";
import {
  type ClassesUsed,
  type FolderGrants,
  type ProjectedResult,
  detectOnLv95,
  setOutlinesByClassId,
  shareFolder,
  whoAmI,
} from "./forge-2026";
import { type GisSummary, runGisOutputs } from "./gis-outputs";
import { writePictures } from "./picture";
import { HEIGHT, OBJECTS, type SampleFiles, WIDTH, geotiffLngLat, pngLngLat } from "./sample-data";
import { expectIds, walk } from "./steps";
import { type ClassSummary, summarize } from "./summary";

/** The files the Forge part writes. */
export interface ForgeFiles {
  /** The detections on the PNG as Picterra returns them (lon/lat), one Feature per class. */
  results: string;
  /** The same in image pixels (from @picterra/nongeo). */
  pixels: string;
  /** The PNG with the detections drawn on it. */
  svg: string;
  /** The same picture as a PNG. */
  picture: string;
}

/** What the Forge part found. */
export interface ForgeSummary {
  /** Training score, when the server reports one. */
  score: number | undefined;
  /** Per class: how many objects were detected on the PNG and their area. */
  classes: ClassSummary[];
  /** The detections on the PNG in image pixels. */
  pixels: PixelFeatureCollection;
  files: ForgeFiles;
  /** Who the key belongs to. */
  user: { userId: string; organizationId: string; organizationName: string };
  /** The folder's grants, as set and as read back. */
  grants: FolderGrants;
  /** The detector's classes, and the class id the tree outlines went to. */
  detectorClasses: ClassesUsed;
  /** How many of the PNG's result classes came through a vector layer (all of them, since 2024). */
  resultVectorLayers: number;
  /** The detections on the GeoTIFF in Swiss LV95, checked against the drawn objects. */
  projected: ProjectedResult;
  /** The folder and detector found again, and the LV95 detections as a GIS layer and a preview. */
  gis: GisSummary;
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
}

/**
 * The Forge workflow: a folder shared with the organization, a detector trained on the GeoTIFF (outlines by
 * class name, then by class id), run on the PNG and on the LV95 GeoTIFF, results through vector layers,
 * converted to pixels and drawn, and listing, markers, vector layers, detection areas and edits on the way.
 * What it creates is registered with `ctx.steps` for the clean-up.
 */
export async function runForge(ctx: DemoContext, sample: SampleFiles): Promise<ForgeSummary> {
  const { client, steps, signal, name, outDir } = ctx;
  const { step, created } = steps;
  const files: ForgeFiles = {
    results: join(outDir, "results.geojson"),
    pixels: join(outDir, "results.pixels.geojson"),
    svg: join(outDir, "detections.svg"),
    picture: join(outDir, "detections.png"),
  };

  // ---- account, folder, detector, rasters ---------------------------------------------------------------
  const user = await whoAmI(ctx);
  const folderId = await step(
    "create a folder",
    () => client.createFolder(name, { signal }),
    (id) => id,
  );
  const grants = await shareFolder(ctx, folderId, user);
  const detectorId = await step(
    "create a detector",
    () => client.createDetector({ name, detectionType: "count", outputType: "polygon", signal }),
    (id) => id,
  );
  created(`detector ${detectorId}`, () => client.deleteDetector(detectorId));

  /** Uploads a raster into the folder, named after `label`, and remembers it for the clean-up. */
  const upload = async (path: string, label: string, captured: string) => {
    const id = await uploadRaster(client, path, `${name} — ${label}`, {
      folderId,
      capturedAt: captured,
      onProgress: ctx.progress(`upload ${label}`),
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
    () => walk(() => client.listRasters({ folderId, pageSize: 1, signal })),
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
  const annotate = (type: "outline" | "training_area" | "validation_area", path: string) =>
    step(
      `set the ${type} annotations`,
      async () => {
        const geojson = JSON.parse(await readFile(path, "utf8")) as FeatureCollection;
        await client.setAnnotations(detectorId, geotiffId, type, geojson, { signal });
        return geojson.features.length;
      },
      (n) => `${n} polygon${n === 1 ? "" : "s"}${type === "outline" ? ", each with its class_name" : ""}`,
    );
  await annotate("outline", sample.outline);
  const detectorClasses = await setOutlinesByClassId(ctx, detectorId, geotiffId, sample.outline);
  await annotate("training_area", sample.trainingArea);
  await annotate("validation_area", sample.validationArea);
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
  const resultVectorLayers = await step(
    "download the result",
    async () => {
      // Since 2024 each class's detections are a vector layer of the raster, which the download reads.
      const byClass = (await client.getOperationResults(operationId, { signal })).by_class ?? [];
      await downloadResultToFeatureCollection(client, operationId, files.results, { signal });
      return { classes: byClass.length, layers: byClass.filter((c) => c.result.vector_layer_id).length };
    },
    ({ classes, layers }) => `${classes} classes, read from ${layers} vector layers → ${files.results}`,
  );
  const result = JSON.parse(await readFile(files.results, "utf8")) as FeatureCollection;
  const pixels = await step(
    "convert the result to pixels",
    async () => {
      const converted = nongeoResultToPixelFeatureCollection(result);
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

  // ---- detection on the GeoTIFF in a projected CRS --------------------------------------------------------
  const projected = await detectOnLv95(ctx, detectorId, upload, sample);
  const gis = await runGisOutputs(ctx, { folderId, detectorId }, projected);

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
  const layerFile = join(ctx.work, "vector-layer.geojson");
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
      const copy = join(ctx.work, "sample.png");
      await downloadRasterToFile(client, pngId, copy, { signal });
      return Buffer.compare(await readFile(copy), await readFile(sample.png)) === 0;
    },
    (same) => (same ? "identical to the upload" : "DIFFERS from the upload"),
  );

  return {
    score,
    classes,
    pixels,
    files,
    user: {
      userId: user.user_id,
      organizationId: user.organization_id,
      organizationName: user.organization_name,
    },
    grants,
    detectorClasses,
    resultVectorLayers: resultVectorLayers.layers,
    projected,
    gis,
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
  };
}

/** A score for display: the server may send a number or nothing. */
export function formatScore(score: unknown): string {
  return typeof score === "number" ? score.toFixed(3) : "n/a";
}
