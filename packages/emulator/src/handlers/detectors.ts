import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { type Handler, paginate } from "../context";
import { type ClassDetections, detect } from "../detections";
import { fieldError, notFound } from "../errors";
import type { ResultsBuilder } from "../operations";
import { loadSpec } from "../spec";
import { type Feature, centroid, inPolygon, polygonsOf } from "../geo";
import type { AnnotationType, DetectorConfiguration, DetectorRecord, RasterRecord, Store } from "../state";
import { addMarker, markerJson } from "./rasters";
import { started } from "./operations";
import { createUpload, readFeatureCollection, uploadToCommit } from "./uploads";
import { defaultColor, writeChunks } from "./vector-layers";

/** A detector as the API answers it. */
export function detectorJson(d: DetectorRecord): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    configuration: { ...d.configuration },
    is_runnable: d.isRunnable,
    user_tag: d.userTag,
  };
}

function folderDetectorJson(d: DetectorRecord): Record<string, unknown> {
  return { id: d.id, name: d.name, is_runnable: d.isRunnable, user_tag: d.userTag };
}

function trainingRasterJson(r: RasterRecord): Record<string, unknown> {
  return { id: r.id, name: r.name, status: r.status, folder_id: r.folderId };
}

/** Counts of a detector's dataset, as training reports them, or why it cannot be trained. */
function trainingStats(store: Store, detector: DetectorRecord): Record<string, number> | string {
  const rasters = [...detector.trainingRasters].filter((id) => store.rasters.has(id));
  if (rasters.length === 0) return "the detector has no training rasters";
  const count = (rasterId: string, type: AnnotationType) => store.annotationsOf(detector.id, rasterId, type);
  let outlines = 0;
  let validation = 0;
  let trainingAreas = 0;
  let testingAreas = 0;
  let validationAreas = 0;
  for (const rasterId of rasters) {
    const areas = count(rasterId, "validation_area").flatMap((f) => polygonsOf(f.geometry) ?? []);
    trainingAreas += count(rasterId, "training_area").length;
    testingAreas += count(rasterId, "testing_area").length;
    validationAreas += count(rasterId, "validation_area").length;
    for (const feature of count(rasterId, "outline")) {
      outlines++;
      const first = polygonsOf(feature.geometry)?.[0];
      if (first && areas.some((area) => inPolygon(centroid(first), area))) validation++;
    }
  }
  if (outlines === 0) return "the detector has no outline annotations to learn from";
  return {
    rasters_count: rasters.length,
    training_areas_count: trainingAreas,
    assessment_areas_count: testingAreas,
    validation_areas_count: validationAreas,
    total_annotations_count: outlines,
    training_annotations_count: outlines - validation,
    validation_annotations_count: validation,
  };
}

/** A score from 50 to 95 that only depends on the dataset and the settings, so a run repeats. */
function trainingScore(stats: Record<string, number>, config: DetectorConfiguration): number {
  const key = JSON.stringify([stats, config]);
  const hash = createHash("sha256").update(key).digest().readUInt32BE(0);
  return (5000 + (hash % 4501)) / 100;
}

function multiPolygon(classes: ClassDetections[]): unknown {
  return { type: "MultiPolygon", coordinates: classes.flatMap((c) => c.polygons) };
}

export const detectorHandlers: Record<string, Handler> = {
  listDetectors: (ctx) => {
    const q = ctx.query as { search?: string; user_tag?: string; is_shared?: boolean };
    const needle = q.search?.toLowerCase();
    const all = ctx.emu.store.detectorArray();
    const detectors =
      needle === undefined && q.user_tag === undefined && q.is_shared === undefined
        ? all
        : all.filter(
            (d) =>
              (needle === undefined || d.nameLower.includes(needle)) &&
              (q.user_tag === undefined || d.userTag === q.user_tag) &&
              (q.is_shared === undefined || d.isShared === q.is_shared),
          );
    return paginate(ctx, detectors, detectorJson);
  },

  createDetector: (ctx) => {
    const { store } = ctx.emu;
    const b = ctx.body as { name?: string; configuration?: Partial<DetectorConfiguration> };
    const detector = store.addDetector(b.name ?? `Detector ${store.detectors.size + 1}`, {
      ...(loadSpec().detectorDefaults as unknown as DetectorConfiguration),
      ...b.configuration,
    });
    return { status: 201, body: detectorJson(detector) };
  },

  getDetector: (ctx) => ({
    status: 200,
    body: detectorJson(ctx.emu.store.detector(ctx.params.detector_id!)),
  }),

  editDetector: (ctx) => {
    const detector = ctx.emu.store.detector(ctx.params.detector_id!);
    const b = ctx.body as { name?: string; configuration?: Partial<DetectorConfiguration> };
    if (b.name !== undefined) {
      detector.name = b.name;
      detector.nameLower = b.name.toLowerCase();
    }
    if (b.configuration) detector.configuration = { ...detector.configuration, ...b.configuration };
    return { status: 204 };
  },

  deleteDetector: (ctx) => {
    ctx.emu.store.deleteDetector(ctx.params.detector_id!);
    return { status: 204 };
  },

  listDetectorTrainingRasters: (ctx) => {
    const { store } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id!);
    const rasters: RasterRecord[] = [];
    for (const id of detector.trainingRasters) {
      const raster = store.rasters.get(id);
      if (raster) rasters.push(raster);
    }
    return paginate(ctx, rasters, trainingRasterJson);
  },

  addRasterToDetector: (ctx) => {
    const { store } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id!);
    const raster = store.rasterField("raster_id", (ctx.body as { raster_id: string }).raster_id);
    detector.trainingRasters.add(raster.id);
    detector.folderIds.add(raster.folderId);
    return { status: 201 };
  },

  createDetectorRasterMarker: (ctx) => {
    const { detector, raster } = ctx.emu.store.trainingRaster(ctx.params.detector_id!, ctx.params.raster_id!);
    return { status: 201, body: markerJson(addMarker(ctx, raster.id, detector.id)) };
  },

  createAnnotationsUpload: (ctx) => {
    const { detector, raster } = ctx.emu.store.trainingRaster(ctx.params.detector_id!, ctx.params.raster_id!);
    const annotationType = ctx.params.annotation_type as AnnotationType;
    const { upload, uploadUrl } = createUpload(ctx, "annotations", {
      detectorId: detector.id,
      rasterId: raster.id,
      annotationType,
    });
    return { status: 201, body: { upload_url: uploadUrl, upload_id: upload.id } };
  },

  commitAnnotationsUpload: (ctx) => {
    const { store, ops } = ctx.emu;
    const { detector, raster } = store.trainingRaster(ctx.params.detector_id!, ctx.params.raster_id!);
    const type = ctx.params.annotation_type as AnnotationType;
    const upload = uploadToCommit(
      ctx,
      ctx.params.upload_id!,
      "annotations",
      (u) => u.detectorId === detector.id && u.rasterId === raster.id && u.annotationType === type,
    );
    const metadata = { detector_id: detector.id, raster_id: raster.id, annotation_type: type };
    const op = ops.start("annotations_upload", metadata, async () => {
      const features = await readFeatureCollection(upload);
      if (typeof features === "string") return { ok: false, message: features };
      const bad = features.findIndex((f) => polygonsOf(f.geometry) === null);
      if (bad !== -1) return { ok: false, message: `features[${bad}] is not a Polygon or MultiPolygon` };
      return { ok: true, apply: () => store.setAnnotations(detector.id, raster.id, type, features) };
    });
    return started(ctx, op);
  },

  trainDetector: (ctx) => {
    const { store, ops } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id!);
    // The dataset is read now: annotations changed while training runs do not count, as on the real service.
    const stats = trainingStats(store, detector);
    const config = { ...detector.configuration };
    const op = ops.start("training", { detector_id: detector.id }, () => {
      if (typeof stats === "string") return { ok: false, message: stats };
      return {
        ok: true,
        apply: () => {
          detector.isRunnable = true;
        },
        results: () => ({ score: trainingScore(stats, config), stats }),
      };
    });
    return started(ctx, op);
  },

  runDatasetRecommendation: (ctx) => {
    const detector = ctx.emu.store.detector(ctx.params.detector_id!);
    const op = ctx.emu.ops.start("dataset_recommendation", { detector_id: detector.id }, () => ({
      ok: true,
    }));
    return started(ctx, op);
  },

  runDetector: (ctx) => {
    const { store, ops, storage, options } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id!);
    const b = ctx.body as { raster_id: string; secondary_raster_id?: string };
    const raster = store.rasterField("raster_id", b.raster_id);
    if (raster.status !== "ready" || !raster.footprint)
      throw fieldError("raster_id", "The raster is not ready.");
    const metadata: Record<string, string> = {
      raster_id: raster.id,
      detector_id: detector.id,
      folder_id: raster.folderId,
    };
    if (b.secondary_raster_id !== undefined) {
      const secondary = store.rasterField("secondary_raster_id", b.secondary_raster_id);
      if (secondary.status !== "ready") throw fieldError("secondary_raster_id", "The raster is not ready.");
      metadata.secondary_raster_id = secondary.id;
    }
    detector.folderIds.add(raster.folderId);
    const classes = detect(store, detector, raster);
    const op = ops.start("detector_run", metadata, async () => {
      const all = store.newFile("result");
      await writeFile(all, JSON.stringify(multiPolygon(classes)));
      const perClass = await Promise.all(
        classes.map(async (c) => {
          const file = store.newFile("result");
          await writeFile(file, JSON.stringify(multiPolygon([c])));
          const features: Feature[] = c.polygons.map((p) => ({
            type: "Feature",
            geometry: { type: "Polygon", coordinates: p },
            properties: { class_name: c.name },
          }));
          return {
            name: c.name,
            file,
            chunks: await writeChunks(store, features, options.vectorLayerChunkSize),
          };
        }),
      );
      const layerIds: string[] = [];
      const results: ResultsBuilder = (origin) => ({
        url: storage.signGet(origin, `results/${op.id}/all.geojson`, all, "application/json"),
        by_class: perClass.map((c, i) => ({
          class: { name: c.name },
          result: {
            url: storage.signGet(origin, `results/${op.id}/class-${i}.geojson`, c.file, "application/json"),
            vector_layer_id: layerIds[i],
          },
        })),
      });
      return {
        ok: true,
        results,
        apply: () => {
          if (!store.rasters.has(raster.id)) return;
          for (const c of perClass) {
            const layer = store.addVectorLayer({
              name: `${detector.name} - ${c.name}`,
              rasterId: raster.id,
              detectorId: detector.id,
              color: defaultColor(store),
              count: classes.find((k) => k.name === c.name)?.polygons.length ?? 0,
              chunks: c.chunks,
            });
            layerIds.push(layer.id);
          }
        },
      };
    });
    return started(ctx, op);
  },
};

export const folderHandlers: Record<string, Handler> = {
  createFolder: (ctx) => {
    const folder = ctx.emu.store.addFolder((ctx.body as { name: string }).name);
    return { status: 201, body: { id: folder.id, name: folder.name } };
  },

  listFolderDetectors: (ctx) => {
    const { store } = ctx.emu;
    const folder = store.folders.get(ctx.params.folder_id!);
    if (!folder) throw notFound();
    const detectors = store.detectorArray().filter((d) => d.folderIds.has(folder.id));
    return paginate(ctx, detectors, folderDetectorJson);
  },
};
